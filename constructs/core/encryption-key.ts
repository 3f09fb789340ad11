import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Construct } from 'constructs';
import { accountRoot, type PolicyStatement, policyDocument } from './policy-document';

/**
 * What the account itself (its IAM policies, so the deploy role) may do with the key. Spelled out instead of
 * `kms:*` so that no policy in the stack holds a wildcard action; it still covers every key-level action,
 * so the account cannot lock itself out of the key.
 */
export const KMS_KEY_ACCOUNT_ACTIONS = [
  'kms:CancelKeyDeletion',
  'kms:CreateAlias',
  'kms:CreateGrant',
  'kms:Decrypt',
  'kms:DeleteAlias',
  'kms:DescribeKey',
  'kms:DisableKey',
  'kms:DisableKeyRotation',
  'kms:EnableKey',
  'kms:EnableKeyRotation',
  'kms:Encrypt',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:GetKeyPolicy',
  'kms:GetKeyRotationStatus',
  'kms:ListAliases',
  'kms:ListGrants',
  'kms:ListKeyPolicies',
  'kms:ListKeyRotations',
  'kms:ListResourceTags',
  'kms:PutKeyPolicy',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
  'kms:RetireGrant',
  'kms:RevokeGrant',
  'kms:RotateKeyOnDemand',
  'kms:ScheduleKeyDeletion',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:UpdateAlias',
  'kms:UpdateKeyDescription',
] as const;

/**
 * What a service needs to encrypt and decrypt with the key (CloudWatch Logs): AWS's example policies grant
 * `kms:Encrypt*`, `kms:Decrypt*`, `kms:ReEncrypt*`, `kms:GenerateDataKey*`, `kms:Describe*`; these are the
 * symmetric-key actions those patterns cover.
 */
export const KMS_SERVICE_USE_ACTIONS = [
  'kms:Encrypt',
  'kms:Decrypt',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:DescribeKey',
] as const;

export interface EncryptionKeyProps {
  /** Account that owns the key. */
  readonly accountId: string;
  readonly description: string;
  /** Alias name without the `alias/` prefix. */
  readonly alias: string;
  /** Statements added to the key policy after the account statement (services, other accounts). @default [] */
  readonly statements?: readonly PolicyStatement[];
  /** Waiting period before a scheduled deletion, in days (7-30). @default 30 */
  readonly deletionWindowInDays?: number;
}

/** A customer-managed symmetric KMS key with yearly rotation and an explicit key policy. */
export class EncryptionKey extends Construct {
  public readonly key: KmsKey;
  public readonly arn: string;

  constructor(scope: Construct, id: string, props: EncryptionKeyProps) {
    super(scope, id);
    this.key = new KmsKey(this, 'Resource', {
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays: props.deletionWindowInDays ?? 30,
      policy: policyDocument([
        {
          sid: 'AccountAdministersAndAuthorizesThroughIam',
          principals: { AWS: accountRoot(props.accountId) },
          actions: KMS_KEY_ACCOUNT_ACTIONS,
          resources: ['*'],
        },
        ...(props.statements ?? []),
      ]),
    });
    this.arn = this.key.arn;
    new KmsAlias(this, 'Alias', { name: `alias/${props.alias}`, targetKeyId: this.key.keyId });
  }
}
