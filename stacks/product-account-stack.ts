import { DatadogProvider } from '@cdktf/provider-datadog/lib/provider';
import { PagerdutyProvider } from '@cdktf/provider-pagerduty/lib/provider';
import { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { CollectorLink } from '../constructs/collector-link/collector-link';
import { ProductDatadog } from '../constructs/datadog/product-datadog';
import { EventForwarding } from '../constructs/event-forwarding/forwarding';
import { ProductPagerduty } from '../constructs/pagerduty/product-pagerduty';
import { ToilApp } from '../constructs/toil-apps/toil-app';
import { setUpAccount } from './account-setup';
import type { PlatformConfig, ProductAccountConfig, ProductConfig } from './config';
import { platformPagerduty } from './config/central';
import { productDatadogProps } from './config/datadog';
import { ownsSlackChannel, productForAccount } from './config/environment';
import { eventForwardingProps } from './config/event-forwarding';
import { productPagerdutyProps } from './config/pagerduty';
import { toilAppProps } from './config/toil-apps';
import { credentialVariable, variableSuffix } from './credentials';

export interface ProductAccountStackProps {
  readonly platform: PlatformConfig;
  readonly product: ProductConfig;
  readonly account: ProductAccountConfig;
}

export function productStackName(product: string, env: string): string {
  return `${product}-${env}`;
}

/** Everything one product account gets, identically: Datadog, PagerDuty and EventBridge forwarding. */
export class ProductAccountStack extends TerraformStack {
  public readonly collector: CollectorLink;
  /** The product's PagerDuty service and its wiring; undefined when the product does not page. */
  public readonly pagerduty?: ProductPagerduty;
  /** The product's Datadog wiring in this account: AWS integration, monitors, SLOs, collector webhook. */
  public readonly datadog: ProductDatadog;

  constructor(scope: Construct, props: ProductAccountStackProps) {
    const { platform, account } = props;
    // The product's settings with this environment's applied (stacks/config/environment.ts).
    const product = productForAccount(props.product, account);
    const name = productStackName(product.name, account.env);
    super(scope, name);

    setUpAccount(this, {
      stackName: name,
      accountId: account.accountId,
      region: account.region,
      deployment: platform.deployment,
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
      centralAccountId: platform.central.accountId,
      centralRegion: platform.central.region,
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
        ownsSlackChannel: ownsSlackChannel(props.product, account),
        pagerdutyService: this.pagerduty ? name : undefined,
        notificationTargets: this.pagerduty ? [this.pagerduty.datadogLink.resource] : [],
        collectorUrl: this.collector.url('/webhooks/datadog'),
        collectorApiKey: this.collector.apiKey,
        tags: [`team:${product.team}`],
        platformPagerduty: platformPagerduty(platform.central.alarms, product.name, account.env),
      }),
    );

    const forwarding = eventForwardingProps(product.eventForwarding, {
      stackName: name,
      ecs: product.services.includes('ecs'),
      endpointUrl: this.collector.url('/events'),
      apiKey: this.collector.apiKey,
    });
    if (forwarding) {
      const events = new EventForwarding(this, 'EventForwarding', forwarding);
      this.datadog.monitorDeadLetterQueue(
        events.deadLetterQueueName,
        platform.central.alarms.deadLetterQueue,
      );
    }
    for (const app of product.toilApps) new ToilApp(this, `ToilApp-${app.name}`, toilAppProps(app));
  }
}
