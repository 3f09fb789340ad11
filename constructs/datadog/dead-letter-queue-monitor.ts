import { Monitor } from '@cdktf/provider-datadog/lib/monitor';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { checkSettings, checkSettingWhenKnown, plainString, wholeNumberIn } from '../core/setting-error';

/** Datadog metric of the visible messages in an SQS queue (from the AWS integration). */
export const SQS_VISIBLE_MESSAGES_METRIC = 'aws.sqs.approximate_number_of_messages_visible';

/** What a dead-letter alert means and what to do, for any routing of the monitor message. */
export function deadLetterMonitorBody(queueName: string): string {
  return [
    `EventBridge could not deliver {{value}} event(s) to the observability collector; they are kept in the SQS queue ${queueName}.`,
    'Fix the cause (collector down, API key rotated, rate limit), then send them again with `npm run redrive-dlq`',
    '(docs/event-forwarding.md, "Dead-letter runbook").',
  ].join('\n');
}

/** The body followed by the recipients (for example `@slack-<channel>`). */
export function deadLetterMonitorMessage(queueName: string, recipients: string): string {
  return `${deadLetterMonitorBody(queueName)}\n\n${recipients}`;
}

export interface DeadLetterQueueMonitorProps {
  /** Name of the dead-letter queue (a plain string: it goes into the monitor query). */
  readonly queueName: string;
  /**
   * Monitor message, including its recipients (e.g. `@slack-…` for warnings); built by the caller so that
   * it is routed like the account's other warnings.
   */
  readonly message: string;
  /** Monitor name. @default - "[<queue>] Events not delivered to the observability collector" */
  readonly name?: string;
  /** AWS account id the queue lives in, added to the query scope. @default - scoped by queue name only */
  readonly awsAccountId?: string;
  /** Alert when more messages than this are waiting. @default 0 (any dead-lettered event) */
  readonly criticalThresholdMessages?: number;
  /** Window the maximum is taken over, in minutes. @default 15 */
  readonly evaluationWindowMinutes?: number;
  /**
   * Alert only when the queue stayed above the threshold for the whole window (its minimum over the
   * window), instead of when it was above it at any moment (its maximum). @default false
   */
  readonly sustained?: boolean;
  /** Resources the message mentions (webhook, Slack channel, PagerDuty service object): created first. */
  readonly dependsOn?: readonly ITerraformDependable[];
  /** Delay before evaluating, in seconds: CloudWatch metrics reach Datadog late. @default 900 */
  readonly evaluationDelaySeconds?: number;
  /** Monitor priority 1 (highest) to 5. @default 3 */
  readonly priority?: number;
  /** Tags on the monitor. @default [] */
  readonly tags?: readonly string[];
}

/**
 * Watches the forwarding dead-letter queue: any event in it is an event the collector never got.
 * The monitor stays quiet when no data arrives (an idle queue stops reporting after a few hours).
 */
export class DeadLetterQueueMonitor extends Construct {
  public readonly monitor: Monitor;
  /** The metric query the monitor evaluates. */
  public readonly query: string;

  constructor(scope: Construct, id: string, props: DeadLetterQueueMonitorProps) {
    super(scope, id);
    const threshold = props.criticalThresholdMessages ?? 0;
    const windowMinutes = props.evaluationWindowMinutes ?? 15;
    const priority = props.priority ?? 3;
    checkSettings(this, [plainString('queueName', props.queueName, 'it goes into the monitor query')]);
    // Numbers may be lazy (decided after the monitor is created): checked once cdktf resolves them.
    checkSettingWhenKnown(this, threshold, (v) =>
      wholeNumberIn('criticalThresholdMessages', v, 0, 1_000_000, 'messages'),
    );
    checkSettingWhenKnown(this, windowMinutes, (v) =>
      wholeNumberIn('evaluationWindowMinutes', v, 1, 1440, 'minutes'),
    );
    checkSettingWhenKnown(this, priority, (v) => wholeNumberIn('priority', v, 1, 5));

    // Datadog lower-cases tag values, so the queue name is matched in lower case.
    const scope_ = [`queuename:${props.queueName.toLowerCase()}`];
    if (props.awsAccountId) scope_.push(`aws_account:${props.awsAccountId}`);
    const over = props.sustained ? 'min' : 'max';
    this.query = `${over}(last_${windowMinutes}m):max:${SQS_VISIBLE_MESSAGES_METRIC}{${scope_.join(',')}} > ${threshold}`;

    this.monitor = new Monitor(this, 'Resource', {
      name: props.name ?? `[${props.queueName}] Events not delivered to the observability collector`,
      type: 'query alert',
      query: this.query,
      message: props.message,
      monitorThresholds: { critical: String(threshold) },
      evaluationDelay: props.evaluationDelaySeconds ?? 900,
      notifyNoData: false,
      requireFullWindow: false,
      includeTags: true,
      priority: String(priority),
      tags: [...(props.tags ?? [])],
      dependsOn: props.dependsOn?.length ? [...props.dependsOn] : undefined,
    });
  }
}
