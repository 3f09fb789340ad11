import { Monitor } from '@cdktf/provider-datadog/lib/monitor';
import { ServiceLevelObjective } from '@cdktf/provider-datadog/lib/service-level-objective';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { type SlosSettings, slosConfig } from '../../stacks/config/datadog';
import { parseSettingGroup } from '../core/setting-error';
import { FAST_BURN_RATE } from './burn-rate';
import type { NotificationRouting } from './notification-routing';

export type { SloTimeframe } from './burn-rate';

/**
 * The targets are `datadog.slos` of platform.yaml (availabilityTargetPercent 99.9, latencyTargetPercent 99,
 * latencyThresholdSeconds 0.5, timeframe 30d by default), typed from and checked by its schema.
 */
export interface LoadBalancerSlosProps extends SlosSettings {
  readonly product: string;
  readonly env: string;
  readonly routing: NotificationRouting;
  /** Tag filter that selects the product account's load balancer metrics, e.g. `aws_account:222222222222`. */
  readonly scope: string;
  /** Tags added to the SLOs and their alerts. @default - none */
  readonly tags?: readonly string[];
  /** What the alert messages mention: created before the alerts. @default - none */
  readonly notificationTargets?: readonly ITerraformDependable[];
}

/**
 * The two user-facing SLOs of a product behind Application Load Balancers, each with a fast-burn
 * alert routed like the catalog monitors (they page):
 * - availability: requests that did not end in a 5xx from a target or from the load balancer;
 * - latency: 5-minute slices where the p95 target response time stayed under a threshold.
 */
export class LoadBalancerSlos extends Construct {
  public readonly availability: ServiceLevelObjective;
  public readonly latency: ServiceLevelObjective;
  public readonly availabilityBurnRate: Monitor;
  public readonly latencyBurnRate: Monitor;

  constructor(scope: Construct, id: string, props: LoadBalancerSlosProps) {
    super(scope, id);
    const { availabilityTargetPercent, latencyTargetPercent, latencyThresholdSeconds, timeframe } =
      parseSettingGroup(this, '', slosConfig, {
        availabilityTargetPercent: props.availabilityTargetPercent,
        latencyTargetPercent: props.latencyTargetPercent,
        latencyThresholdSeconds: props.latencyThresholdSeconds,
        timeframe: props.timeframe,
      });
    const burnRate = FAST_BURN_RATE[timeframe];
    const s = props.scope;
    const tags = [`product:${props.product}`, `env:${props.env}`, 'service:alb', ...(props.tags ?? [])];
    const prefix = `[${props.product}-${props.env}]`;

    this.availability = new ServiceLevelObjective(this, 'Availability', {
      name: `${prefix} Availability: requests without 5xx`,
      type: 'metric',
      description: 'Requests through the load balancers that did not end in a 5xx (target or load balancer).',
      query: {
        numerator:
          `sum:aws.applicationelb.request_count{${s}}.as_count() - ` +
          `sum:aws.applicationelb.httpcode_target_5xx{${s}}.as_count() - ` +
          `sum:aws.applicationelb.httpcode_elb_5xx{${s}}.as_count()`,
        denominator: `sum:aws.applicationelb.request_count{${s}}.as_count()`,
      },
      thresholds: [{ timeframe, target: availabilityTargetPercent }],
      tags: [...tags, 'slo:availability'],
    });

    this.latency = new ServiceLevelObjective(this, 'Latency', {
      name: `${prefix} Latency: p95 under ${latencyThresholdSeconds}s`,
      type: 'time_slice',
      description: `5-minute slices where the p95 target response time stayed under ${latencyThresholdSeconds} s.`,
      sliSpecification: {
        timeSlice: {
          comparator: '<=',
          threshold: latencyThresholdSeconds,
          queryIntervalSeconds: 300,
          query: {
            formula: { formulaExpression: 'query1' },
            query: [
              {
                metricQuery: {
                  name: 'query1',
                  query: `avg:aws.applicationelb.target_response_time.p95{${s}}`,
                },
              },
            ],
          },
        },
      },
      thresholds: [{ timeframe, target: latencyTargetPercent }],
      tags: [...tags, 'slo:latency'],
    });

    const burnRateMonitor = (monitorId: string, slo: ServiceLevelObjective, what: string) =>
      new Monitor(this, monitorId, {
        name: `${prefix} ${what} SLO burning fast`,
        type: 'slo alert',
        query: `burn_rate("${slo.id}").over("${timeframe}").long_window("1h").short_window("5m") > ${burnRate}`,
        message: props.routing.message(
          `The ${what.toLowerCase()} SLO spends its ${timeframe} error budget ${burnRate}x faster than sustainable: ` +
            'at this pace it is gone within days.',
          { pages: true },
        ),
        monitorThresholds: { critical: String(burnRate), warning: String(burnRate / 2) },
        priority: '1',
        dependsOn: props.notificationTargets?.length ? [...props.notificationTargets] : undefined,
        tags: [...tags, `slo:${what.toLowerCase()}`, 'pages:true'],
      });
    this.availabilityBurnRate = burnRateMonitor('AvailabilityBurnRate', this.availability, 'Availability');
    this.latencyBurnRate = burnRateMonitor('LatencyBurnRate', this.latency, 'Latency');
  }
}
