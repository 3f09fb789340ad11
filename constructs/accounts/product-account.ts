import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { DatadogProvider } from '@cdktf/provider-datadog/lib/provider';
import { PagerdutyProvider } from '@cdktf/provider-pagerduty/lib/provider';
import { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { z } from 'zod';
import {
  deadLetterQueueConfig,
  platformPagerduty,
  platformPagerdutyConfig,
} from '../../stacks/config/central';
import { productDatadogProps } from '../../stacks/config/datadog';
import { type DeploymentConfig, deploymentConfig } from '../../stacks/config/deployment';
import { ownsSlackChannel, productForAccount } from '../../stacks/config/environment';
import { devOpsGuruProps, eventForwardingProps } from '../../stacks/config/event-forwarding';
import { productPagerdutyProps } from '../../stacks/config/pagerduty';
import { accountId, region } from '../../stacks/config/primitives';
import { ConfigError } from '../../stacks/config/problems';
import { type ProductAccountConfig, type ProductConfig, productConfig } from '../../stacks/config/product';
import { toilAppProps } from '../../stacks/config/toil-apps';
import { credentialVariable, variableSuffix } from '../../stacks/credentials';
import { DevOpsGuru } from '../aws-signals/dev-ops-guru';
import { ManagementEventsTrail } from '../aws-signals/management-events-trail';
import { CollectorLink } from '../core/collector-link';
import { ProductDatadog } from '../datadog/product-datadog';
import { EventForwarding } from '../event-forwarding/event-forwarding';
import { ProductPagerduty } from '../pagerduty/product-pagerduty';
import { ToilApp } from '../toil-apps/toil-app';
import { setUpAccount } from './account-setup';
import { parseSettings } from './settings';

/** A product as written under `products` in platform.yaml (docs/configuration.md); defaults apply. */
export type ProductSettings = z.input<typeof productConfig>;
/** The `deployment` section of platform.yaml: deploy role, state bucket, extra tags. */
export type DeploymentSettings = z.input<typeof deploymentConfig>;

const collectorLocation = z.strictObject({
  accountId,
  region,
  /** The platform's own alarms, as under platform.yaml's `central.alarms` (the other keys are the central stack's). */
  alarms: z
    .object({
      /** The SRE PagerDuty service this account's dead-letter queue pages. @default - it does not page */
      pagerduty: platformPagerdutyConfig.optional(),
      deadLetterQueue: deadLetterQueueConfig.prefault({}),
    })
    .prefault({}),
});
/**
 * Where the central collector runs (the `accountId` and `region` of platform.yaml's `central`), and its
 * `alarms` settings that reach product accounts.
 */
export type CollectorLocation = z.input<typeof collectorLocation>;

export interface ProductAccountProps {
  readonly deployment: DeploymentSettings;
  readonly central: CollectorLocation;
  readonly product: ProductSettings;
  /** Which of `product.accounts` this stack deploys into, by env. @default - the product's first account */
  readonly env?: string;
}

/** The conventional stack name of a product account, used by the rollout app: `<product>-<env>`. */
export function productStackName(product: string, env: string): string {
  return `${product}-${env}`;
}

/**
 * Everything one product account gets, identically: the AWS provider assuming the deploy role in that
 * account only, the state backend, default tags and guardrails, the Datadog and PagerDuty providers with
 * their credential variables (`TF_VAR_datadog_api_key_<product>`, `TF_VAR_datadog_app_key_<product>`,
 * `TF_VAR_pagerduty_token`), Datadog monitors and SLOs routed to the product's PagerDuty service, EventBridge
 * forwarding to the central collector and the product's toil apps.
 *
 * It is a stack, not a construct inside one: a stack has one backend and one set of providers, and a product
 * account needs its own of each. The stack id is also the state key (`<stateKeyPrefix>/<id>.tfstate`).
 */
export class ProductAccount extends TerraformStack {
  /** The product settings after validation, with every default filled in. */
  public readonly product: ProductConfig;
  public readonly account: ProductAccountConfig;
  public readonly deployment: DeploymentConfig;
  public readonly aws: AwsProvider;
  public readonly collector: CollectorLink;
  /** The product's PagerDuty service and its wiring; undefined when the product does not page. */
  public readonly pagerduty?: ProductPagerduty;
  /** The product's Datadog wiring in this account: AWS integration, monitors, SLOs, collector webhook. */
  public readonly datadog: ProductDatadog;
  /** EventBridge forwarding to the collector; undefined when the product forwards no events. */
  public readonly eventForwarding?: EventForwarding;
  /** The management-events trail, when `eventForwarding.unauthorizedApiCalls.createTrail` asks for one. */
  public readonly trail?: ManagementEventsTrail;
  /** DevOps Guru, when `eventForwarding.devOpsGuru.enabled`. */
  public readonly devOpsGuru?: DevOpsGuru;

  constructor(scope: Construct, id: string, props: ProductAccountProps) {
    super(scope, id);
    const where = `ProductAccount ${this.node.path}`;
    const settings = parseSettings(where, 'product', productConfig, props.product);
    const deployment = parseSettings(where, 'deployment', deploymentConfig, props.deployment);
    const central = parseSettings(where, 'central', collectorLocation, props.central);
    const account =
      props.env === undefined ? settings.accounts[0] : settings.accounts.find((a) => a.env === props.env);
    if (!account) {
      throw new ConfigError(where, [
        {
          path: 'env',
          message: `no account of ${settings.name} has env "${props.env}"; envs: ${settings.accounts.map((a) => a.env).join(', ')}`,
        },
      ]);
    }
    // The product's settings with this environment's applied (stacks/config/environment.ts).
    const product = productForAccount(settings, account);
    this.product = product;
    this.account = account;
    this.deployment = deployment;

    this.aws = setUpAccount(this, {
      stackName: id,
      accountId: account.accountId,
      region: account.region,
      deployment,
      ownerTags: { product: product.name, env: account.env, team: product.team },
      production: account.env === 'prod',
    });

    const suffix = variableSuffix(product.name);
    new DatadogProvider(this, 'datadog', {
      apiUrl: `https://api.${product.datadog.site}/`,
      apiKey: credentialVariable(
        this,
        `datadog_api_key_${suffix}`,
        `Datadog API key of ${product.name}'s Datadog account`,
      ).value,
      appKey: credentialVariable(
        this,
        `datadog_app_key_${suffix}`,
        `Datadog application key of ${product.name}'s Datadog account`,
      ).value,
    });
    new PagerdutyProvider(this, 'pagerduty', {
      token: credentialVariable(this, 'pagerduty_token', 'PagerDuty API token').value,
    });

    this.collector = new CollectorLink(this, 'Collector', {
      centralAccountId: central.accountId,
      centralRegion: central.region,
      product: product.name,
    });

    const pagerduty = productPagerdutyProps(product.pagerduty, {
      product: product.name,
      env: account.env,
      collector: this.collector,
    });
    this.pagerduty = pagerduty ? new ProductPagerduty(this, 'PagerDuty', pagerduty) : undefined;

    this.datadog = new ProductDatadog(
      this,
      'Datadog',
      productDatadogProps(product.datadog, {
        product: product.name,
        env: account.env,
        awsAccountId: account.accountId,
        slackChannel: product.slackChannel,
        services: product.services,
        ownsSlackChannel: ownsSlackChannel(settings, account),
        pagerdutyService: this.pagerduty ? id : undefined,
        // Monitor messages mention the PagerDuty service: Datadog must know it before they are created.
        notificationTargets: this.pagerduty ? [this.pagerduty.datadogLink.resource] : [],
        collectorUrl: this.collector.url('/webhooks/datadog'),
        collectorApiKey: this.collector.apiKey,
        tags: [`team:${product.team}`],
        platformPagerduty: platformPagerduty(central.alarms, product.name, account.env),
      }),
    );

    const forwarding = eventForwardingProps(product.eventForwarding, {
      stackName: id,
      ecs: product.services.includes('ecs'),
      endpointUrl: this.collector.url('/events'),
      apiKey: this.collector.apiKey,
    });
    if (forwarding) {
      const events = new EventForwarding(this, 'EventForwarding', forwarding);
      this.eventForwarding = events;
      this.datadog.monitorDeadLetterQueue(events.deadLetterQueueName, central.alarms.deadLetterQueue);
      const denials = product.eventForwarding.unauthorizedApiCalls;
      if (denials.enabled && denials.createTrail) {
        this.trail = new ManagementEventsTrail(this, 'ManagementEventsTrail', {
          accountId: account.accountId,
          region: account.region,
          namePrefix: `obs-${id}`.toLowerCase(),
          retentionDays: denials.trailRetentionDays,
        });
      }
      const guru = devOpsGuruProps(product.eventForwarding);
      if (guru) this.devOpsGuru = new DevOpsGuru(this, 'DevOpsGuru', guru);
    }
    for (const app of product.toilApps) new ToilApp(this, `ToilApp-${app.name}`, toilAppProps(app));
  }
}
