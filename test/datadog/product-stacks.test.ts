import { maxBurnRate } from '../../constructs/datadog/burn-rate';
import {
  formatWindow,
  MONITOR_CATALOG,
  type MonitorId,
  type MonitorSpec,
  monitorIdsForServices,
  namespacesForServices,
} from '../../constructs/datadog/catalog';
import { DATADOG_WEBHOOK_PAYLOAD } from '../../constructs/datadog/webhook-payload';
import { type AccountProductConfig, productForAccount } from '../../stacks/config/environment';
import type { PlatformConfig } from '../../stacks/config/platform';
import { buildTestPlatform, exampleConfig, type Json, Synthesized } from '../support/synth';
import { editedExampleConfig, recipients } from './support';

const MONITOR = 'datadog_monitor';
const SLO = 'datadog_service_level_objective';

interface ProductStack {
  readonly s: Synthesized;
  readonly product: PlatformConfig['products'][number];
  readonly env: string;
  /** The product's settings with this env's applied. */
  readonly effective: AccountProductConfig;
}

/** Synthesizes every product stack of a config once. */
function synthProducts(config: PlatformConfig): Record<string, ProductStack> {
  const out: Record<string, ProductStack> = {};
  for (const stack of buildTestPlatform(config).products) {
    const product = config.products.find((p) => stack.node.id.startsWith(`${p.name}-`))!;
    const env = stack.node.id.slice(product.name.length + 1);
    const account = product.accounts.find((a) => a.env === env)!;
    out[stack.node.id] = {
      s: Synthesized.of(stack),
      product,
      env,
      effective: productForAccount(product, account),
    };
  }
  return out;
}

const tagValue = (monitor: Json, key: string) =>
  (monitor.tags as string[]).find((t) => t.startsWith(`${key}:`))?.slice(key.length + 1);
/** Monitors of the Datadog facade (other constructs of the stack, such as the forwarding DLQ, add their own). */
const datadogMonitors = (s: Synthesized) =>
  Object.entries(s.resources(MONITOR))
    .filter(([logicalId]) => logicalId.startsWith('Datadog_'))
    .map(([, m]) => m);
/** The platform's own monitors (the forwarding dead-letter queue) are not catalog monitors. */
const isPlatformMonitor = (m: Json) => String(tagValue(m, 'monitor_id')).startsWith('forwarding.');
const catalogMonitors = (s: Synthesized) =>
  datadogMonitors(s).filter((m) => m.type === 'query alert' && !isPlatformMonitor(m));
const monitorById = (s: Synthesized, id: string) =>
  catalogMonitors(s).find((m) => tagValue(m, 'monitor_id') === id);

const config = exampleConfig();
let stacks: Record<string, ProductStack>;
beforeAll(() => {
  stacks = synthProducts(config);
});

