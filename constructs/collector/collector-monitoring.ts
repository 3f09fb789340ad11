import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { Construct } from 'constructs';
import { EncryptionKey } from '../core/encryption-key';
import { policyDocument } from '../core/policy-document';
import { DOCDB_INSTANCE_LIMITS, type DocdbInstanceClass } from './docdb-connection-limits';

const GIB = 1024 ** 3;

/** Thresholds of the collector's alarms. */
export interface CollectorAlarmThresholds {
  /** Collector or authorizer errors in 5 minutes. @default 1 */
  readonly functionErrors?: number;
  /** API 5xx responses in 5 minutes. @default 5 */
  readonly api5xx?: number;
  /** API p99 latency, in ms, three 5-minute periods in a row. @default 5000 */
  readonly apiLatencyP99Ms?: number;
  /** DocumentDB CPU, percent, three 5-minute periods in a row. @default 80 */
  readonly docdbCpuPercent?: number;
  /** DocumentDB connections as a percentage of the instance's limit. @default 80 */
  readonly docdbConnectionsPercent?: number;
  /** Free memory below this percentage of the instance's memory. @default 10 */
  readonly docdbFreeMemoryPercent?: number;
  /** Cluster volume above this size, in GiB. @default 500 */
  readonly docdbVolumeGiB?: number;
  /** Quarantined deliveries (all products and sources) in one period that raise the alarm: `central.alarms.quarantine.threshold`. */
  readonly quarantinedDeliveries: number;
  /** Period over which quarantined deliveries are counted, in minutes: `central.alarms.quarantine.periodMinutes`. */
  readonly quarantinePeriodMinutes: number;
}

/**
 * The metric the collector writes for every quarantined delivery (embedded metric format, see
 * lambda-src/collector/quarantine-metric.ts; a test checks both sides agree). The alarm watches its
 * dimensionless total; the (Product, Source) series say where they come from.
 */
export const QUARANTINE_METRIC = {
  namespace: 'Observability/Collector',
  name: 'QuarantinedDeliveries',
} as const;

export interface CollectorMonitoringProps {
  readonly accountId: string;
  readonly region: string;
  /** Prefix of alarm and topic names. */
  readonly namePrefix: string;
  /** Send alarms to this existing topic instead of creating one. @default - a KMS-encrypted topic is created */
  readonly existingTopicArn?: string;
  /** Addresses subscribed to the created topic. @default [] */
  readonly emails?: readonly string[];
  readonly collectorFunctionName: string;
  readonly authorizerFunctionName: string;
  /** The log anomaly detector, when deployed. @default - none */
  readonly anomalyDetectorFunctionName?: string;
  readonly apiName: string;
  readonly stageName: string;
  readonly clusterIdentifier: string;
  readonly instanceIdentifiers: readonly string[];
  readonly instanceClass: DocdbInstanceClass;
  /** Thresholds; the quarantine ones are `central.alarms.quarantine`, the others have defaults here. */
  readonly thresholds: CollectorAlarmThresholds;
}

/**
 * CloudWatch alarms on the collector itself (its errors and throttles, quarantined deliveries, the API's 5xx
 * and latency, the authorizer's errors, DocumentDB's CPU, connections, free memory and volume), sent to an
 * SNS topic.
 */
export class CollectorMonitoring extends Construct {
  public readonly topicArn: string;
  public readonly alarms: CloudwatchMetricAlarm[] = [];

