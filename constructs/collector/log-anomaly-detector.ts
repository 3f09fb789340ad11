import * as path from 'node:path';
import { SchedulerSchedule } from '@cdktf/provider-aws/lib/scheduler-schedule';
import { Construct } from 'constructs';
import { suppressCheckov } from '../core/checkov';
import { LAMBDA_SRC_DIR } from '../core/lambda-bundle';
import { NodeFunction, type NodeRuntime } from '../core/node-function';
import { schedulerInvokerRole } from '../core/scheduler-invoker-role';
import { secretReadStatements } from '../core/secret-read-statements';
import { databaseClientEnvironment } from './database-client-environment';

/** The detector function's code. */
export const DEFAULT_ANOMALY_DETECTOR_ENTRY = path.join(LAMBDA_SRC_DIR, 'anomaly', 'handler.ts');

/** Window lengths the schedule can align to (they divide an hour, so every window starts on the clock). */
export const ANOMALY_WINDOW_MINUTES = [5, 10, 15, 20, 30, 60] as const;
export type AnomalyWindowMinutes = (typeof ANOMALY_WINDOW_MINUTES)[number];

/** What the detector is told (`DETECTOR_SETTINGS`, read by lambda-src/anomaly/handler.ts). */
export interface AnomalyDetectorSettings {
  readonly windowMinutes: AnomalyWindowMinutes;
  readonly baselineWindows: number;
  readonly zThreshold: number;
  readonly minErrors: number;
  readonly minBaselineWindows: number;
  readonly minBaselineLines: number;
  readonly maxNewPatterns: number;
}

export interface LogAnomalyDetectorProps {
  readonly accountId: string;
  readonly region: string;
  readonly functionName: string;
  readonly settings: AnomalyDetectorSettings;
  /** Minutes after a window ends that it is examined (late log lines still count). */
  readonly delayMinutes: number;
  /** @default 1024 */
  readonly memorySizeMb?: number;
  readonly logRetentionDays: number;
  readonly logsKmsKeyArn: string;
  readonly subnetIds: readonly string[];
  /** The collector's: the same way to DocumentDB and the Secrets Manager endpoint. */
  readonly securityGroupIds: readonly string[];
  /** Its own database user's secret (`detector`: finds and upserts events). */
  readonly docdbSecretArn: string;
  readonly docdbSecretKmsKeyArn: string;
  readonly retryWrites: boolean;
  /** @default nodejs22.x */
  readonly runtime?: NodeRuntime;
  /** @default lambda-src/anomaly/handler.ts */
  readonly entry?: string;
}

/** The schedule: `delayMinutes` past each window's end, on the clock (cron, UTC). */
export function detectorSchedule(windowMinutes: AnomalyWindowMinutes, delayMinutes: number): string {
  if (!Number.isInteger(delayMinutes) || delayMinutes < 0 || delayMinutes >= windowMinutes)
    throw new Error(
      `delayMinutes must be a whole number from 0 to ${windowMinutes - 1} (less than the window); got ${delayMinutes}`,
    );
  return windowMinutes === 60
    ? `cron(${delayMinutes} * * * ? *)`
    : `cron(${delayMinutes}/${windowMinutes} * * * ? *)`;
}

/**
 * The collector-side log anomaly detector (docs/anomaly-detection.md): a function in the collector's
 * network, run by EventBridge Scheduler once per window, that reads the stored application logs with its
 * own database user and writes `anomaly` events.
 */
export class LogAnomalyDetector extends Construct {
  public readonly fn: NodeFunction;
  public readonly schedule: SchedulerSchedule;

  constructor(scope: Construct, id: string, props: LogAnomalyDetectorProps) {
    super(scope, id);
    const { settings } = props;
    if (!(ANOMALY_WINDOW_MINUTES as readonly number[]).includes(settings.windowMinutes))
      throw new Error(
        `windowMinutes must be one of ${ANOMALY_WINDOW_MINUTES.join(', ')}; got ${settings.windowMinutes}`,
      );
    const scheduleExpression = detectorSchedule(settings.windowMinutes, props.delayMinutes);
    this.fn = new NodeFunction(this, 'Function', {
      accountId: props.accountId,
      region: props.region,
      functionName: props.functionName,
      description: `Log anomaly detection over the stored application logs, every ${settings.windowMinutes} minutes`,
      entry: props.entry ?? DEFAULT_ANOMALY_DETECTOR_ENTRY,
      runtime: props.runtime,
      // The baseline's lines and the template tree are held in memory (at most 200,000 lines).
      memorySizeMb: props.memorySizeMb ?? 1024,
      timeoutSeconds: 300,
      logRetentionDays: props.logRetentionDays,
      logsKmsKeyArn: props.logsKmsKeyArn,
      subnetIds: props.subnetIds,
      securityGroupIds: props.securityGroupIds,
      // One run at a time: two overlapping runs would read the same window twice for nothing.
      reservedConcurrentExecutions: 1,
      environment: {
        DETECTOR_SETTINGS: JSON.stringify(settings),
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
      'invoked by a schedule; a failed run is retried by EventBridge Scheduler and a re-run of a window writes the same ids',
    );
    suppressCheckov(
      this.fn.function,
      'CKV_AWS_272',
      'the code is bundled at synth time from the reviewed repository and deployed as a zip asset; code signing needs a signing profile and signed S3 objects this pipeline does not have',
    );
    suppressCheckov(
      this.fn.function,
      'CKV_AWS_173',
      'the environment holds no secret (only ARNs and settings) and is encrypted at rest with the AWS-managed key',
    );

    // No dead-letter queue: a schedule carries no event to lose; retries stop before the next window's run.
    const invoker = schedulerInvokerRole(this, {
      accountId: props.accountId,
      functionName: props.functionName,
      functionArn: this.fn.arn,
      sid: 'InvokeDetector',
    });
    this.schedule = new SchedulerSchedule(this, 'EveryWindow', {
      name: `${props.functionName}-every-window`,
      description: `Runs the log anomaly detector ${props.delayMinutes} minute(s) after each ${settings.windowMinutes}-minute window`,
      scheduleExpression,
      scheduleExpressionTimezone: 'UTC',
      flexibleTimeWindow: { mode: 'OFF' },
      target: {
        arn: this.fn.arn,
        roleArn: invoker.arn,
        retryPolicy: {
          maximumRetryAttempts: 2,
          // A retry must run while the same window is still the last complete one.
          maximumEventAgeInSeconds: Math.max(60, (settings.windowMinutes - props.delayMinutes) * 60),
        },
      },
    });
    suppressCheckov(
      this.schedule,
      'CKV_AWS_297',
      'the schedule holds no data, only its expression and the function to invoke (no input); an AWS owned key encrypts it',
    );
  }
}
