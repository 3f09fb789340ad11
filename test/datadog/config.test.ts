import { MONITOR_CATALOG } from '../../constructs/datadog/catalog';
import { exampleConfig, type Json } from '../support/synth';
import { configError, editedExampleConfig } from './support';

/** Sets `products[0].datadog.monitors` of the example config. */
const withMonitors = (monitors: Json) => (raw: Json) => {
  raw.products[0].datadog = { ...raw.products[0].datadog, monitors };
};
const withSlos = (slos: Json) => (raw: Json) => {
  raw.products[0].datadog = { ...raw.products[0].datadog, slos };
};
const AT = 'products[0].datadog';

test('the example config declares overrides and disabled monitors that are all in the catalog', () => {
  const { monitors } = exampleConfig().products[0].datadog;
  expect(Object.keys(monitors.overrides).length).toBeGreaterThan(0);
  expect(monitors.disabled.length).toBeGreaterThan(0);
  for (const id of [...Object.keys(monitors.overrides), ...monitors.disabled]) {
    expect(Object.hasOwn(MONITOR_CATALOG, id)).toBe(true);
  }
});

test('defaults: no overrides, nothing disabled, SLO targets and no Slack workspace', () => {
  const config = editedExampleConfig((raw) => {
    delete raw.products[1].datadog;
  });
  expect(config.products[1].datadog).toEqual({
    site: 'datadoghq.com',
    monitors: { overrides: {}, disabled: [] },
    slos: {
      availabilityTargetPercent: 99.9,
      latencyTargetPercent: 99,
      latencyThresholdSeconds: 0.5,
      timeframe: '30d',
    },
  });
});

test('an override may change every field', () => {
  const override = {
    critical: 95,
    warning: 85,
    windowMinutes: 30,
    evaluationDelaySeconds: 600,
    priority: 1,
    pages: true,
  };
  const config = editedExampleConfig(withMonitors({ overrides: { 'rds.cpu_utilization': override } }));
  expect(config.products[0].datadog.monitors.overrides['rds.cpu_utilization']).toEqual(override);
});

test('fails on an override naming an unknown monitor id, suggesting the closest id and listing its service', () => {
  const message = configError(withMonitors({ overrides: { 'alb.target_5xx': { critical: 3 } } }));
  expect(message).toContain(
    `${AT}.monitors.overrides.alb.target_5xx: unknown monitor id (did you mean "alb.target_5xx_rate"?); monitor ids of alb: alb.target_5xx_rate, alb.elb_5xx_rate`,
  );
});

test('fails on an override of an unknown service, listing the services', () => {
  const message = configError(withMonitors({ overrides: { 'redshift.cpu': { critical: 3 } } }));
  expect(message).toContain(
    `${AT}.monitors.overrides.redshift.cpu: unknown monitor id; monitor ids start with a service (ec2, alb,`,
  );
});

test('fails on a warning beyond the critical threshold of an "above" monitor', () => {
  const message = configError(
    withMonitors({ overrides: { 'rds.cpu_utilization': { critical: 80, warning: 90 } } }),
  );
  expect(message).toContain(
    `${AT}.monitors.overrides.rds.cpu_utilization.warning: warning 90 must be below critical 80: this monitor alerts when the value is above the threshold (percent), got 90`,
  );
});

test('fails on a warning beyond the critical threshold of a "below" monitor', () => {
  const message = configError(withMonitors({ overrides: { 'rds.free_storage_low': { warning: 5 } } }));
  expect(message).toContain(
    `${AT}.monitors.overrides.rds.free_storage_low.warning: warning 5 must be above critical 10 (catalog default): this monitor alerts when the value is below the threshold (percent free), got 5`,
  );
});

test('fails on a critical override that crosses the default warning', () => {
  const message = configError(withMonitors({ overrides: { 'ec2.cpu_utilization': { critical: 70 } } }));
  expect(message).toContain(
    `${AT}.monitors.overrides.ec2.cpu_utilization.critical: warning 80 (catalog default) must be below critical 70`,
  );
});

