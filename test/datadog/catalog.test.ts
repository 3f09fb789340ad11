import {
  formatWindow,
  MONITOR_CATALOG,
  MONITOR_IDS,
  MONITORED_SERVICES,
  type MonitorSpec,
  monitorIdsForServices,
  namespacesForServices,
  renderQuery,
  resolveMonitor,
  SERVICE_NAMESPACES,
  warningIsBeforeCritical,
} from '../../constructs/datadog/catalog';
import { monitorBody } from '../../constructs/datadog/product-monitors';
import { metricNamesIn, referenceMetricNames } from './support';

/**
 * Real metrics the reference files do not list (their tables are partial). Keep this list short; each
 * entry names the Datadog page that documents it.
 */
const DOCUMENTED_ELSEWHERE: Record<string, string> = {
  // https://docs.datadoghq.com/integrations/amazon_ebs/ (metric table: aws.ebs.volume_write_ops)
  'aws.ebs.volume_write_ops': 'amazon_ebs',
  // https://docs.datadoghq.com/integrations/amazon_nat_gateway/
  'aws.natgateway.error_port_allocation': 'amazon_nat_gateway',
  'aws.natgateway.packets_drop_count': 'amazon_nat_gateway',
  // https://docs.datadoghq.com/integrations/amazon_cloudfront/
  'aws.cloudfront.5xx_error_rate': 'amazon_cloudfront',
  'aws.cloudfront.4xx_error_rate': 'amazon_cloudfront',
  // https://docs.datadoghq.com/integrations/system/ (Datadog Agent core check)
  'system.disk.in_use': 'system',
  'system.mem.pct_usable': 'system',
};

const entries = Object.entries(MONITOR_CATALOG) as [string, MonitorSpec][];

test('the catalog has at least 50 monitors and covers every service', () => {
  expect(MONITOR_IDS.length).toBeGreaterThanOrEqual(50);
  for (const service of MONITORED_SERVICES) {
    expect(monitorIdsForServices([service]).length).toBeGreaterThan(0);
  }
});

test('every metric name in every query is a real Datadog metric', () => {
  const known = referenceMetricNames();
  const unknown: string[] = [];
  const usedFromAllowList = new Set<string>();
  for (const [id, spec] of entries) {
    const names = metricNamesIn(spec.query);
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      if (known.has(name)) continue;
      if (DOCUMENTED_ELSEWHERE[name]) usedFromAllowList.add(name);
      else unknown.push(`${id}: ${name}`);
    }
  }
  expect(unknown).toEqual([]);
  // An allow-list entry that the reference files now contain, or that no query uses, must go.
  for (const name of Object.keys(DOCUMENTED_ELSEWHERE)) {
    expect(known.has(name)).toBe(false);
    expect(usedFromAllowList.has(name)).toBe(true);
  }
});

test('the documented metric of each monitor is in its query, and ids start with the service', () => {
  for (const [id, spec] of entries) {
    expect(metricNamesIn(spec.query)).toContain(spec.metric);
    expect(id.startsWith(`${spec.service}.`)).toBe(true);
    expect(id).toMatch(/^[a-z0-9]+\.[a-z0-9_]+$/);
    expect(spec.query).toContain('$scope');
  }
});

test('default warnings lie on the good side of the critical threshold', () => {
  for (const [id, spec] of entries) {
    const { warning, critical } = spec.thresholds;
    if (warning === undefined) continue;
    expect({ id, ok: warningIsBeforeCritical(spec.direction, warning, critical) }).toEqual({ id, ok: true });
  }
});

test('no-data alerts are rare: only where silence means trouble, and they page', () => {
  const noData = entries.filter(([, spec]) => spec.noDataMinutes !== undefined);
  expect(noData.map(([id]) => id).sort()).toEqual(['alb.no_healthy_targets', 'nlb.no_healthy_targets']);
  for (const [, spec] of noData) expect(spec.pages).toBe(true);
});

test('paging monitors are the user-impacting ones and have a high priority', () => {
  const paging = entries.filter(([, spec]) => spec.pages);
  expect(paging.length).toBeGreaterThan(5);
  expect(paging.length).toBeLessThan(entries.length / 4);
  for (const [, spec] of paging) expect(spec.priority).toBeLessThanOrEqual(2);
});

test('agent metrics are the only ones outside the aws.* namespace', () => {
  for (const [id, spec] of entries) {
    const agent = spec.source === 'agent';
    for (const name of metricNamesIn(spec.query)) {
      expect({ id, agent: name.startsWith('aws.') }).toEqual({ id, agent: !agent });
    }
  }
});

test('namespace filters follow the services and always keep AWS/SQS for the forwarding dead-letter queue', () => {
  expect(namespacesForServices([])).toEqual(['AWS/SQS']);
  expect(namespacesForServices(['rds', 'alb'])).toEqual(['AWS/ApplicationELB', 'AWS/RDS', 'AWS/SQS']);
  const all = namespacesForServices([...MONITORED_SERVICES]);
  for (const service of MONITORED_SERVICES) {
    for (const ns of SERVICE_NAMESPACES[service]) expect(all).toContain(ns);
  }
});

test('every monitor is a metric query tagged with the golden signal it watches', () => {
  const signals = ['signal:availability', 'signal:errors', 'signal:latency', 'signal:saturation'];
  for (const [id, spec] of entries) {
    expect({ id, type: spec.type }).toEqual({ id, type: 'query alert' });
    expect(spec.tags?.filter((t) => signals.includes(t))).toHaveLength(1);
  }
});

describe('resolving a catalog entry', () => {
  const spec: MonitorSpec = MONITOR_CATALOG['rds.free_storage_low'];

  test('renders window, scope, comparator and critical threshold into the query', () => {
    expect(
      renderQuery(
        resolveMonitor('rds.free_storage_low', spec, { windowMinutes: 60, critical: 5 }),
        'aws_account:1',
      ),
    ).toBe(
      'max(last_1h):min:aws.rds.free_storage_space{aws_account:1} by {dbinstanceidentifier} / max:aws.rds.total_storage_space{aws_account:1} by {dbinstanceidentifier} * 100 < 5',
    );
    expect(formatWindow(15)).toBe('last_15m');
    expect(formatWindow(2880)).toBe('last_2d');
  });

  test('keeps catalog values that the override does not name', () => {
    const resolved = resolveMonitor('rds.free_storage_low', spec, { priority: 1 });
    expect(resolved).toMatchObject({
      thresholds: spec.thresholds,
      windowMinutes: spec.windowMinutes,
      priority: 1,
      pages: spec.pages,
      evaluationDelaySeconds: 900,
    });
  });

  test('writes the value and both thresholds into the body, the warning only when there is one', () => {
    expect(monitorBody(resolveMonitor('rds.free_storage_low', spec))).toMatch(
      /\nValue \{\{value\}\} \(percent free\); alert < \{\{threshold\}\}, warn < \{\{warn_threshold\}\}\.$/,
    );
    const noWarning: MonitorSpec = MONITOR_CATALOG['alb.no_healthy_targets'];
    expect(monitorBody(resolveMonitor('alb.no_healthy_targets', noWarning))).not.toContain('warn_threshold');
  });
});