describe('the example config', () => {
  test('synthesizes at least 50 monitors for the first product', () => {
    const first = `${config.products[0].name}-${config.products[0].accounts[0].env}`;
    expect(catalogMonitors(stacks[first].s).length).toBeGreaterThanOrEqual(50);
  });

  test('creates exactly the catalog monitors of the services in use, minus the disabled ones', () => {
    for (const { s, product, effective } of Object.values(stacks)) {
      const expected = monitorIdsForServices(product.services).filter(
        (id) => !effective.datadog.monitors.disabled.includes(id),
      );
      expect(
        catalogMonitors(s)
          .map((m) => tagValue(m, 'monitor_id'))
          .sort(),
      ).toEqual([...expected].sort());
    }
  });

  test('tags every monitor with product, env and its AWS service', () => {
    for (const { s, product, env } of Object.values(stacks)) {
      for (const monitor of datadogMonitors(s)) {
        expect(tagValue(monitor, 'product')).toBe(product.name);
        expect(tagValue(monitor, 'env')).toBe(env);
        const id = tagValue(monitor, 'monitor_id') as MonitorId | undefined;
        const service = isPlatformMonitor(monitor) ? 'sqs' : id ? MONITOR_CATALOG[id].service : 'alb';
        expect(tagValue(monitor, 'service')).toBe(service);
      }
    }
  });

  test('routes each severity to its recipients: warnings to Slack, paging alerts to PagerDuty too', () => {
    for (const { s, product, env, effective } of Object.values(stacks)) {
      const slack = `@slack-${product.datadog.slackAccount ? `${product.datadog.slackAccount}-` : ''}${effective.slackChannel}`;
      const pagerduty = `@pagerduty-${product.name}-${env}`;
      for (const monitor of datadogMonitors(s).filter((m) => !isPlatformMonitor(m))) {
        // A monitor pages when it is a paging one and its env pages.
        const pages = tagValue(monitor, 'pages') === 'true' && effective.pagerduty.pages;
        expect(recipients(monitor.message, 'is_warning')).toEqual([slack]);
        expect(recipients(monitor.message, 'is_alert')).toEqual(pages ? [slack, pagerduty] : [slack]);
        expect(recipients(monitor.message, 'is_recovery')).toEqual(recipients(monitor.message, 'is_alert'));
        expect(recipients(monitor.message, null)).toEqual([`@webhook-observability-collector-${env}`]);
      }
    }
  });

  test('gives CloudWatch monitors an evaluation delay, partial windows where sparse, and no-data alerts only where declared', () => {
    const { s, product } = stacks['search-prod'];
    expect(Object.keys(product.datadog.monitors.overrides)).toEqual([]);
    for (const monitor of catalogMonitors(s)) {
      const spec: MonitorSpec = MONITOR_CATALOG[tagValue(monitor, 'monitor_id') as MonitorId];
      if ((spec.source ?? 'cloudwatch') === 'cloudwatch') expect(monitor.evaluation_delay).toBe(900);
      else expect(monitor.evaluation_delay).toBeUndefined();
      expect(monitor.require_full_window).toBe(!spec.sparse);
      expect(monitor.notify_no_data).toBe(spec.noDataMinutes !== undefined);
      expect(monitor.no_data_timeframe).toBe(spec.noDataMinutes);
    }
  });

  test('applies every declared override', () => {
    const { s, product } = stacks['payments-prod'];
    const overrides = Object.entries(product.datadog.monitors.overrides);
    expect(overrides.length).toBeGreaterThan(0);
    for (const [id, override] of overrides) {
      const monitor = monitorById(s, id)!;
      const spec: MonitorSpec = MONITOR_CATALOG[id as MonitorId];
      const critical = override.critical ?? spec.thresholds.critical;
      expect(monitor.monitor_thresholds.critical).toBe(String(critical));
      expect(monitor.monitor_thresholds.warning).toBe(String(override.warning ?? spec.thresholds.warning));
      expect(monitor.query.endsWith(` ${critical}`)).toBe(true);
      expect(monitor.query).toContain(`(${formatWindow(override.windowMinutes ?? spec.windowMinutes)}):`);
      expect(monitor.priority).toBe(String(override.priority ?? spec.priority));
    }
  });

  test('leaves disabled monitors out', () => {
    const { s, product } = stacks['payments-prod'];
    for (const id of product.datadog.monitors.disabled) expect(monitorById(s, id)).toBeUndefined();
  });

  test('scopes CloudWatch queries to the stack account and agent queries to the env', () => {
    for (const { s, product, env } of Object.values(stacks)) {
      const account = product.accounts.find((a) => a.env === env)!.accountId;
      for (const monitor of catalogMonitors(s)) {
        const spec: MonitorSpec = MONITOR_CATALOG[tagValue(monitor, 'monitor_id') as MonitorId];
        const scope = spec.source === 'agent' ? `env:${env}` : `aws_account:${account}`;
        expect(monitor.query).toContain(`{${scope}`);
        expect(monitor.query).not.toContain('$scope');
      }
    }
  });
});

describe('two envs of one product share a Datadog account', () => {
  test('their monitors, SLOs and webhooks have distinct names', () => {
    const prod = stacks['payments-prod'].s;
    const stg = stacks['payments-stg'].s;
    for (const type of [MONITOR, SLO, 'datadog_webhook']) {
      const prodNames = new Set(prod.resourceList(type).map((r) => r.name));
      expect(prodNames.size).toBe(prod.resourceList(type).length);
      for (const r of stg.resourceList(type)) expect(prodNames.has(r.name)).toBe(false);
    }
    expect(datadogMonitors(prod).length).toBeGreaterThan(0);
    expect(prod.only('datadog_webhook').name).toBe('observability-collector-prod');
    expect(stg.only('datadog_webhook').name).toBe('observability-collector-stg');
  });

  test('each env registers the Slack channel it alerts, declared per env in the example', () => {
    const prod = stacks['payments-prod'].s;
    const stg = stacks['payments-stg'].s;
    expect(prod.only('datadog_integration_slack_channel')).toMatchObject({
      account_name: 'acme',
      channel_name: '#payments-alerts',
    });
    expect(stg.only('datadog_integration_slack_channel')).toMatchObject({
      account_name: 'acme',
      channel_name: '#payments-stg-alerts',
    });
    expect(recipients(datadogMonitors(prod)[0].message, 'is_warning')).toEqual([
      '@slack-acme-payments-alerts',
    ]);
    expect(recipients(datadogMonitors(stg)[0].message, 'is_warning')).toEqual([
      '@slack-acme-payments-stg-alerts',
    ]);
  });

  test('envs that share a channel: only the first registers it, both mention it', () => {
    const shared = synthProducts(
      editedExampleConfig((raw) => {
        delete raw.products[0].accounts[1].slackChannel;
      }),
    );
    expect(shared['payments-prod'].s.only('datadog_integration_slack_channel').channel_name).toBe(
      '#payments-alerts',
    );
    expect(shared['payments-stg'].s.resourceList('datadog_integration_slack_channel')).toEqual([]);
    for (const { s } of [shared['payments-prod'], shared['payments-stg']]) {
      expect(recipients(datadogMonitors(s)[0].message, 'is_warning')).toEqual([
        '@slack-acme-payments-alerts',
      ]);
    }
  });

  test('each registers its own AWS account with the integration', () => {
    expect(stacks['payments-prod'].s.only('datadog_integration_aws_account').aws_account_id).toBe(
      '222222222222',
    );
    expect(stacks['payments-stg'].s.only('datadog_integration_aws_account').aws_account_id).toBe(
      '333333333333',
    );
  });
});

