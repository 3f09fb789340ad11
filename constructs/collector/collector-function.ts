import * as path from 'node:path';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { suppressCheckov } from '../core/checkov';
import { LAMBDA_SRC_DIR } from '../core/lambda-bundle';
import { LAMBDA_RUNTIME_CA_BUNDLE, NodeFunction, type NodeRuntime } from '../core/node-function';
import type { PolicyStatement } from '../core/policy-document';
import { checkSettings } from '../core/setting-error';

export const DEFAULT_COLLECTOR_ENTRY = path.join(LAMBDA_SRC_DIR, 'collector', 'handler.ts');

export interface CollectorFunctionProps {
  readonly accountId: string;
  readonly region: string;
  readonly functionName: string;
  /** @default lambda-src/collector/handler.ts */
  readonly entry?: string;
  /** @default nodejs22.x */
  readonly runtime?: NodeRuntime;
  /** `central.lambda.memoryMb`. */
  readonly memorySizeMb: number;
  /** `central.lambda.timeoutSeconds`. */
  readonly timeoutSeconds: number;
  readonly logRetentionDays: number;
  readonly logsKmsKeyArn: string;
  /** Private subnets that reach DocumentDB. */
  readonly subnetIds: readonly string[];
  readonly securityGroupIds: readonly string[];
  /** Caps the environments, hence the DocumentDB connections (see `collectorReservedConcurrency`). */
  readonly reservedConcurrentExecutions: number;
  /** The DocumentDB credentials secret (RDS/DocumentDB format). */
  readonly docdbSecretArn: string;
  /** KMS key of that secret. */
  readonly docdbSecretKmsKeyArn: string;
  /**
   * `maxPoolSize` the collector's code gives the MongoDB driver (`lambda-src/collector/store/connection.ts`);
   * the reserved concurrency is computed from it. @default 2
   */
  readonly driverMaxPoolSize?: number;
  /** Whether the engine supports retryable writes (DocumentDB 8.0.2+). @default false */
  readonly retryWrites?: boolean;
  /** @default observability */
  readonly eventsDbName?: string;
  /** TTL of `log` documents, in days. @default 14 */
  readonly logDocumentRetentionDays?: number;
  /** Largest accepted body, in bytes: `central.api.maxBodyBytes`. */
  readonly maxBodyBytes: number;
  /** Secret with webhook signing secrets. @default - signatures are not checked */
  readonly signingSecretsArn?: string;
  /** KMS key of the signing secrets. @default - required with `signingSecretsArn` */
  readonly signingSecretsKmsKeyArn?: string;
  /** Remove end users' IP addresses, e-mail and names from Sentry payloads before storing. @default true */
  readonly redactPersonalData?: boolean;
}

/**
 * The collector Lambda: in the VPC next to DocumentDB, its concurrency capped so DocumentDB's connection
 * limit cannot be exhausted, and only secret ARNs in its environment.
 */
export class CollectorFunction extends Construct {
  public readonly fn: NodeFunction;
  public readonly reservedConcurrentExecutions: number;
  public readonly driverMaxPoolSize: number;

  constructor(scope: Construct, id: string, props: CollectorFunctionProps) {
    super(scope, id);
    checkSettings(this, [
      props.signingSecretsArn !== undefined &&
        !props.signingSecretsKmsKeyArn && {
          setting: 'signingSecretsKmsKeyArn',
          value: props.signingSecretsKmsKeyArn,
          allowed: 'is required with signingSecretsArn (the key the functions decrypt it with)',
        },
    ]);
    this.reservedConcurrentExecutions = props.reservedConcurrentExecutions;
    this.driverMaxPoolSize = props.driverMaxPoolSize ?? 2;
    const secrets = [props.docdbSecretArn, ...(props.signingSecretsArn ? [props.signingSecretsArn] : [])];
    const keys = [
      props.docdbSecretKmsKeyArn,
      ...(props.signingSecretsKmsKeyArn ? [props.signingSecretsKmsKeyArn] : []),
    ];
    const statements: PolicyStatement[] = [
      { sid: 'ReadOwnSecrets', actions: ['secretsmanager:GetSecretValue'], resources: secrets },
      {
        sid: 'DecryptOwnSecrets',
        actions: ['kms:Decrypt'],
        resources: keys,
        conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${props.region}.amazonaws.com` } },
      },
    ];

    this.fn = new NodeFunction(this, 'Function', {
      accountId: props.accountId,
      region: props.region,
      functionName: props.functionName,
      description:
        'Observability collector: authorizes by API key, normalizes and stores events in DocumentDB',
      entry: props.entry ?? DEFAULT_COLLECTOR_ENTRY,
      runtime: props.runtime,
      memorySizeMb: props.memorySizeMb,
      timeoutSeconds: props.timeoutSeconds,
      logRetentionDays: props.logRetentionDays,
      logsKmsKeyArn: props.logsKmsKeyArn,
      subnetIds: props.subnetIds,
      securityGroupIds: props.securityGroupIds,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      statements,
      environment: {
        DOCDB_SECRET_ARN: props.docdbSecretArn,
        EVENTS_DB_NAME: props.eventsDbName ?? 'observability',
        DOCDB_RETRY_WRITES: String(props.retryWrites ?? false),
        LOG_RETENTION_DAYS: String(props.logDocumentRetentionDays ?? 14),
        MAX_BODY_BYTES: String(props.maxBodyBytes),
        REDACT_PERSONAL_DATA: String(props.redactPersonalData ?? true),
        NODE_EXTRA_CA_CERTS: LAMBDA_RUNTIME_CA_BUNDLE,
        // Stack traces point at the TypeScript sources through the bundle's source map.
        NODE_OPTIONS: '--enable-source-maps',
        ...(props.signingSecretsArn ? { SIGNING_SECRETS_ARN: props.signingSecretsArn } : {}),
      },
    });
    suppressFunctionChecks(this.fn);
  }

  /**
   * Sets `API_KEY_PRODUCTS`: the JSON object `{ "<api key id>": "<product>" }` the collector resolves the
   * product with (key ids are identifiers, not secrets).
   */
  /** Sets `PRODUCT_ENVIRONMENTS`: product -> AWS account id -> env, the env events are attributed to. */
  public setProductEnvironments(
    environments: Readonly<Record<string, Readonly<Record<string, string>>>>,
  ): void {
    this.fn.addEnvironment('PRODUCT_ENVIRONMENTS', JSON.stringify(environments));
  }

  public setApiKeyProducts(keys: readonly { readonly keyId: string; readonly product: string }[]): void {
    this.fn.addEnvironment(
      'API_KEY_PRODUCTS',
      Fn.jsonencode(
        Fn.zipmap(
          keys.map((k) => k.keyId),
          keys.map((k) => k.product),
        ),
      ),
    );
  }
}

/** Checks that do not apply to the functions behind the collector API, with the reason. */
export function suppressFunctionChecks(fn: NodeFunction): void {
  suppressCheckov(
    fn.function,
    'CKV_AWS_116',
    'invoked synchronously by API Gateway only: failures go back to the sender, which retries; a DLQ only serves asynchronous invocations',
  );
  suppressCheckov(
    fn.function,
    'CKV_AWS_272',
    'the code is bundled at synth time from the reviewed repository and deployed as a zip asset; code signing needs a signing profile and signed S3 objects this pipeline does not have',
  );
  suppressCheckov(
    fn.function,
    'CKV_AWS_173',
    'the environment holds no secret (only ARNs, ids and settings; the guardrails refuse secret-like names) and is encrypted at rest with the AWS-managed key',
  );
}
