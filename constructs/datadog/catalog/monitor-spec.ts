// The shape of one catalog entry: a Datadog metric monitor described as data, independent of any product.

/** AWS services the catalog covers; a product enables the monitors of the services it uses. */
export const MONITORED_SERVICES = [
  'ec2',
  'alb',
  'nlb',
  'rds',
  'ecs',
  'ebs',
  'lambda',
  'sqs',
  'dynamodb',
  'elasticache',
  'natgateway',
  'apigateway',
  'cloudfront',
] as const;

export type MonitoredService = (typeof MONITORED_SERVICES)[number];

/** Which side of the threshold is bad. */
export type ThresholdDirection = 'above' | 'below';

/** Alert thresholds keyed by severity, in the unit of the query's result. */
export interface MonitorThresholds {
  /** Crossing it triggers ALERT (Slack, and PagerDuty when the monitor pages). */
  readonly critical: number;
  /** Crossing it triggers WARN (Slack only). Must lie on the good side of `critical`. @default - no warning */
  readonly warning?: number;
}

/**
 * Where the metric comes from. CloudWatch metrics are crawled by the AWS integration and arrive late;
 * agent metrics come from the Datadog Agent (EC2 hosts, Fargate sidecars) in near real time.
 */
export type MetricSource = 'cloudwatch' | 'agent';

/** Time aggregation over the evaluation window (the `avg` of `avg(last_5m):...`). */
export type TimeAggregation = 'avg' | 'max' | 'min' | 'sum';

export interface MonitorSpec {
  /** AWS service the monitor belongs to; it is created only when the product uses that service. */
  readonly service: MonitoredService;
  /** Human title, without product or env (those are prefixed per stack). */
  readonly name: string;
  /** Datadog monitor type: every catalog monitor is a metric query. */
  readonly type: 'query alert';
  /** The main metric, for the catalog docs (it must appear in `query`). */
  readonly metric: string;
  /**
   * Metric query without time aggregation, window or comparator. `$scope` is replaced by the tag filter
   * that selects the product account (e.g. `aws_account:222222222222`).
   */
  readonly query: string;
  readonly timeAggregation: TimeAggregation;
  /** Evaluation window in minutes (rendered as `last_<n>m`). */
  readonly windowMinutes: number;
  readonly direction: ThresholdDirection;
  readonly thresholds: MonitorThresholds;
  /** Unit of the thresholds, for humans (docs and messages). */
  readonly unit: string;
  /** Datadog priority, 1 (highest) to 5. */
  readonly priority: 1 | 2 | 3 | 4 | 5;
  /** User-impacting: an ALERT pages the product's PagerDuty service. */
  readonly pages: boolean;
  /** @default 'cloudwatch' */
  readonly source?: MetricSource;
  /**
   * The metric has no data points while nothing happens (CloudWatch error counts): evaluate partial
   * windows (`require_full_window = false`) instead of skipping them. @default false
   */
  readonly sparse?: boolean;
  /**
   * Alert when the metric stops reporting for this many minutes. Only where silence itself means trouble
   * (a load balancer that stops reporting healthy targets). @default - no no-data alert
   */
  readonly noDataMinutes?: number;
  /** What it means and what to look at first; the first lines of the notification. */
  readonly description: string;
  /** Extra monitor tags, such as the golden signal it watches (`signal:errors`). @default - none */
  readonly tags?: readonly string[];
}

/** Per-product changes to one catalog monitor; every field defaults to the catalog's value. */
export interface MonitorOverride {
  /** ALERT threshold. @default - the catalog's */
  readonly critical?: number;
  /** WARN threshold, on the good side of `critical`. @default - the catalog's */
  readonly warning?: number;
  /** Evaluation window. @default - the catalog's */
  readonly windowMinutes?: number;
  /** Seconds Datadog waits for late data. @default 900 for CloudWatch metrics, none for agent metrics */
  readonly evaluationDelaySeconds?: number;
  /** @default - the catalog's */
  readonly priority?: 1 | 2 | 3 | 4 | 5;
  /** Whether an ALERT pages. @default - the catalog's */
  readonly pages?: boolean;
}

/** Datadog's recommended evaluation delay for CloudWatch metrics, which arrive several minutes late. */
export const CLOUDWATCH_EVALUATION_DELAY_SECONDS = 900;
