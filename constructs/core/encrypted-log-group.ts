import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { Construct } from 'constructs';
import { suppressCheckov } from './checkov';
import { KMS_SERVICE_USE_ACTIONS } from './encryption-key';
import { CLOUDWATCH_LOG_RETENTION_DAYS, isLogRetentionDays } from './log-retention';
import type { PolicyStatement } from './policy-document';
import { checkSettings } from './setting-error';

export interface EncryptedLogGroupProps {
  readonly name: string;
  /** Days the events are kept: one of `CLOUDWATCH_LOG_RETENTION_DAYS`. */
  readonly retentionDays: number;
  /** KMS key whose policy lets CloudWatch Logs use it (see `logsKeyPolicyStatement`). */
  readonly kmsKeyArn: string;
}

/**
 * A log group created ahead of the service that writes to it, so that it has a retention and a KMS key from
 * the start (a group a service creates on first write keeps its logs forever, unencrypted by a CMK).
 */
export class EncryptedLogGroup extends Construct {
  public readonly logGroup: CloudwatchLogGroup;
  public readonly name: string;
  public readonly arn: string;

  constructor(scope: Construct, id: string, props: EncryptedLogGroupProps) {
    super(scope, id);
    checkSettings(this, [
      !isLogRetentionDays(props.retentionDays) && {
        setting: 'retentionDays',
        value: props.retentionDays,
        allowed: `must be a CloudWatch Logs retention (one of ${CLOUDWATCH_LOG_RETENTION_DAYS.join(', ')})`,
      },
    ]);
    this.logGroup = new CloudwatchLogGroup(this, 'Resource', {
      name: props.name,
      retentionInDays: props.retentionDays,
      kmsKeyId: props.kmsKeyArn,
    });
    if (props.retentionDays < 365) {
      suppressCheckov(
        this.logGroup,
        'CKV_AWS_338',
        `retention is a platform config choice (${props.retentionDays} days, central.lambda.logRetentionDays); set 365 or more where audit rules require a year`,
      );
    }
    this.name = this.logGroup.name;
    this.arn = this.logGroup.arn;
  }
}

/** Key policy statement that lets CloudWatch Logs encrypt this account's log groups in one region. */
export function logsKeyPolicyStatement(accountId: string, region: string): PolicyStatement {
  return {
    sid: 'CloudWatchLogsEncryptsThisAccountsLogGroups',
    principals: { Service: `logs.${region}.amazonaws.com` },
    actions: KMS_SERVICE_USE_ACTIONS,
    resources: ['*'],
    conditions: {
      ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:${region}:${accountId}:log-group:*` },
    },
  };
}
