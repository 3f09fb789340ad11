import * as path from 'node:path';
import { SchedulerSchedule } from '@cdktf/provider-aws/lib/scheduler-schedule';
import { Construct } from 'constructs';
import { suppressCheckov } from '../core/checkov';
import { LAMBDA_SRC_DIR } from '../core/lambda-bundle';
import { NodeFunction, type NodeRuntime } from '../core/node-function';
import { schedulerInvokerRole } from '../core/scheduler-invoker-role';
import { secretReadStatements } from '../core/secret-read-statements';
import { checkSettings, wholeNumberIn } from '../core/setting-error';
import { databaseClientEnvironment } from './database-client-environment';

/** The retention function's code. */
export const DEFAULT_RAW_RETENTION_ENTRY = path.join(LAMBDA_SRC_DIR, 'retention', 'handler.ts');

export interface RawRetentionProps {
  readonly accountId: string;
  readonly region: string;
  readonly functionName: string;
  /** Days after arrival that an event keeps its raw payload. */
  readonly retentionDays: number;
  /** Products whose events are trimmed (the platform config's). */
  readonly products: readonly string[];
  readonly logRetentionDays: number;
  readonly logsKmsKeyArn: string;
  readonly subnetIds: readonly string[];
  /** The collector's: the same way to DocumentDB and the Secrets Manager endpoint. */
  readonly securityGroupIds: readonly string[];
  readonly docdbSecretArn: string;
  readonly docdbSecretKmsKeyArn: string;
  readonly retryWrites: boolean;
  /** @default nodejs22.x */
  readonly runtime?: NodeRuntime;
  /** @default lambda-src/retention/handler.ts */
  readonly entry?: string;
}

/**
 * A daily function that removes the raw payload from events older than the retention (the normalized
 * fields stay): `lambda-src/retention/expire-raw.ts`. Its own schedule, not a TTL index, because a TTL
 * index removes whole documents.
 */
export class RawRetention extends Construct {
  public readonly fn: NodeFunction;

  constructor(scope: Construct, id: string, props: RawRetentionProps) {
    super(scope, id);
    checkSettings(this, [wholeNumberIn('retentionDays', props.retentionDays, 1, 3650, 'days')]);
    this.fn = new NodeFunction(this, 'Function', {
      accountId: props.accountId,
      region: props.region,
      functionName: props.functionName,
      description: `Removes raw payloads from events older than ${props.retentionDays} days (normalized fields stay)`,
      entry: props.entry ?? DEFAULT_RAW_RETENTION_ENTRY,
      runtime: props.runtime,
      memorySizeMb: 256,
      // One updateMany over the expired range; on a large first run DocumentDB may need minutes.
      timeoutSeconds: 300,
      logRetentionDays: props.logRetentionDays,
      logsKmsKeyArn: props.logsKmsKeyArn,
      subnetIds: props.subnetIds,
      securityGroupIds: props.securityGroupIds,
      reservedConcurrentExecutions: 1,
      environment: {
        RAW_RETENTION_DAYS: String(props.retentionDays),
        PRODUCTS: JSON.stringify(props.products),
        ...databaseClientEnvironment(props.docdbSecretArn, props.retryWrites),
      },
      statements: secretReadStatements({
        secretArn: props.docdbSecretArn,
        kmsKeyArn: props.docdbSecretKmsKeyArn,
        region: props.region,
      }),
    });
    suppressCheckov(
      this.fn.function,
      'CKV_AWS_116',
      'invoked by a daily schedule; a failed run is retried by EventBridge and the next day repeats the same idempotent update',
    );
    suppressCheckov(
      this.fn.function,
      'CKV_AWS_272',
      'the code is bundled at synth time from the reviewed repository and deployed as a zip asset; code signing needs a signing profile and signed S3 objects this pipeline does not have',
    );
    suppressCheckov(
      this.fn.function,
      'CKV_AWS_173',
      'the environment holds no secret (only ARNs, names and settings) and is encrypted at rest with the AWS-managed key',
    );

    // EventBridge Scheduler: one invocation a day, retried by the scheduler. No dead-letter queue: a
    // schedule carries no event to lose, and the next day's run repeats the same idempotent update.
    const invoker = schedulerInvokerRole(this, {
      accountId: props.accountId,
      functionName: props.functionName,
      functionArn: this.fn.arn,
      sid: 'InvokeRetention',
    });
    const schedule = new SchedulerSchedule(this, 'Daily', {
      name: `${props.functionName}-daily`,
      description: 'Runs the raw payload retention once a day',
      scheduleExpression: 'rate(1 day)',
      flexibleTimeWindow: { mode: 'FLEXIBLE', maximumWindowInMinutes: 60 },
      target: {
        arn: this.fn.arn,
        roleArn: invoker.arn,
        retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3600 },
      },
    });
    suppressCheckov(
      schedule,
      'CKV_AWS_297',
      'the schedule holds no data, only its expression and the function to invoke (no input); an AWS owned key encrypts it',
    );
  }
}
