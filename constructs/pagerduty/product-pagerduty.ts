import { Construct } from 'constructs';
import { DatadogLink } from '../core/datadog-link';
import { checkSettings } from '../core/setting-error';
import { EscalationPolicy, type EscalationTarget } from './escalation-policy';
import { IncidentWebhook } from './incident-webhook';
import { OnCallSchedule, type OnCallScheduleProps } from './on-call-schedule';
import { PagerdutyService, type ServiceUrgency } from './pagerduty-service';

/** Where the collector is reached: `CollectorLink` (constructs/core/collector-link.ts) fits. */
export interface CollectorEndpoint {
  /** The collector URL of a path such as `/webhooks/pagerduty`. */
  url(path: string): string;
  /** The product's API key (sensitive). */
  readonly apiKey: string;
}

/** A target that is one of the `schedules` created by this construct, by name. */
export interface ScheduleNameTarget {
  readonly type: 'schedule-name';
  readonly name: string;
}

export interface ProductEscalationRule {
  /** Minutes before an unacknowledged incident escalates away from this level (PagerDuty's minimum is 1). */
  readonly delayMinutes: number;
  readonly targets: readonly (EscalationTarget | ScheduleNameTarget)[];
}

/** Collector path of PagerDuty webhooks. */
export const PAGERDUTY_WEBHOOK_PATH = '/webhooks/pagerduty';

export interface ProductPagerdutyProps {
  /** Product name. */
  readonly product: string;
  /** Environment of the product account (each account stack gets its own service). */
  readonly env: string;
  /** Escalation levels, first notified first. */
  readonly rules: readonly ProductEscalationRule[];
  /**
   * How many times the escalation policy repeats when nobody acknowledges.
   * @default 0
   */
  readonly loops?: number;
  /**
   * On-call schedules to create, which rules can target by name (`{ type: 'schedule-name' }`).
   * Each is named `<serviceName> <name> (<env>)` in PagerDuty.
   * @default - none
   */
  readonly schedules?: readonly OnCallScheduleProps[];
  /**
   * Base name of the PagerDuty service and escalation policy; the env is appended: `<serviceName> (<env>)`.
   * @default - the product name
   */
  readonly serviceName?: string;
  /** @default - "Incidents of <product> (<env>) that hurt users." */
  readonly description?: string;
  /**
   * Seconds before an acknowledged, still open incident triggers again; `null` disables it.
   * @default 1800
   */
  readonly acknowledgementTimeoutSeconds?: number | null;
  /**
   * Seconds before an open incident is resolved automatically; `null` disables it.
   * @default 14400
   */
  readonly autoResolveTimeoutSeconds?: number | null;
  /** @default - always high */
  readonly urgency?: ServiceUrgency;
  /**
   * Name of the service in the product's Datadog account (monitors mention `@pagerduty-<name>`).
   * @default - `<product>-<env>`, the stack name
   */
  readonly datadogServiceName?: string;
  /**
   * See `DatadogLinkProps.accountIntegrationSubdomain`.
   * @default - the Datadog account's PagerDuty integration is not managed here
   */
  readonly accountIntegrationSubdomain?: string;
  /** The collector that receives incident webhooks. */
  readonly collector: CollectorEndpoint;
}

/**
 * Everything PagerDuty for one product account: optional on-call schedules, the escalation policy, the
 * service, the Datadog link (so monitors can page it) and the incident webhook to the collector, each wired
 * to the next by reference.
 */
export class ProductPagerduty extends Construct {
  public readonly schedules: Readonly<Record<string, OnCallSchedule>>;
  public readonly escalationPolicy: EscalationPolicy;
  public readonly service: PagerdutyService;
  public readonly datadogLink: DatadogLink;
  public readonly incidentWebhook: IncidentWebhook;

  constructor(scope: Construct, id: string, props: ProductPagerdutyProps) {
    super(scope, id);
    const base = props.serviceName ?? props.product;
    const label = `${base} (${props.env})`;

    const schedules: Record<string, OnCallSchedule> = {};
    for (const schedule of props.schedules ?? []) {
      checkSettings(this, [
        schedules[schedule.name] && {
          setting: 'schedules',
          value: schedule.name,
          allowed: 'must define each schedule name once',
        },
      ]);
      schedules[schedule.name] = new OnCallSchedule(this, `Schedule-${schedule.name}`, {
        ...schedule,
        name: `${base} ${schedule.name} (${props.env})`,
      });
    }
    this.schedules = schedules;

    this.escalationPolicy = new EscalationPolicy(this, 'EscalationPolicy', {
      name: label,
      loops: props.loops,
      rules: props.rules.map((rule) => ({
        delayMinutes: rule.delayMinutes,
        targets: rule.targets.map((target): EscalationTarget => {
          if (target.type !== 'schedule-name') return target;
          const schedule = schedules[target.name];
          if (!schedule) {
            const known = Object.keys(schedules);
            checkSettings(this, [
              {
                setting: 'rules',
                value: target.name,
                allowed: `must name a defined schedule (defined: ${known.length ? known.join(', ') : 'none'})`,
              },
            ]);
          }
          return { type: 'schedule', id: schedule.scheduleId };
        }),
      })),
    });

    this.service = new PagerdutyService(this, 'Service', {
      name: label,
      description: props.description ?? `Incidents of ${props.product} (${props.env}) that hurt users.`,
      escalationPolicyId: this.escalationPolicy.policyId,
      acknowledgementTimeoutSeconds: props.acknowledgementTimeoutSeconds,
      autoResolveTimeoutSeconds: props.autoResolveTimeoutSeconds,
      urgency: props.urgency,
    });

    this.datadogLink = new DatadogLink(this, 'DatadogLink', {
      serviceId: this.service.serviceId,
      datadogServiceName: props.datadogServiceName ?? `${props.product}-${props.env}`,
      accountIntegrationSubdomain: props.accountIntegrationSubdomain,
    });

    this.incidentWebhook = new IncidentWebhook(this, 'IncidentWebhook', {
      serviceId: this.service.serviceId,
      url: props.collector.url(PAGERDUTY_WEBHOOK_PATH),
      apiKey: props.collector.apiKey,
      description: `Incidents of ${label} to the observability collector`,
    });
  }
}
