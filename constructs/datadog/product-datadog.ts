import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { DatadogAwsIntegration } from './aws-integration';
import type { SloTimeframe } from './burn-rate';
import {
  type MonitoredService,
  type MonitorId,
  type MonitorOverride,
  namespacesForServices,
} from './catalog';
import { CollectorWebhook } from './collector-webhook';
import { NotificationRouting } from './message';
import { ProductMonitors } from './product-monitors';
import { SlackChannel } from './slack';
import { LoadBalancerSlos } from './slos';

export interface ProductDatadogProps {
  /** Product name. */
  readonly product: string;
  /** Environment of this AWS account (`prod`, `stg`); several envs of a product share one Datadog account. */
  readonly env: string;
  /** The AWS account this stack deploys into. */
  readonly awsAccountId: string;
  /** Datadog site of the product's Datadog account. */
  readonly site: string;
  /** AWS services the product uses: they select monitors, namespace filters and SLOs. */
  readonly services: readonly MonitoredService[];
  /** Slack channel for warnings and alerts, without "#". */
  readonly slackChannel: string;
  /**
   * Slack workspace name in Datadog's Slack integration.
   * @default - channels are addressed as `@slack-<channel>` and no channel integration is created
   */
  readonly slackAccount?: string;
  /**
   * Create the Slack channel's `datadog_integration_slack_channel`. Envs sharing a Datadog account must
   * create it once: the platform app lets the product's first account do it.
   * @default true (when `slackAccount` is set)
   */
  readonly createSlackChannel?: boolean;
  /**
   * PagerDuty service name registered in the Datadog account's PagerDuty integration (the platform
   * registers `<product>-<env>`): alerts of paging monitors mention `@pagerduty-<name>`.
   * @default - nothing pages; alerts go to Slack
   */
  readonly pagerdutyService?: string;
  /**
   * Resources outside this construct that messages mention, such as the PagerDuty service object:
   * created before the monitors. @default - none
   */
  readonly notificationTargets?: readonly ITerraformDependable[];
  /** Collector URL of the Datadog route, e.g. `collector.url('/webhooks/datadog')`. */
  readonly collectorUrl: string;
  /** The product's collector API key (sensitive token). */
  readonly collectorApiKey: string;
  /** Per-monitor overrides keyed by catalog id. @default - catalog defaults */
  readonly monitorOverrides?: Readonly<Partial<Record<MonitorId, MonitorOverride>>>;
  /** Catalog ids not to create. @default - none */
  readonly disabledMonitors?: readonly MonitorId[];
  /** @default 99.9 */
  readonly sloAvailabilityTargetPercent?: number;
  /** @default 99 */
  readonly sloLatencyTargetPercent?: number;
  /** @default 0.5 */
  readonly sloLatencyThresholdSeconds?: number;
  /** @default '30d' */
  readonly sloTimeframe?: SloTimeframe;
  /** Tags added to every monitor and SLO (e.g. `team:payments`). @default - none */
  readonly tags?: readonly string[];
}

/**
 * Everything Datadog needs for one product AWS account: the AWS integration, the Slack channel, the
 * collector webhook, the catalog monitors of the services in use and, behind Application Load
 * Balancers, the availability and latency SLOs.
 */
export class ProductDatadog extends Construct {
  public readonly routing: NotificationRouting;
  public readonly integration: DatadogAwsIntegration;
  public readonly webhook: CollectorWebhook;
  public readonly monitors: ProductMonitors;
  public readonly slackChannel?: SlackChannel;
  public readonly slos?: LoadBalancerSlos;

  constructor(scope: Construct, id: string, props: ProductDatadogProps) {
    super(scope, id);
    const cloudwatchScope = `aws_account:${props.awsAccountId}`;
    const tags = [...(props.tags ?? [])];

    this.webhook = new CollectorWebhook(this, 'CollectorWebhook', {
      env: props.env,
      url: props.collectorUrl,
      apiKey: props.collectorApiKey,
    });
    this.routing = new NotificationRouting({
      slackChannel: props.slackChannel,
      slackAccount: props.slackAccount,
      pagerdutyService: props.pagerdutyService,
      webhookName: this.webhook.name,
    });
    if (props.slackAccount && (props.createSlackChannel ?? true)) {
      this.slackChannel = new SlackChannel(this, 'SlackChannel', {
        slackAccount: props.slackAccount,
        channel: props.slackChannel,
      });
    }

    this.integration = new DatadogAwsIntegration(this, 'AwsIntegration', {
      awsAccountId: props.awsAccountId,
      site: props.site,
      metricNamespaces: namespacesForServices(props.services),
      accountTags: [`product:${props.product}`, `env:${props.env}`],
    });

    const notificationTargets = [
      this.webhook.resource,
      ...(this.slackChannel ? [this.slackChannel.resource] : []),
      ...(props.notificationTargets ?? []),
    ];
    this.monitors = new ProductMonitors(this, 'Monitors', {
      product: props.product,
      env: props.env,
      services: props.services,
      routing: this.routing,
      cloudwatchScope,
      overrides: props.monitorOverrides,
      disabled: props.disabledMonitors,
      tags,
      notificationTargets,
    });

    // Availability is a 5xx ratio: only Application Load Balancers report HTTP status codes.
    if (props.services.includes('alb')) {
      this.slos = new LoadBalancerSlos(this, 'Slos', {
        product: props.product,
        env: props.env,
        routing: this.routing,
        scope: cloudwatchScope,
        availabilityTargetPercent: props.sloAvailabilityTargetPercent,
        latencyTargetPercent: props.sloLatencyTargetPercent,
        latencyThresholdSeconds: props.sloLatencyThresholdSeconds,
        timeframe: props.sloTimeframe,
        tags,
        notificationTargets,
      });
    }
  }
}