  constructor(scope: Construct, id: string, props: CollectorMonitoringProps) {
    super(scope, id);
    const t = props.thresholds;
    this.topicArn = props.existingTopicArn ?? this.createTopic(props);

    const alarm = (
      aid: string,
      spec: {
        description: string;
        namespace: string;
        metricName: string;
        dimensions: Record<string, string>;
        statistic?: string;
        extendedStatistic?: string;
        comparisonOperator: string;
        threshold: number;
        periodSeconds?: number;
        evaluationPeriods?: number;
        treatMissingData?: string;
      },
    ) => {
      this.alarms.push(
        new CloudwatchMetricAlarm(this, aid, {
          alarmName: `${props.namePrefix}-${kebab(aid)}`,
          alarmDescription: spec.description,
          namespace: spec.namespace,
          metricName: spec.metricName,
          dimensions: spec.dimensions,
          statistic: spec.extendedStatistic ? undefined : (spec.statistic ?? 'Sum'),
          extendedStatistic: spec.extendedStatistic,
          comparisonOperator: spec.comparisonOperator,
          threshold: spec.threshold,
          period: spec.periodSeconds ?? 300,
          evaluationPeriods: spec.evaluationPeriods ?? 1,
          treatMissingData: spec.treatMissingData ?? 'notBreaching',
          alarmActions: [this.topicArn],
          okActions: [this.topicArn],
        }),
      );
    };

    const lambda = (fn: string) => ({ FunctionName: fn });
    alarm('CollectorErrors', {
      description: 'The collector failed invocations: events may be lost or retried by senders',
      namespace: 'AWS/Lambda',
      metricName: 'Errors',
      dimensions: lambda(props.collectorFunctionName),
      comparisonOperator: 'GreaterThanOrEqualToThreshold',
      threshold: t.functionErrors ?? 1,
    });
    alarm('CollectorThrottles', {
      description:
        'The collector hit its reserved concurrency (sized from DocumentDB connections): senders get 5xx',
      namespace: 'AWS/Lambda',
      metricName: 'Throttles',
      dimensions: lambda(props.collectorFunctionName),
      comparisonOperator: 'GreaterThanOrEqualToThreshold',
      threshold: 1,
    });
    alarm('AuthorizerErrors', {
      description: 'The API key authorizer failed: every request is refused while it does',
      namespace: 'AWS/Lambda',
      metricName: 'Errors',
      dimensions: lambda(props.authorizerFunctionName),
      comparisonOperator: 'GreaterThanOrEqualToThreshold',
      threshold: t.functionErrors ?? 1,
    });
    if (props.anomalyDetectorFunctionName) {
      // Scheduled and retried twice: three failures in an hour mean at least one window went unexamined.
      alarm('AnomalyDetectorErrors', {
        description: 'The log anomaly detector keeps failing: windows of application logs go unexamined',
        namespace: 'AWS/Lambda',
        metricName: 'Errors',
        dimensions: lambda(props.anomalyDetectorFunctionName),
        comparisonOperator: 'GreaterThanOrEqualToThreshold',
        threshold: 3,
        periodSeconds: 3600,
      });
    }
    const api = { ApiName: props.apiName, Stage: props.stageName };
    alarm('Api5xx', {
      description: 'The collector API answers 5xx',
      namespace: 'AWS/ApiGateway',
      metricName: '5XXError',
      dimensions: api,
      comparisonOperator: 'GreaterThanOrEqualToThreshold',
      threshold: t.api5xx ?? 5,
    });
    alarm('ApiLatency', {
      description: 'The collector API is slow (p99)',
      namespace: 'AWS/ApiGateway',
      metricName: 'Latency',
      dimensions: api,
      extendedStatistic: 'p99',
      comparisonOperator: 'GreaterThanThreshold',
      threshold: t.apiLatencyP99Ms ?? 5000,
      evaluationPeriods: 3,
    });

    alarm('Quarantine', {
      description:
        'Deliveries were quarantined (answered 202, not stored as events: no normalizer recognized them). ' +
        'See the dashboard quarantine panel; after a normalizer fix run `npm run replay-quarantine`',
      namespace: QUARANTINE_METRIC.namespace,
      metricName: QUARANTINE_METRIC.name,
      dimensions: {},
      comparisonOperator: 'GreaterThanOrEqualToThreshold',
      threshold: t.quarantinedDeliveries,
      periodSeconds: t.quarantinePeriodMinutes * 60,
    });

    const limits = DOCDB_INSTANCE_LIMITS[props.instanceClass];
    for (const instance of props.instanceIdentifiers) {
      const dims = { DBInstanceIdentifier: instance };
      alarm(`DocdbCpu-${instance}`, {
        description: `DocumentDB ${instance}: CPU high`,
        namespace: 'AWS/DocDB',
        metricName: 'CPUUtilization',
        dimensions: dims,
        statistic: 'Average',
        comparisonOperator: 'GreaterThanThreshold',
        threshold: t.docdbCpuPercent ?? 80,
        evaluationPeriods: 3,
        treatMissingData: 'missing',
      });
      alarm(`DocdbConnections-${instance}`, {
        description: `DocumentDB ${instance}: connections near the ${limits.maxConnections} limit of ${props.instanceClass}`,
        namespace: 'AWS/DocDB',
        metricName: 'DatabaseConnections',
        dimensions: dims,
        statistic: 'Maximum',
        comparisonOperator: 'GreaterThanThreshold',
        threshold: Math.floor((limits.maxConnections * (t.docdbConnectionsPercent ?? 80)) / 100),
        treatMissingData: 'missing',
      });
      alarm(`DocdbFreeMemory-${instance}`, {
        description: `DocumentDB ${instance}: little free memory (of ${limits.memoryGiB} GiB)`,
        namespace: 'AWS/DocDB',
        metricName: 'FreeableMemory',
        dimensions: dims,
        statistic: 'Minimum',
        comparisonOperator: 'LessThanThreshold',
        threshold: Math.floor((limits.memoryGiB * GIB * (t.docdbFreeMemoryPercent ?? 10)) / 100),
        evaluationPeriods: 3,
        treatMissingData: 'missing',
      });
    }
    alarm('DocdbVolume', {
      description: `DocumentDB ${props.clusterIdentifier}: stored data above the expected size (cost, TTL not working?)`,
      namespace: 'AWS/DocDB',
      metricName: 'VolumeBytesUsed',
      dimensions: { DBClusterIdentifier: props.clusterIdentifier },
      statistic: 'Maximum',
      comparisonOperator: 'GreaterThanThreshold',
      threshold: (t.docdbVolumeGiB ?? 500) * GIB,
      periodSeconds: 3600,
      treatMissingData: 'missing',
    });
  }