describe('enabling by service', () => {
  const narrow = () =>
    synthProducts(
      editedExampleConfig((raw) => {
        raw.products[1].services = ['ec2', 'lambda'];
      }),
    )['search-prod'];

  test('a product without rds has no rds monitors, and its namespace filters follow its services', () => {
    const { s, product } = stacks['search-prod'];
    expect(product.services).not.toContain('rds');
    expect(catalogMonitors(s).filter((m) => tagValue(m, 'service') === 'rds')).toEqual([]);
    const namespaces = s.only('datadog_integration_aws_account').metrics_config.namespace_filters
      .include_only;
    expect(namespaces).toEqual(namespacesForServices(product.services));
    expect(namespaces).not.toContain('AWS/RDS');
    expect(namespaces).toContain('AWS/SQS');
  });

  test('a product behind an ALB gets an availability and a latency SLO, each with a paging burn-rate alert', () => {
    const { s, product, env } = stacks['search-prod'];
    const slos = s.resources(SLO);
    expect(
      Object.values(slos)
        .map((slo) => slo.type)
        .sort(),
    ).toEqual(['metric', 'time_slice']);
    const alerts = datadogMonitors(s).filter((m) => m.type === 'slo alert');
    expect(alerts).toHaveLength(2);
    for (const [logicalId, slo] of Object.entries(slos)) {
      const alert = alerts.find((m) => m.query.includes(`burn_rate("\${${SLO}.${logicalId}.id}")`))!;
      const threshold = Number(alert.monitor_thresholds.critical);
      expect(alert.query.endsWith(`> ${threshold}`)).toBe(true);
      expect(threshold).toBeLessThanOrEqual(maxBurnRate(slo.thresholds[0].target));
      expect(recipients(alert.message, 'is_alert')).toEqual([
        `@slack-${product.slackChannel}`,
        `@pagerduty-${product.name}-${env}`,
      ]);
    }
  });

  test('a product without a load balancer has no SLO and no burn-rate alert', () => {
    const { s } = narrow();
    expect(s.resourceList(SLO)).toEqual([]);
    expect(datadogMonitors(s).filter((m) => m.type === 'slo alert')).toEqual([]);
    expect(new Set(catalogMonitors(s).map((m) => tagValue(m, 'service')))).toEqual(
      new Set(['ec2', 'lambda']),
    );
    expect(s.only('datadog_integration_aws_account').metrics_config.namespace_filters.include_only).toEqual([
      'AWS/EC2',
      'AWS/Lambda',
      'AWS/SQS',
    ]);
  });

  test('a product that does not page mentions no PagerDuty service', () => {
    const { s } = synthProducts(
      editedExampleConfig((raw) => {
        raw.products[1].pagerduty = { pages: false };
      }),
    )['search-prod'];
    const [platform, product] = [datadogMonitors(s).filter(isPlatformMonitor), catalogMonitors(s)];
    expect(product.length).toBeGreaterThan(0);
    for (const m of product) expect(m.message).not.toContain('@pagerduty');
    // Only the platform's own dead-letter monitor pages, and only the SRE service.
    expect(
      platform.flatMap((m) => recipients(m.message, 'is_alert')).filter((h) => h.startsWith('@pagerduty')),
    ).toEqual(['@pagerduty-observability-platform-search-prod']);
  });
});

describe('the collector webhook', () => {
  test('posts the payload template to the collector with the API key read from the secret', () => {
    const s = stacks['payments-prod'].s;
    const webhook = s.only('datadog_webhook');
    expect(JSON.parse(webhook.payload)).toEqual(DATADOG_WEBHOOK_PAYLOAD);
    expect(webhook.url).toMatch(/\/webhooks\/datadog$/);
    expect(webhook.custom_headers).toMatch(
      /^\$\{jsonencode\(\{"x-api-key" = sensitive\(jsondecode\(data\.aws_secretsmanager_secret_version\.[\w]+\.secret_string\)\.apiKey\)\}\)\}$/,
    );
  });
});
