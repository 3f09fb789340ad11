import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import type { TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { suppressCheckov } from '../core/checkov';
import { logsKeyPolicyStatement } from '../core/encrypted-log-group';
import { EncryptionKey } from '../core/encryption-key';
import type { NodeRuntime } from '../core/node-function';
import { ApiGatewayCloudWatchRole } from './api-gateway-cloud-watch-role';
import { AuthorizerFunction } from './authorizer-function';
import { CollectorApi, type WebhookSource } from './collector-api';
import { CollectorFunction } from './collector-function';
import { type CollectorAlarmThresholds, CollectorMonitoring } from './collector-monitoring';
import { CollectorNetwork } from './collector-network';
import { DatabaseUsers } from './database-users';
import { collectorReservedConcurrency, type DocdbInstanceClass } from './docdb-connection-limits';
import { DocumentDb, docdbSupportsRetryableWrites } from './document-db';
import { ProductKeySecret } from './product-key-secret';
import { RawRetention } from './raw-retention';

/** A product sending to the collector: its accounts read its key, its usage plan limits its traffic. */
export interface CollectorProduct {
  readonly name: string;
  /** Accounts whose stacks read the product's collector secret. */
  readonly accountIds: readonly string[];
  /**
   * Env of each of those accounts (account id -> env): the collector attributes events to it.
   * @default - events of the product carry no env
   */
  readonly environments?: Readonly<Record<string, string>>;
  readonly throttleRateLimit: number;
  readonly throttleBurstLimit: number;
  readonly quotaLimit: number;
  readonly quotaPeriod: 'DAY' | 'WEEK' | 'MONTH';
}

export interface CollectorProps {
  /** Central account and region. */
  readonly accountId: string;
  readonly region: string;
  readonly products: readonly CollectorProduct[];
  /** Prefix of every name. @default observability-collector */
  readonly namePrefix?: string;

  /** @default 10.40.0.0/16 */
  readonly vpcCidr?: string;
  /** @default 2 */
  readonly availabilityZoneCount?: number;
  /** Zone ids of the created VPC's subnets (overrides the count). @default - the first zones by name */
  readonly availabilityZoneIds?: readonly string[];
  /** @default - a VPC is created */
  readonly existingVpcId?: string;
  /** @default - none (required with existingVpcId) */
  readonly existingSubnetIds?: readonly string[];

  /** @default db.t4g.medium */
  readonly docdbInstanceClass?: DocdbInstanceClass;
  /** @default 2 */
  readonly docdbInstanceCount?: number;
  /** @default 7 */
  readonly docdbBackupRetentionDays?: number;
  /** @default 5.0.0 */
  readonly docdbEngineVersion?: string;
  /** @default true */
  readonly docdbDeletionProtection?: boolean;
  /** Raise to generate a new master password. @default 1 */
  readonly docdbMasterPasswordVersion?: number;
  /** Raise by one to generate new passwords for the functions' database users. @default 1 */
  readonly docdbUserPasswordVersion?: number;

  /** @default nodejs22.x */
  readonly lambdaRuntime?: NodeRuntime;
  /** @default 512 */
  readonly collectorMemoryMb?: number;
  /** @default 15 */
  readonly collectorTimeoutSeconds?: number;
  /** Retention of every log group (functions, API access, DocumentDB exports). @default 30 */
  readonly logRetentionDays?: number;
  /** `maxPoolSize` the collector's code gives the MongoDB driver (`lambda-src/collector/store/connection.ts`). @default 2 */
  readonly driverMaxPoolSize?: number;
  /** Share of one instance's connection limit the collector may take. @default 0.5 */
  readonly collectorConnectionShare?: number;
  /** @default lambda-src/collector/handler.ts */
  readonly collectorEntry?: string;
  /** @default lambda-src/authorizer/index.ts */
  readonly authorizerEntry?: string;

  /** @default WEBHOOK_SOURCES */
  readonly webhookSources?: readonly WebhookSource[];
  /** @default 100 */
  readonly apiThrottleRateLimit?: number;
  /** @default 200 */
  readonly apiThrottleBurstLimit?: number;
  /** @default 1048576 */
  readonly maxBodyBytes?: number;
  /** Remove end users' personal fields from Sentry payloads before storing (docs/collector.md). @default true */
  readonly redactPersonalData?: boolean;
  /** Days after arrival that events keep their raw payload (a daily function removes it). @default - kept */
  readonly rawRetentionDays?: number;
  /**
   * Own the account's API Gateway CloudWatch role setting (needed for access logs). Turn off when another
   * stack of the central account already sets it. @default true
   */
  readonly manageApiGatewayAccount?: boolean;

  /** @default - a topic is created */
  readonly alarmTopicArn?: string;
  /** @default [] */
  readonly alarmEmails?: readonly string[];
  /** @default - the defaults of each threshold */
  readonly alarmThresholds?: CollectorAlarmThresholds;
}

/**
 * The central collector: private network, DocumentDB, the collector and authorizer Lambdas, the REST API with
 * a key and usage plan per product, each product's key secret, and alarms on all of it.
 */
export class Collector extends Construct {
  public readonly network: CollectorNetwork;
  public readonly database: DocumentDb;
  /** The functions' database users, their secrets and the bootstrap that creates them. */
  public readonly databaseUsers: DatabaseUsers;
  public readonly collectorFunction: CollectorFunction;
  public readonly authorizerFunction: AuthorizerFunction;
  /** Present when `rawRetentionDays` is set. */
  public readonly rawRetention?: RawRetention;
  public readonly api: CollectorApi;
  public readonly productSecrets: ReadonlyMap<string, ProductKeySecret>;
  public readonly monitoring: CollectorMonitoring;
  public readonly logsKey: EncryptionKey;
  /** The secret holding webhook signing secrets; its value is maintained outside terraform. */
  public readonly signingSecrets: SecretsmanagerSecret;

  constructor(scope: Construct, id: string, props: CollectorProps) {
    super(scope, id);
    const prefix = props.namePrefix ?? 'observability-collector';
    const logRetentionDays = props.logRetentionDays ?? 30;
    const instanceClass = props.docdbInstanceClass ?? 'db.t4g.medium';
    const engineVersion = props.docdbEngineVersion ?? '5.0.0';
    const base = { accountId: props.accountId, region: props.region };
    const collectorName = prefix;
    const authorizerName = `${prefix}-authorizer`;

    this.logsKey = new EncryptionKey(this, 'LogsKey', {
      accountId: props.accountId,
      description: `Log groups of ${prefix}`,
      alias: `${prefix}-logs`,
      statements: [logsKeyPolicyStatement(props.accountId, props.region)],
    });
    const logs = { logRetentionDays, logsKmsKeyArn: this.logsKey.arn };

    this.network = new CollectorNetwork(this, 'Network', {
      ...base,
      namePrefix: prefix,
      vpcCidr: props.vpcCidr,
      availabilityZoneCount: props.availabilityZoneCount,
      availabilityZoneIds: props.availabilityZoneIds,
      existingVpcId: props.existingVpcId,
      existingSubnetIds: props.existingSubnetIds,
      flowLogRetentionDays: logRetentionDays,
      flowLogKmsKeyArn: this.logsKey.arn,
    });

    this.database = new DocumentDb(this, 'Database', {
      ...base,
      ...logs,
      clusterIdentifier: prefix,
      subnetIds: this.network.subnetIds,
      securityGroupIds: [this.network.databaseSecurityGroupId],
      instanceClass,
      instanceCount: props.docdbInstanceCount,
      engineVersion,
      backupRetentionDays: props.docdbBackupRetentionDays,
      deletionProtection: props.docdbDeletionProtection,
      masterPasswordVersion: props.docdbMasterPasswordVersion,
    });

    // Operators put PagerDuty and Sentry signing secrets here (outside terraform): it starts empty, so the
    // collector can always read it, and terraform does not overwrite what was added.
    this.signingSecrets = new SecretsmanagerSecret(this, 'SigningSecrets', {
      name: `${prefix}/signing-secrets`,
      description:
        'Webhook signing secrets: {"pagerduty": {"<product>": [..]}, "sentry": {"<product>": ".."}}',
      kmsKeyId: this.database.key.arn,
    });
    suppressCheckov(
      this.signingSecrets,
      'CKV2_AWS_57',
      'holds signing secrets issued by PagerDuty and Sentry: they are rotated there and copied here (docs/pagerduty.md)',
    );
    new SecretsmanagerSecretVersion(this, 'SigningSecretsInitialValue', {
      secretId: this.signingSecrets.id,
      secretString: JSON.stringify({ pagerduty: {}, sentry: {} }),
      lifecycle: { ignoreChanges: ['secret_string'] },
    });

    // Least-privilege users for the functions; the master user is the bootstrap's only.
    this.databaseUsers = new DatabaseUsers(this, 'DatabaseUsers', {
      ...base,
      ...logs,
      namePrefix: prefix,
      dbName: 'observability',
      clusterIdentifier: prefix,
      clusterEndpoint: this.database.cluster.endpoint,
      masterSecretArn: this.database.secretArn,
      secretsKmsKeyArn: this.database.key.arn,
      vpcId: this.network.vpcId,
      subnetIds: this.network.subnetIds,
      runtime: props.lambdaRuntime,
      passwordVersion: props.docdbUserPasswordVersion,
      retryWrites: docdbSupportsRetryableWrites(engineVersion),
      dependsOn: this.database.instances,
    });
    this.network.allowDatabaseClient('DbBootstrap', this.databaseUsers.securityGroup.id);
    this.network.allowEndpointClient('DbBootstrap', this.databaseUsers.securityGroup.id);
    // The bootstrap connects as soon as it is invoked: its network rules must exist by then.
    this.databaseUsers.waitFor(
      ...[
        'DatabaseFromDbBootstrap',
        'DbBootstrapToDatabase',
        'EndpointsFromDbBootstrap',
        'DbBootstrapToEndpoints',
      ].map((rule) => this.network.node.findChild(rule) as TerraformResource),
    );

    const driverMaxPoolSize = props.driverMaxPoolSize ?? 2;
    this.collectorFunction = new CollectorFunction(this, 'CollectorFunction', {
      ...base,
      ...logs,
      functionName: collectorName,
      entry: props.collectorEntry,
      runtime: props.lambdaRuntime,
      memorySizeMb: props.collectorMemoryMb,
      timeoutSeconds: props.collectorTimeoutSeconds,
      subnetIds: this.network.subnetIds,
      securityGroupIds: [this.network.collectorSecurityGroupId],
      reservedConcurrentExecutions: collectorReservedConcurrency({
        instanceClass,
        driverMaxPoolSize,
        connectionShare: props.collectorConnectionShare ?? 0.5,
      }),
      driverMaxPoolSize,
      docdbSecretArn: this.databaseUsers.secretArn('collector'),
      docdbSecretKmsKeyArn: this.database.key.arn,
      signingSecretsArn: this.signingSecrets.arn,
      signingSecretsKmsKeyArn: this.database.key.arn,
      retryWrites: docdbSupportsRetryableWrites(engineVersion),
      maxBodyBytes: props.maxBodyBytes,
      redactPersonalData: props.redactPersonalData,
    });
    this.databaseUsers.allowReader('collector', this.collectorFunction.fn.role.arn);
    if (props.rawRetentionDays !== undefined) {
      this.rawRetention = new RawRetention(this, 'RawRetention', {
        ...base,
        ...logs,
        functionName: `${prefix}-raw-retention`,
        retentionDays: props.rawRetentionDays,
        products: props.products.map((p) => p.name),
        runtime: props.lambdaRuntime,
        subnetIds: this.network.subnetIds,
        securityGroupIds: [this.network.collectorSecurityGroupId],
        // Removing `raw` is an update of `events`: the collector's user may do it, the master user is not needed.
        docdbSecretArn: this.databaseUsers.secretArn('collector'),
        docdbSecretKmsKeyArn: this.database.key.arn,
        retryWrites: docdbSupportsRetryableWrites(engineVersion),
      });
      this.databaseUsers.allowReader('collector', this.rawRetention.fn.role.arn);
    }
    this.authorizerFunction = new AuthorizerFunction(this, 'AuthorizerFunction', {
      ...base,
      ...logs,
      functionName: authorizerName,
      entry: props.authorizerEntry,
      runtime: props.lambdaRuntime,
    });

    const accountSetting =
      (props.manageApiGatewayAccount ?? true)
        ? new ApiGatewayCloudWatchRole(this, 'ApiGatewayAccount', { ...base, namePrefix: prefix })
        : undefined;
    this.api = new CollectorApi(this, 'Api', {
      ...logs,
      name: prefix,
      collector: this.collectorFunction.fn,
      authorizer: this.authorizerFunction.fn,
      webhookSources: props.webhookSources,
      throttleRateLimit: props.apiThrottleRateLimit,
      throttleBurstLimit: props.apiThrottleBurstLimit,
      products: props.products.map((p) => ({
        product: p.name,
        throttleRateLimit: p.throttleRateLimit,
        throttleBurstLimit: p.throttleBurstLimit,
        quotaLimit: p.quotaLimit,
        quotaPeriod: p.quotaPeriod,
      })),
      stageDependsOn: accountSetting ? [accountSetting.account] : [],
    });
    this.collectorFunction.setApiKeyProducts(
      props.products.map((p) => ({ keyId: this.api.apiKeys.get(p.name)!.id, product: p.name })),
    );
    this.collectorFunction.setProductEnvironments(
      Object.fromEntries(props.products.map((p) => [p.name, p.environments ?? {}])),
    );

    const secrets = new Map<string, ProductKeySecret>();
    for (const product of props.products) {
      secrets.set(
        product.name,
        new ProductKeySecret(this, `ProductKey-${product.name}`, {
          ...base,
          product: product.name,
          readerAccountIds: product.accountIds,
          endpoint: this.api.url,
          apiKey: this.api.apiKeys.get(product.name)!.value,
        }),
      );
    }
    this.productSecrets = secrets;

    this.monitoring = new CollectorMonitoring(this, 'Monitoring', {
      ...base,
      namePrefix: prefix,
      existingTopicArn: props.alarmTopicArn,
      emails: props.alarmEmails,
      // Plain names (not references), so the plan shows what each alarm watches.
      collectorFunctionName: collectorName,
      authorizerFunctionName: authorizerName,
      apiName: prefix,
      stageName: this.api.stageName,
      clusterIdentifier: prefix,
      instanceIdentifiers: this.database.instanceIdentifiers,
      instanceClass,
      thresholds: props.alarmThresholds,
    });
  }

  /** Lets another client (e.g. the dashboard's query API) reach DocumentDB and the VPC endpoints. */
  public allowDatabaseClient(id: string, clientSecurityGroupId: string): void {
    this.network.allowDatabaseClient(id, clientSecurityGroupId);
    this.network.allowEndpointClient(id, clientSecurityGroupId);
  }
}
