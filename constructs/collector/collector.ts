import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import type { TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import {
  type AlarmsSettings,
  type ApiSettings,
  alarmsConfig,
  apiConfig,
  type DocumentDbSettings,
  documentDbConfig,
  type LambdaSettings,
  lambdaConfig,
  type NetworkSettings,
  networkConfig,
  type PrivacySettings,
  privacyConfig,
  productUsageLimits,
} from '../../stacks/config/central';
import { suppressCheckov } from '../core/checkov';
import { logsKeyPolicyStatement } from '../core/encrypted-log-group';
import { EncryptionKey } from '../core/encryption-key';
import { parseSettingGroup } from '../core/setting-error';
import { ApiGatewayCloudWatchRole } from './api-gateway-cloud-watch-role';
import { AuthorizerFunction } from './authorizer-function';
import { CollectorApi, type WebhookSource } from './collector-api';
import { CollectorFunction } from './collector-function';
import { type CollectorAlarmThresholds, CollectorMonitoring } from './collector-monitoring';
import { CollectorNetwork } from './collector-network';
import { DatabaseUsers } from './database-users';
import { collectorReservedConcurrency } from './docdb-connection-limits';
import { DocumentDb, docdbSupportsRetryableWrites } from './document-db';
import { type AnomalyDetectorSettings, LogAnomalyDetector } from './log-anomaly-detector';
import { ProductKeySecret } from './product-key-secret';
import { RawRetention } from './raw-retention';

/** A product sending to the collector: its accounts read its key; `api.usagePlan`/`api.products` limit its traffic. */
export interface CollectorProduct {
  readonly name: string;
  /** Accounts whose stacks read the product's collector secret (the accounts its API key may be used from). */
  readonly accountIds: readonly string[];
  /**
   * Env of each of those accounts (account id -> env): the collector attributes events to it.
   * @default - events of the product carry no env
   */
  readonly environments?: Readonly<Record<string, string>>;
}

/**
 * The collector's settings are the groups of platform.yaml's `central` section (docs/configuration.md), typed
 * from the schema in stacks/config/central.ts, which also holds every default and range: a setting exists in
 * one place. Each group may add options that platform.yaml does not set (code entries, wiring).
 */
export interface CollectorProps {
  /** Central account and region. */
  readonly accountId: string;
  readonly region: string;
  readonly products: readonly CollectorProduct[];
  /** Prefix of every name. @default observability-collector */
  readonly namePrefix?: string;
  /** `central.network`: a created VPC or an existing one. */
  readonly network?: NetworkSettings;
  /** `central.documentDb`: the cluster. */
  readonly documentDb?: DocumentDbSettings;
  /** `central.lambda`: the functions, and options of their code. */
  readonly lambda?: LambdaSettings & CollectorCodeOptions;
  /** `central.api`: stage throttle, usage plans per product, largest body; and the API's wiring. */
  readonly api?: ApiSettings & CollectorApiOptions;
  /**
   * `central.alarms`: topic, e-mails, the quarantine alarm (`pagerduty` and `deadLetterQueue` are read by
   * `CentralAccount` and `ProductAccount`); and the thresholds platform.yaml does not set.
   */
  readonly alarms?: AlarmsSettings & {
    readonly thresholds?: Omit<CollectorAlarmThresholds, 'quarantinedDeliveries' | 'quarantinePeriodMinutes'>;
  };
  /** `central.privacy`: personal data and raw payload retention. */
  readonly privacy?: PrivacySettings;
  /**
   * `central.anomalyDetection`, resolved: the log anomaly detector over the stored application logs (docs/anomaly-detection.md).
   * @default - none
   */
  readonly anomalyDetection?: {
    readonly settings: AnomalyDetectorSettings;
    readonly delayMinutes: number;
    readonly memoryMb?: number;
  };
}

/** Options of the functions' code, set by code rather than platform.yaml. */
export interface CollectorCodeOptions {
  /** @default lambda-src/collector/handler.ts */
  readonly collectorEntry?: string;
  /** @default lambda-src/authorizer/index.ts */
  readonly authorizerEntry?: string;
  /** `maxPoolSize` the collector's code gives the MongoDB driver (`lambda-src/collector/store/connection.ts`). @default 2 */
  readonly driverMaxPoolSize?: number;
  /** Share of one instance's connection limit the collector may take. @default 0.5 */
  readonly connectionShare?: number;
}

/** Wiring of the API, set by code rather than platform.yaml. */
export interface CollectorApiOptions {
  /** @default WEBHOOK_SOURCES */
  readonly webhookSources?: readonly WebhookSource[];
  /**
   * Own the account's API Gateway CloudWatch role setting (needed for access logs). Turn off when another
   * stack of the central account already sets it. @default true
   */
  readonly manageApiGatewayAccount?: boolean;
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
  /** Present when `privacy.rawRetentionDays` is set. */
  public readonly rawRetention?: RawRetention;
  /** Present when `anomalyDetection` is set. */
  public readonly anomalyDetector?: LogAnomalyDetector;
  public readonly api: CollectorApi;
  public readonly productSecrets: ReadonlyMap<string, ProductKeySecret>;
  public readonly monitoring: CollectorMonitoring;
  public readonly logsKey: EncryptionKey;
  /** The secret holding webhook signing secrets; its value is maintained outside terraform. */
  public readonly signingSecrets: SecretsmanagerSecret;

  constructor(scope: Construct, id: string, props: CollectorProps) {
    super(scope, id);
    const prefix = props.namePrefix ?? 'observability-collector';
    const {
      collectorEntry,
      authorizerEntry,
      driverMaxPoolSize = 2,
      connectionShare = 0.5,
      ...lambdaSettings
    } = props.lambda ?? {};
    const { webhookSources, manageApiGatewayAccount = true, ...apiSettings } = props.api ?? {};
    const { thresholds, ...alarmSettings } = props.alarms ?? {};
    const network = parseSettingGroup(this, 'network', networkConfig, props.network);
    const documentDb = parseSettingGroup(this, 'documentDb', documentDbConfig, props.documentDb);
    const lambda = parseSettingGroup(this, 'lambda', lambdaConfig, lambdaSettings);
    const api = parseSettingGroup(this, 'api', apiConfig, apiSettings);
    const alarms = parseSettingGroup(this, 'alarms', alarmsConfig, alarmSettings);
    const privacy = parseSettingGroup(this, 'privacy', privacyConfig, props.privacy);
    const logRetentionDays = lambda.logRetentionDays;
    const instanceClass = documentDb.instanceClass;
    const engineVersion = documentDb.engineVersion;
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
      network,
      flowLogRetentionDays: logRetentionDays,
      flowLogKmsKeyArn: this.logsKey.arn,
    });

    this.database = new DocumentDb(this, 'Database', {
      ...base,
      ...logs,
      clusterIdentifier: prefix,
      subnetIds: this.network.subnetIds,
      securityGroupIds: [this.network.databaseSecurityGroupId],
      documentDb,
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
      runtime: lambda.runtime,
      passwordVersion: documentDb.userPasswordVersion,
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

    this.collectorFunction = new CollectorFunction(this, 'CollectorFunction', {
      ...base,
      ...logs,
      functionName: collectorName,
      entry: collectorEntry,
      runtime: lambda.runtime,
      memorySizeMb: lambda.memoryMb,
      timeoutSeconds: lambda.timeoutSeconds,
      subnetIds: this.network.subnetIds,
      securityGroupIds: [this.network.collectorSecurityGroupId],
      reservedConcurrentExecutions: collectorReservedConcurrency({
        instanceClass,
        driverMaxPoolSize,
        connectionShare,
      }),
      driverMaxPoolSize,
      docdbSecretArn: this.databaseUsers.secretArn('collector'),
      docdbSecretKmsKeyArn: this.database.key.arn,
      signingSecretsArn: this.signingSecrets.arn,
      signingSecretsKmsKeyArn: this.database.key.arn,
      retryWrites: docdbSupportsRetryableWrites(engineVersion),
      maxBodyBytes: api.maxBodyBytes,
      redactPersonalData: privacy.redactPersonalData,
    });
    this.databaseUsers.allowReader('collector', this.collectorFunction.fn.role.arn);
    if (privacy.rawRetentionDays !== undefined) {
      this.rawRetention = new RawRetention(this, 'RawRetention', {
        ...base,
        ...logs,
        functionName: `${prefix}-raw-retention`,
        retentionDays: privacy.rawRetentionDays,
        products: props.products.map((p) => p.name),
        runtime: lambda.runtime,
        subnetIds: this.network.subnetIds,
        securityGroupIds: [this.network.collectorSecurityGroupId],
        // Removing `raw` is an update of `events`: the collector's user may do it, the master user is not needed.
        docdbSecretArn: this.databaseUsers.secretArn('collector'),
        docdbSecretKmsKeyArn: this.database.key.arn,
        retryWrites: docdbSupportsRetryableWrites(engineVersion),
      });
      this.databaseUsers.allowReader('collector', this.rawRetention.fn.role.arn);
    }
    if (props.anomalyDetection) {
      this.anomalyDetector = new LogAnomalyDetector(this, 'AnomalyDetector', {
        ...base,
        ...logs,
        functionName: `${prefix}-anomaly-detector`,
        settings: props.anomalyDetection.settings,
        delayMinutes: props.anomalyDetection.delayMinutes,
        memorySizeMb: props.anomalyDetection.memoryMb,
        runtime: lambda.runtime,
        subnetIds: this.network.subnetIds,
        securityGroupIds: [this.network.collectorSecurityGroupId],
        // Its own user: finds events, upserts its anomaly events (lambda-src/db-bootstrap/roles.ts).
        docdbSecretArn: this.databaseUsers.secretArn('detector'),
        docdbSecretKmsKeyArn: this.database.key.arn,
        retryWrites: docdbSupportsRetryableWrites(engineVersion),
      });
      this.databaseUsers.allowReader('detector', this.anomalyDetector.fn.role.arn);
    }
    this.authorizerFunction = new AuthorizerFunction(this, 'AuthorizerFunction', {
      ...base,
      ...logs,
      functionName: authorizerName,
      entry: authorizerEntry,
      runtime: lambda.runtime,
    });

    const accountSetting = manageApiGatewayAccount
      ? new ApiGatewayCloudWatchRole(this, 'ApiGatewayAccount', { ...base, namePrefix: prefix })
      : undefined;
    this.api = new CollectorApi(this, 'Api', {
      ...logs,
      name: prefix,
      collector: this.collectorFunction.fn,
      authorizer: this.authorizerFunction.fn,
      webhookSources,
      throttleRateLimit: api.throttle.rateLimit,
      throttleBurstLimit: api.throttle.burstLimit,
      products: props.products.map((p) => {
        const limits = productUsageLimits(api, p.name);
        return {
          product: p.name,
          throttleRateLimit: limits.throttle.rateLimit,
          throttleBurstLimit: limits.throttle.burstLimit,
          quotaLimit: limits.quota.limit,
          quotaPeriod: limits.quota.period,
        };
      }),
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
      existingTopicArn: alarms.topicArn,
      emails: alarms.emails,
      // Plain names (not references), so the plan shows what each alarm watches.
      collectorFunctionName: collectorName,
      authorizerFunctionName: authorizerName,
      anomalyDetectorFunctionName: this.anomalyDetector ? `${prefix}-anomaly-detector` : undefined,
      apiName: prefix,
      stageName: this.api.stageName,
      clusterIdentifier: prefix,
      instanceIdentifiers: this.database.instanceIdentifiers,
      instanceClass,
      thresholds: {
        ...thresholds,
        quarantinedDeliveries: alarms.quarantine.threshold,
        quarantinePeriodMinutes: alarms.quarantine.periodMinutes,
      },
    });
  }

  /** Lets another client (e.g. the dashboard's query API) reach DocumentDB and the VPC endpoints. */
  public allowDatabaseClient(id: string, clientSecurityGroupId: string): void {
    this.network.allowDatabaseClient(id, clientSecurityGroupId);
    this.network.allowEndpointClient(id, clientSecurityGroupId);
  }
}
