import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import type { z } from 'zod';
import { deadLetterQueueConfig } from '../../stacks/config/central';
import type { SlosSettings } from '../../stacks/config/datadog';
import { DatadogLink } from '../core/datadog-link';
import { parseSettingGroup } from '../core/setting-error';
import {
  type MonitoredService,
  type MonitorId,
  type MonitorOverride,
  namespacesForServices,
} from './catalog';
import { CollectorWebhook } from './collector-webhook';
import { DatadogAwsIntegration } from './datadog-aws-integration';
import { DeadLetterQueueMonitor, deadLetterMonitorBody } from './dead-letter-queue-monitor';
import { LoadBalancerSlos } from './load-balancer-slos';
import { NotificationRouting } from './notification-routing';
import { ProductMonitors } from './product-monitors';
import { SlackChannel } from './slack-channel';

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
  /** SLO targets of products behind ALBs: `datadog.slos` of platform.yaml. @default - the schema's defaults */
  readonly slos?: SlosSettings;
  /** Tags added to every monitor and SLO (e.g. `team:payments`). @default - none */
  readonly tags?: readonly string[];
  /**
   * The platform team's PagerDuty service, paged when the platform's own wiring in this account fails
   * (the forwarding dead-letter queue stays non-empty). It is registered in this Datadog account as
   * `datadogServiceName`, which must be unique there. @default - the platform's monitors never page
   */
  readonly platformPagerduty?: PlatformPagerduty;
}

export interface PlatformPagerduty {
  /** Id of the platform (SRE) team's PagerDuty service. */
  readonly serviceId: string;
  /** Its name in this Datadog account (monitors mention `@pagerduty-<name>`). */
  readonly datadogServiceName: string;
}

/** Thresholds of the dead-letter queue monitors: `central.alarms.deadLetterQueue` of platform.yaml. */
export type DeadLetterQueueThresholds = z.input<typeof deadLetterQueueConfig>;

/** Catalog-style ids of the dead-letter monitors (their `monitor_id:` tag). */
export const DEAD_LETTER_MONITOR_IDS = {
  notify: 'forwarding.dead_letters',
  page: 'forwarding.dead_letters_stuck',
} as const;

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
  /** The platform team's PagerDuty service in this Datadog account, when `platformPagerduty` is set. */
  public readonly platformPagerduty?: DatadogLink;
  /** Tags every monitor of this construct carries: product, env and the caller's `tags`. */
  public readonly standardTags: readonly string[];
  private readonly props: ProductDatadogProps;
  private readonly notificationTargets: readonly ITerraformDependable[];

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
    this.props = props;
    this.notificationTargets = notificationTargets;
    this.standardTags = [`product:${props.product}`, `env:${props.env}`, ...tags];
    if (props.platformPagerduty) {
      this.platformPagerduty = new DatadogLink(this, 'PlatformPagerDuty', {
        serviceId: props.platformPagerduty.serviceId,
        datadogServiceName: props.platformPagerduty.datadogServiceName,
        integrationName: `Datadog (${props.product}-${props.env})`,
      });
    }
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
        ...props.slos,
        tags,
        notificationTargets,
      });
    }
  }

  /**
   * Monitors of the forwarding dead-letter queue: any dead letter notifies Slack and the collector (like
   * the product's warnings); a queue that stays non-empty for `pageAfterMinutes` also pages the platform's
   * PagerDuty service (`platformPagerduty`), since the product's events no longer reach the platform.
   */
  monitorDeadLetterQueue(
    queueName: string,
    thresholds: DeadLetterQueueThresholds = {},
  ): { readonly notify: DeadLetterQueueMonitor; readonly page?: DeadLetterQueueMonitor } {
    const { thresholdMessages, notifyWindowMinutes, pageAfterMinutes } = parseSettingGroup(
      this,
      'deadLetterQueue',
      deadLetterQueueConfig,
      thresholds,
    );
    const body = deadLetterMonitorBody(queueName);
    const common = {
      queueName,
      awsAccountId: this.props.awsAccountId,
      criticalThresholdMessages: thresholdMessages,
    };
    const tags = (id: string, pages: boolean) => [
      ...this.standardTags,
      'service:sqs',
      `monitor_id:${id}`,
      `pages:${pages}`,
    ];
    const notify = new DeadLetterQueueMonitor(this, 'DeadLetterQueue', {
      ...common,
      name: `[${this.props.product}-${this.props.env}] Events not delivered to the observability collector`,
      evaluationWindowMinutes: notifyWindowMinutes,
      message: this.routing.message(body, { pages: false }),
      tags: tags(DEAD_LETTER_MONITOR_IDS.notify, false),
      dependsOn: this.notificationTargets,
    });
    if (!this.platformPagerduty) return { notify };
    const platform = new NotificationRouting({
      slackChannel: this.props.slackChannel,
      slackAccount: this.props.slackAccount,
      pagerdutyService: this.props.platformPagerduty!.datadogServiceName,
      webhookName: this.webhook.name,
    });
    const minutes = pageAfterMinutes;
    const page = new DeadLetterQueueMonitor(this, 'DeadLetterQueueStuck', {
      ...common,
      name: `[${this.props.product}-${this.props.env}] Events stuck in the dead-letter queue for ${minutes} minutes`,
      evaluationWindowMinutes: minutes,
      sustained: true,
      priority: 2,
      message: platform.message(body, { pages: true }),
      tags: tags(DEAD_LETTER_MONITOR_IDS.page, true),
      dependsOn: [...this.notificationTargets, this.platformPagerduty.resource],
    });
    return { notify, page };
  }
}
