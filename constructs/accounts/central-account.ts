import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { PagerdutyProvider } from '@cdktf/provider-pagerduty/lib/provider';
import { TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import type { z } from 'zod';
import { type CentralConfig, centralConfig, centralProblems } from '../../stacks/config/central';
import { deploymentConfig } from '../../stacks/config/deployment';
import { ConfigError } from '../../stacks/config/problems';
import { credentialVariable } from '../../stacks/credentials';
import { Collector, type CollectorProduct } from '../collector/collector';
import { Dashboard } from '../dashboard/dashboard';
import { CloudwatchLink } from '../pagerduty/cloudwatch-link';
import { deployRoleArn, setUpAccount } from './account-setup';
import type { DeploymentSettings } from './product-account';
import { parseSettings } from './settings';

/** The `central` section of platform.yaml (docs/configuration.md); defaults apply. */
export type CentralSettings = z.input<typeof centralConfig>;

/** A product the collector accepts events from: its name, every AWS account of it and their envs. */
export type CentralProduct = CollectorProduct;

export interface CentralAccountProps {
  readonly deployment: DeploymentSettings;
  readonly central: CentralSettings;
  readonly products: readonly CentralProduct[];
  /** Collector entry file. @default lambda-src/collector/handler.ts */
  readonly collectorEntry?: string;
  /** Authorizer entry file. @default lambda-src/authorizer/index.ts */
  readonly authorizerEntry?: string;
  /**
   * Directory of the dashboard's static files.
   * @default - the site built into the package (`dist/dashboard-site`), else built from `dashboard/web` (once per process)
   */
  readonly siteDirectory?: string;
}

/** Where `npm run build` puts the dashboard site, seen from this file compiled into dist/constructs/accounts. */
const PREBUILT_SITE_DIR = path.resolve(__dirname, '..', '..', 'dashboard-site');

let builtSite: string | undefined;

function defaultSiteDirectory(): string {
  if (existsSync(path.join(PREBUILT_SITE_DIR, 'index.html'))) return PREBUILT_SITE_DIR;
  if (!builtSite) {
    // Loaded only here: it needs esbuild, which the published package does not install.
    const { buildSite } = require('../../dashboard/build') as typeof import('../../dashboard/build');
    // Built once per process into a private directory: processes that synthesize at the same time (jest
    // workers, parallel synths) never read a file another one is writing. The stack holds the files' content,
    // not their path, so the synthesized JSON does not depend on where they were built.
    builtSite = buildSite(mkdtempSync(path.join(tmpdir(), 'observability-dashboard-site-')));
  }
  return builtSite;
}

/** The detector's construct settings from `central.anomalyDetection`, or none when it is off. */
function anomalyDetection(config: CentralConfig['anomalyDetection']) {
  if (!config.enabled) return undefined;
  const { enabled: _enabled, delayMinutes, memoryMb, ...settings } = config;
  return { settings, delayMinutes, memoryMb };
}

/**
 * The central account: the collector API, its Lambdas, DocumentDB and the SRE dashboard, with the same
 * provider, backend, tags and guardrails as a product account. Like `ProductAccount`, it is a stack.
 */
export class CentralAccount extends TerraformStack {
  /** The central settings after validation, with every default filled in. */
  public readonly central: CentralConfig;
  public readonly aws: AwsProvider;
  public readonly collector: Collector;
  public readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: CentralAccountProps) {
    super(scope, id);
    const where = `CentralAccount ${this.node.path}`;
    const central = parseSettings(where, 'central', centralConfig, props.central);
    const deployment = parseSettings(where, 'deployment', deploymentConfig, props.deployment);
    const problems = centralProblems(
      central,
      props.products.map((p) => p.name),
    );
    if (problems.length > 0) throw new ConfigError(where, problems);
    this.central = central;

    this.aws = setUpAccount(this, {
      stackName: id,
      accountId: central.accountId,
      region: central.region,
      deployment,
      ownerTags: { product: 'observability', env: central.env, team: central.team },
      production: central.env === 'prod',
    });
    // Ephemeral resources (the DocumentDB password) need 1.10, write-only arguments 1.11.
    this.addOverride('terraform.required_version', '>= 1.11.0');

    this.collector = new Collector(this, 'Collector', {
      accountId: central.accountId,
      region: central.region,
      products: props.products,
      network: central.network,
      documentDb: central.documentDb,
      lambda: {
        ...central.lambda,
        collectorEntry: props.collectorEntry,
        authorizerEntry: props.authorizerEntry,
      },
      api: central.api,
      alarms: central.alarms,
      privacy: central.privacy,
      anomalyDetection: anomalyDetection(central.anomalyDetection),
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
    this.dashboard = new Dashboard(this, 'Dashboard', {
      accountId: central.accountId,
      region: central.region,
      siteDirectory: props.siteDirectory ?? defaultSiteDirectory(),
      products: props.products.map((p) => p.name),
      environments: Object.fromEntries(
        props.products.map((p) => [p.name, [...new Set(Object.values(p.environments ?? {}))]]),
      ),
      vpcId: this.collector.network.vpcId,
      subnetIds: this.collector.network.subnetIds,
      // Its own database user: reads events, writes postmortems only (docs/central.md, "Database users").
      docdbSecretArn: this.collector.databaseUsers.secretArn('query'),
      docdbSecretKmsKeyArn: this.collector.database.key.arn,
      logRetentionDays: central.lambda.logRetentionDays,
      logsKmsKeyArn: this.collector.logsKey.arn,
      lambdaRuntime: central.lambda.runtime,
      cognitoDomainPrefix: central.dashboard.cognitoDomainPrefix,
      identityProvider: central.dashboard.identityProvider,
      postmortemWriters: central.dashboard.postmortemWriters,
      domain: central.dashboard.domain,
      // The collector's stage waits for the account's API Gateway logging role; so does the dashboard's.
      apiStageDependsOn: [this.collector.api.stage],
    });
    this.collector.allowDatabaseClient('Dashboard', this.dashboard.queryApi.securityGroup.id);
    this.collector.databaseUsers.allowReader('query', this.dashboard.queryApi.fn.role.arn);
    this.collector.databaseUsers.allowDeployRole(deployRoleArn(central.accountId, deployment.roleName));
    new TerraformOutput(this, 'dashboard_url', {
      description: 'The SRE dashboard',
      value: this.dashboard.url,
    });
  }
}