test('fails on a threshold of the wrong type', () => {
  const message = configError(withMonitors({ overrides: { 'alb.target_5xx_rate': { critical: '5%' } } }));
  expect(message).toContain(
    `${AT}.monitors.overrides.alb.target_5xx_rate.critical: must be a number in the monitor's unit (see the catalog in docs/monitors.md), e.g. 90 or 0.5, got "5%"`,
  );
});

test('reports an unknown id together with a type error elsewhere', () => {
  const message = configError(
    withMonitors({ overrides: { 'alb.target_5xx_rate': { warning: 'high' }, 'rds.cpu': { critical: 1 } } }),
  );
  expect(message).toContain(`${AT}.monitors.overrides.alb.target_5xx_rate.warning: must be a number`);
  expect(message).toContain(`${AT}.monitors.overrides.rds.cpu: unknown monitor id`);
});

test('fails on a window, delay or priority out of range, and on an unknown override key', () => {
  const message = configError(
    withMonitors({
      overrides: {
        'alb.target_5xx_rate': { windowMinutes: 2.5 },
        'rds.cpu_utilization': { evaluationDelaySeconds: -1, priority: 0 },
        'ec2.cpu_utilization': { threshold: 3 },
      },
    }),
  );
  expect(message).toContain(
    `${AT}.monitors.overrides.alb.target_5xx_rate.windowMinutes: must be a whole number of minutes from 1 to 1440, got 2.5`,
  );
  expect(message).toContain(
    `${AT}.monitors.overrides.rds.cpu_utilization.evaluationDelaySeconds: must be a whole number of seconds from 0 to 86400, got -1`,
  );
  expect(message).toContain(
    `${AT}.monitors.overrides.rds.cpu_utilization.priority: must be 1 (highest) to 5 (lowest), got 0`,
  );
  expect(message).toContain(
    `${AT}.monitors.overrides.ec2.cpu_utilization.threshold: unknown key; allowed keys: critical, warning, windowMinutes, evaluationDelaySeconds, priority, pages`,
  );
});

test('fails on disabling an unknown monitor id', () => {
  const message = configError(
    withMonitors({ disabled: ['ebs.throughput_percentage_low', 'lambda.throttle'] }),
  );
  expect(message).toContain(
    `${AT}.monitors.disabled[1]: unknown monitor id (did you mean "lambda.throttles"?); monitor ids of lambda: lambda.error_rate,`,
  );
  expect(message).not.toContain('disabled[0]');
});

test('fails on an SLO target too low for the fast-burn alert of its window', () => {
  const message = configError(withSlos({ availabilityTargetPercent: 90, timeframe: '30d' }));
  expect(message).toContain(
    `${AT}.slos.availabilityTargetPercent: is too low for the 30d fast-burn alert (burn rate 14.4): the target must be at least 93.06, got 90`,
  );
});

test('fails on an SLO target outside (0, 100) and an unknown window', () => {
  const message = configError(withSlos({ latencyTargetPercent: 100, timeframe: '14d' }));
  expect(message).toContain(
    `${AT}.slos.latencyTargetPercent: must be a percentage between 0 and 100 (e.g. 99), got 100`,
  );
  expect(message).toContain(`${AT}.slos.timeframe: must be one of 7d, 30d, 90d, got "14d"`);
});

test('fails on a Slack workspace name that cannot be part of a handle', () => {
  const message = configError((raw) => {
    raw.products[0].datadog.slackAccount = 'Acme Corp';
  });
  expect(message).toContain(`${AT}.slackAccount: must be a Slack workspace name of A-Z a-z 0-9 _ . -`);
});

test('fails on a Datadog site whose AWS integration cannot use role delegation', () => {
  const message = configError((raw) => {
    raw.products[0].datadog.site = 'ddog-gov.com';
  });
  expect(message).toContain(
    `${AT}.site: has no AWS role delegation (US1-FED supports access keys only), which the AWS integration of every product account needs; sites with role delegation: datadoghq.com,`,
  );
});