  private createTopic(props: CollectorMonitoringProps): string {
    const key = new EncryptionKey(this, 'TopicKey', {
      accountId: props.accountId,
      description: `Alarm topic of ${props.namePrefix}`,
      alias: `${props.namePrefix}-alarms`,
      statements: [
        {
          // CloudWatch publishes to an encrypted topic only with a key it may use (not the AWS-managed SNS key).
          sid: 'CloudWatchPublishesToEncryptedTopic',
          principals: { Service: 'cloudwatch.amazonaws.com' },
          actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
          resources: ['*'],
          conditions: { StringEquals: { 'aws:SourceAccount': props.accountId } },
        },
      ],
    });
    const topic = new SnsTopic(this, 'Topic', {
      name: `${props.namePrefix}-alarms`,
      kmsMasterKeyId: key.arn,
    });
    new SnsTopicPolicy(this, 'TopicPolicy', {
      arn: topic.arn,
      policy: policyDocument([
        {
          sid: 'CloudWatchAlarmsOfThisAccount',
          principals: { Service: 'cloudwatch.amazonaws.com' },
          actions: ['sns:Publish'],
          resources: [topic.arn],
          conditions: {
            StringEquals: { 'aws:SourceAccount': props.accountId },
            ArnLike: { 'aws:SourceArn': `arn:aws:cloudwatch:${props.region}:${props.accountId}:alarm:*` },
          },
        },
      ]),
    });
    (props.emails ?? []).forEach((email, i) => {
      new SnsTopicSubscription(this, `Email${i + 1}`, {
        topicArn: topic.arn,
        protocol: 'email',
        endpoint: email,
      });
    });
    return topic.arn;
  }
}

function kebab(id: string): string {
  return id
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/[^A-Za-z0-9-]/g, '-')
    .toLowerCase();
}
