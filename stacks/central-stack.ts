import { PagerdutyProvider } from '@cdktf/provider-pagerduty/lib/provider';
import { TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { Collector } from '../constructs/collector/collector';
import { Dashboard } from '../constructs/dashboard/dashboard';
import { CloudwatchLink } from '../constructs/pagerduty/cloudwatch-link';
import { buildSite } from '../dashboard/build';
import { deployRoleArn, setUpAccount } from './account-setup';
import { ConfigError, centralProblems, type PlatformConfig, productUsageLimits } from './config';
import { productEnvironments } from './config/environment';
import { credentialVariable } from './credentials';

export const CENTRAL_STACK_NAME = 'central';

export interface CentralStackProps {
  readonly platform: PlatformConfig;
  /** Collector entry file. @default lambda-src/collector/handler.ts */
  readonly collectorEntry?: string;
  /** Authorizer entry file. @default lambda-src/authorizer/index.ts */
  readonly authorizerEntry?: string;
}

/** The central account: the collector API, its Lambdas, DocumentDB and the dashboard. */
export class CentralStack extends TerraformStack {
  public readonly collector: Collector;

  constructor(scope: Construct, props: CentralStackProps) {
    super(scope, CENTRAL_STACK_NAME);
    const { platform } = props;
    const central = platform.central;
    const problems = centralProblems(
      central,
      platform.products.map((p) => p.name),
    );
    if (problems.length > 0) throw new ConfigError('central stack', problems);

    setUpAccount(this, {
      stackName: CENTRAL_STACK_NAME,
      accountId: central.accountId,
      region: central.region,
      deployment: platform.deployment,
      ownerTags: { product: 'observability', env: central.env, team: central.team },
      production: central.env === 'prod',
    });
    // Ephemeral resources (the DocumentDB password) need 1.10, write-only arguments 1.11.
    this.addOverride('terraform.required_version', '>= 1.11.0');

    this.collector = new Collector(this, 'Collector', {
      accountId: central.accountId,
      region: central.region,
      products: platform.products.map((product) => {
        const limits = productUsageLimits(central, product.name);
        return {
          name: product.name,
          accountIds: product.accounts.map((a) => a.accountId),
          environments: Object.fromEntries(product.accounts.map((a) => [a.accountId, a.env])),
          throttleRateLimit: limits.throttle.rateLimit,
          throttleBurstLimit: limits.throttle.burstLimit,
          quotaLimit: limits.quota.limit,
          quotaPeriod: limits.quota.period,
        };
      }),
      vpcCidr: central.network.vpcCidr,
      availabilityZoneCount: central.network.availabilityZones,
      availabilityZoneIds: central.network.zoneIds,
      existingVpcId: central.network.existingVpcId,
      existingSubnetIds: central.network.existingSubnetIds,
      docdbInstanceClass: central.documentDb.instanceClass,
      docdbInstanceCount: central.documentDb.instanceCount,
      docdbBackupRetentionDays: central.documentDb.backupRetentionDays,
      docdbEngineVersion: central.documentDb.engineVersion,
      docdbDeletionProtection: central.documentDb.deletionProtection,
      docdbMasterPasswordVersion: central.documentDb.masterPasswordVersion,
      docdbUserPasswordVersion: central.documentDb.userPasswordVersion,
      lambdaRuntime: central.lambda.runtime,
      collectorMemoryMb: central.lambda.memoryMb,
      collectorTimeoutSeconds: central.lambda.timeoutSeconds,
      logRetentionDays: central.lambda.logRetentionDays,
      collectorEntry: props.collectorEntry,
      authorizerEntry: props.authorizerEntry,
      apiThrottleRateLimit: central.api.throttle.rateLimit,
      apiThrottleBurstLimit: central.api.throttle.burstLimit,
      maxBodyBytes: central.api.maxBodyBytes,
      redactPersonalData: central.privacy.redactPersonalData,
      rawRetentionDays: central.privacy.rawRetentionDays,
      alarmTopicArn: central.alarms.topicArn,
      alarmEmails: central.alarms.emails,
      alarmThresholds: {
        quarantinedDeliveries: central.alarms.quarantine.threshold,
        quarantinePeriodMinutes: central.alarms.quarantine.periodMinutes,
      },
    });

    // The platform pages when it is down: every collector alarm reaches the SRE team's PagerDuty service.
    if (central.alarms.pagerduty) {
      new PagerdutyProvider(this, 'pagerduty', {
        token: credentialVariable(this, 'pagerduty_token', 'PagerDuty API token').value,
      });
      new CloudwatchLink(this, 'SrePaging', {
        serviceId: central.alarms.pagerduty.serviceId,
        topicArn: this.collector.monitoring.topicArn,
      });
    }

    new TerraformOutput(this, 'collector_url', {
      description: 'Base URL of the collector API (POST /events, POST /webhooks/<source>)',
      value: this.collector.api.url,
    });
    new TerraformOutput(this, 'collector_key_secret_arns', {
      description: 'Per product: ARN of the secret holding its collector endpoint and API key (ARNs only)',
      value: Object.fromEntries([...this.collector.productSecrets].map(([product, s]) => [product, s.arn])),
    });

    // The SRE dashboard: reads the collector's DocumentDB from its network (docs/dashboard.md).
    const dashboard = new Dashboard(this, 'Dashboard', {
      accountId: central.accountId,
      region: central.region,
      siteDirectory: buildSite(),
      products: platform.products.map((p) => p.name),
      environments: productEnvironments(platform.products),
      vpcId: this.collector.network.vpcId,
      subnetIds: this.collector.network.subnetIds,
      // Its own read-only database user (docs/central.md, "Database users").
      docdbSecretArn: this.collector.databaseUsers.secretArn('query'),
      docdbSecretKmsKeyArn: this.collector.database.key.arn,
      logRetentionDays: central.lambda.logRetentionDays,
      logsKmsKeyArn: this.collector.logsKey.arn,
      lambdaRuntime: central.lambda.runtime,
      cognitoDomainPrefix: central.dashboard.cognitoDomainPrefix,
      identityProvider: central.dashboard.identityProvider,
      domain: central.dashboard.domain,
      // The collector's stage waits for the account's API Gateway logging role; so does the dashboard's.
      apiStageDependsOn: [this.collector.api.stage],
    });
    this.collector.allowDatabaseClient('Dashboard', dashboard.queryApi.securityGroup.id);
    this.collector.databaseUsers.allowReader('query', dashboard.queryApi.fn.role.arn);
    this.collector.databaseUsers.allowDeployRole(
      deployRoleArn(central.accountId, platform.deployment.roleName),
    );
    new TerraformOutput(this, 'dashboard_url', { description: 'The SRE dashboard', value: dashboard.url });
  }
}
