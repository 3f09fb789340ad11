import { configLeaves, relevance, topicOf, valueMatches } from '../../review/parity-settings';

const monitor = (id: string, attribute = '') =>
  topicOf(`Datadog/Monitors/${id}`, 'datadog_monitor', attribute);

test('config sections flatten to settings; list members and named entries keep their identity', () => {
  const leaves = configLeaves(
    {
      services: ['ec2', 'rds'],
      datadog: { monitors: { overrides: { 'rds.cpu_utilization': { critical: 95 } } } },
      toilApps: [{ name: 'toil-log-cleanup', semanticVersion: '1.0.7' }],
    },
    '',
  );
  expect(leaves).toEqual([
    { path: 'services[]', value: 'ec2' },
    { path: 'services[]', value: 'rds' },
    { path: 'datadog.monitors.overrides["rds.cpu_utilization"].critical', value: 95 },
    { path: 'toilApps[name=toil-log-cleanup].name', value: 'toil-log-cleanup' },
    { path: 'toilApps[name=toil-log-cleanup].semanticVersion', value: '1.0.7' },
  ]);
});

test('a list member is about what its value names', () => {
  expect(relevance({ path: 'services[]', value: 'rds' }, monitor('rds.cpu_utilization'))).toBeGreaterThan(0);
  expect(relevance({ path: 'services[]', value: 'rds' }, monitor('ec2.cpu_utilization'))).toBe(0);
  // Inside a name: `apigateway` in `AWS/ApiGateway`.
  const filters = topicOf('Datadog/AwsIntegration/Resource', 'include_only', 'AWS/ApiGateway');
  expect(relevance({ path: 'services[]', value: 'apigateway' }, filters)).toBeGreaterThan(0);
});

test('a setting under a named entry is only about what names that entry', () => {
  const override = { path: 'datadog.monitors.overrides["ec2.network_out_high"].critical', value: 8e9 };
  expect(relevance(override, monitor('ec2.network_out_high', 'monitor_thresholds.critical'))).toBeGreaterThan(
    0,
  );
  expect(relevance(override, monitor('ec2.cpu_utilization', 'monitor_thresholds.critical'))).toBe(0);
});

test('path words count below the section; the section counts only with the construct’s own name', () => {
  const slack = { path: 'datadog.slackAccount', value: 'acme' };
  expect(
    relevance(slack, topicOf('Datadog/SlackChannel/Resource', 'datadog_integration_slack_channel')),
  ).toBeGreaterThan(0);
  // "threshold" in the attribute is one word, and not the construct's name: unrelated.
  const slo = { path: 'datadog.slos.latencyThresholdSeconds', value: 0.5 };
  expect(relevance(slo, monitor('alb.elb_4xx_rate', 'monitor_thresholds.critical'))).toBe(0);
  expect(
    relevance(slo, topicOf('Datadog/Slos/Latency', 'sli_specification.time_slice.threshold')),
  ).toBeGreaterThan(0);
});

test('a value matches as itself or as a number inside text, bounded by other digits', () => {
  expect(valueMatches(2, '2')).toBe(true);
  expect(valueMatches(10, 'max(last_10m):avg:x > 50')).toBe(true);
  expect(valueMatches(0.3, 'p95 under 0.3s')).toBe(true);
  expect(valueMatches(1, 'max(last_10m)')).toBe(false);
  expect(valueMatches(0.3, 'under 0.35s')).toBe(false);
  expect(valueMatches('HIGH', 'high')).toBe(false);
  expect(valueMatches('rds', ['ec2', 'rds'])).toBe(true);
});
