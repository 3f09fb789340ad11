import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretPolicy } from '@cdktf/provider-aws/lib/secretsmanager-secret-policy';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { suppressCheckov } from '../core/checkov';
import { collectorSecretName } from '../core/collector-link';
import { EncryptionKey } from '../core/encryption-key';
import { accountRoot, policyDocument } from '../core/policy-document';
import { checkSettings } from '../core/setting-error';

export interface ProductKeySecretProps {
  /** Central account and region (where the secret lives). */
  readonly accountId: string;
  readonly region: string;
  readonly product: string;
  /** Accounts of the product whose stacks read the secret. */
  readonly readerAccountIds: readonly string[];
  /** Base URL of the collector API. */
  readonly endpoint: string;
  /** The product's API key value (sensitive). */
  readonly apiKey: string;
  /** Days a deleted secret can still be restored. @default 7 */
  readonly recoveryWindowInDays?: number;
}

/**
 * One product's collector secret `observability/collector/<product>` = `{"endpoint", "apiKey", "arn"}`, encrypted with
 * a key of its own. Exactly the product's accounts may read it: the secret's resource policy allows them
 * `secretsmanager:GetSecretValue`, and the key policy allows them `kms:Decrypt` only through Secrets Manager
 * and only for this secret. Product stacks read it by partial ARN (`CollectorLink`), so they plan without the
 * central state.
 */
export class ProductKeySecret extends Construct {
  public readonly secret: SecretsmanagerSecret;
  public readonly key: EncryptionKey;
  public readonly name: string;
  public readonly arn: string;

  constructor(scope: Construct, id: string, props: ProductKeySecretProps) {
    super(scope, id);
    this.name = collectorSecretName(props.product);
    checkSettings(this, [
      props.readerAccountIds.length === 0 && {
        setting: 'readerAccountIds',
        value: [],
        allowed: `must list the accounts of product ${props.product}`,
      },
      // Secrets Manager reads a trailing "-" plus six characters as the random suffix of a complete ARN, so the
      // partial ARN product stacks read the secret by would not resolve.
      /-[A-Za-z0-9]{6}$/.test(this.name) && {
        setting: 'product',
        value: props.product,
        allowed:
          `must not end with "-" and six characters: its secret name ${this.name} would look like a full ARN's ` +
          'random suffix to Secrets Manager, and product stacks could not read it by partial ARN (e.g. drop the last hyphen)',
      },
    ]);
    const readers = [...new Set(props.readerAccountIds)].map(accountRoot);
    // Secrets Manager adds a 6-character suffix to the ARN; naming it by pattern avoids a key <-> secret cycle.
    const secretArnPattern = `arn:aws:secretsmanager:${props.region}:${props.accountId}:secret:${this.name}-??????`;

    this.key = new EncryptionKey(this, 'Key', {
      accountId: props.accountId,
      description: `Collector secret of ${props.product}`,
      alias: `observability-collector-${props.product}`,
      statements: [
        {
          sid: 'ProductAccountsDecryptThroughSecretsManager',
          principals: { AWS: readers },
          actions: ['kms:Decrypt'],
          resources: ['*'],
          conditions: {
            StringEquals: { 'kms:ViaService': `secretsmanager.${props.region}.amazonaws.com` },
            ArnLike: { 'kms:EncryptionContext:SecretARN': secretArnPattern },
          },
        },
      ],
    });

    this.secret = new SecretsmanagerSecret(this, 'Resource', {
      name: this.name,
      description: `Collector endpoint and API key of ${props.product}`,
      kmsKeyId: this.key.arn,
      recoveryWindowInDays: props.recoveryWindowInDays ?? 7,
    });
    suppressCheckov(
      this.secret,
      'CKV2_AWS_57',
      'holds the API Gateway key of the product: it is rotated by replacing the key in the central stack (docs/central.md), which rewrites this secret; a Secrets Manager rotation would leave API Gateway behind',
    );
    new SecretsmanagerSecretPolicy(this, 'Policy', {
      secretArn: this.secret.arn,
      blockPublicPolicy: true,
      policy: policyDocument([
        {
          sid: 'ProductAccountsRead',
          principals: { AWS: readers },
          actions: ['secretsmanager:GetSecretValue'],
          resources: ['*'],
        },
      ]),
    });
    new SecretsmanagerSecretVersion(this, 'Value', {
      secretId: this.secret.id,
      // Its own full ARN too: ECS reads a secret of another account only by full ARN (AppLogShipping), and
      // a product account cannot list or describe the central account's secrets to find the suffix.
      secretString: Fn.jsonencode({ endpoint: props.endpoint, apiKey: props.apiKey, arn: this.secret.arn }),
    });
    this.arn = this.secret.arn;
  }
}
