// `review diff` and `review parity` on real synthesized outputs of the example config.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import { diffSynthOutputs } from '../../review/diff';
import { MASKED } from '../../review/mask';
import { compareProductStacks } from '../../review/parity';
import { readSynthOutput } from '../../review/synth-output';
import { parsePlatformConfigYaml } from '../../stacks/config/load';
import type { PlatformConfig } from '../../stacks/config/platform';
import { EXAMPLE_CONFIG_FILE, exampleConfig, exampleConfigText, type Json } from '../support/synth';
import { runReview } from './run-cli';
import { synthTo } from './synth-out';

const work = mkdtempSync(path.join(tmpdir(), 'review-synth-'));
const stackJson = (dir: string, stack: string): Json =>
  JSON.parse(readFileSync(path.join(dir, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
const writeStackJson = (dir: string, stack: string, json: Json) =>
  writeFileSync(path.join(dir, 'stacks', stack, 'cdk.tf.json'), JSON.stringify(json, null, 2));
const copyOf = (dir: string, name: string) => {
  const to = path.join(work, name);
  cpSync(dir, to, { recursive: true });
  return to;
};

let base: string;
let config: PlatformConfig;
beforeAll(() => {
  config = exampleConfig();
  base = synthTo(path.join(work, 'base'), config);
}, 120_000);

/** The search product's catalog monitor with a `> N` threshold that comes first by id, and its threshold. */
function searchMonitor(): { id: string; address: string; critical: number } {
  const monitors = stackJson(base, 'search-prod').resource.datadog_monitor as Record<string, Json>;
  const [address, monitor] = Object.entries(monitors)
    .filter(([, m]) => /> [\d.]+$/.test(m.query) && m.monitor_thresholds?.critical !== undefined)
    // A catalog monitor (the product config can override it), not the platform's own dead-letter monitors.
    .filter(([, m]) => (m['//'].metadata.path as string).includes('/Datadog/Monitors/'))
    .sort(([a], [b]) => (a < b ? -1 : 1))[0];
  const id = (monitor['//'].metadata.path as string).split('/').at(-1)!;
  return { id, address: `datadog_monitor.${address}`, critical: Number(monitor.monitor_thresholds.critical) };
}

describe('review diff', () => {
  let head: string;
  let monitor: ReturnType<typeof searchMonitor>;
  beforeAll(() => {
    monitor = searchMonitor();
    // The example config with one threshold changed: the search product overrides one monitor.
    const doc = parseDocument(exampleConfigText());
    const search = (doc.toJS().products as { name: string }[]).findIndex((p) => p.name === 'search');
    doc.setIn(
      ['products', search, 'datadog', 'monitors', 'overrides', monitor.id, 'critical'],
      monitor.critical * 2,
    );
    head = synthTo(path.join(work, 'head'), parsePlatformConfigYaml(doc.toString(), 'modified example'));
  }, 120_000);

  test('two synths that differ by one threshold name exactly that stack and monitor', () => {
    const diff = diffSynthOutputs(readSynthOutput(base), readSynthOutput(head));
    expect(diff.changedStacks).toEqual(['search-prod']);
    const changed = diff.stacks.filter((s) => s.status !== 'unchanged');
    expect(changed).toHaveLength(1);
    expect(changed[0].added).toEqual([]);
    expect(changed[0].removed).toEqual([]);
    expect(changed[0].changed.map((c) => c.head.address)).toEqual([monitor.address]);
    expect(changed[0].changed[0].head.constructPath).toBe(`Datadog/Monitors/${monitor.id}`);
    expect(changed[0].changed[0].changes).toContainEqual({
      path: 'monitor_thresholds.critical',
      before: String(monitor.critical),
      after: String(monitor.critical * 2),
    });
  });

  test('the report names the stack in the table and the monitor with its threshold change; exit 1', () => {
    const file = path.join(work, 'changed-stacks.json');
    const { code, out, err } = runReview(['diff', base, head, '--changed-stacks-file', file]);
    expect(err).toBe('');
    expect(code).toBe(1);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(['search-prod']);
    expect(out).toContain('| `search-prod` | 0 | 1 | 0 |');
    expect(out).toContain('Unchanged: `central`, `payments-prod`, `payments-stg`.');
    expect(out).toContain(`- \`${monitor.address}\` (\`Datadog/Monitors/${monitor.id}\`)`);
    expect(out).toContain(
      `~ monitor_thresholds.critical: "${monitor.critical}" -> "${monitor.critical * 2}"`,
    );
    expect(out).toContain('<!-- changed-stacks: search-prod -->');
  });

  test('identical synths: no changes, exit 0, byte-stable output', () => {
    const first = runReview(['diff', base, base]);
    expect(first.code).toBe(0);
    expect(first.out).toContain('No changes: every stack synthesizes to the same terraform configuration.');
    expect(first.out).toContain('<!-- changed-stacks:  -->');
    expect(runReview(['diff', base, base]).out).toBe(first.out);
  });

  test('new and removed stacks; removed stateful resources are called out first', () => {
    const noCentral = copyOf(base, 'no-central');
    const manifest = JSON.parse(readFileSync(path.join(noCentral, 'manifest.json'), 'utf8'));
    delete manifest.stacks.central;
    writeFileSync(path.join(noCentral, 'manifest.json'), JSON.stringify(manifest));

    const removed = runReview(['diff', base, noCentral]);
    expect(removed.code).toBe(1);
    expect(removed.out).toContain('| `central` (stack removed) |');
    expect(removed.out).toContain('cdktf does not destroy it');
    expect(removed.out).toContain('<!-- changed-stacks:  -->');
    const callout = removed.out.slice(0, removed.out.indexOf('| stack |'));
    const central = stackJson(base, 'central').resource;
    for (const type of ['aws_docdb_cluster', 'aws_kms_key', 'aws_api_gateway_api_key']) {
      for (const name of Object.keys(central[type])) expect(callout).toContain(`\`${type}.${name}\``);
    }

    const added = runReview(['diff', noCentral, base]);
    expect(added.out).toContain('| `central` (new stack) |');
    expect(added.out).toContain('<!-- changed-stacks: central -->');
    expect(added.out).not.toContain('[!CAUTION]');
  });

  test('sensitive-looking attribute values are masked in the diff', () => {
    const secretHead = copyOf(base, 'secret-head');
    const json = stackJson(secretHead, 'central');
    const [name, cluster] = Object.entries(json.resource.aws_docdb_cluster as Record<string, Json>)[0];
    cluster.master_password = 'correct-horse-battery-staple';
    writeStackJson(secretHead, 'central', json);
    const { out } = runReview(['diff', base, secretHead]);
    expect(out).toContain(`\`aws_docdb_cluster.${name}\``);
    expect(out).toContain(`+ master_password = "${MASKED}"`);
    expect(out).not.toContain('correct-horse-battery-staple');
  });
});

describe('review plan --synth', () => {
  test('names each planned resource by its construct path, and judges criticality with it', () => {
    // No terraform here: a minimal plan in the show -json shape, over real resources of a real synth.
    const search = stackJson(base, 'search-prod').resource;
    const [queue] = Object.keys(search.aws_sqs_queue);
    const [monitor] = Object.keys(search.datadog_monitor).sort();
    const change = (type: string, name: string, actions: string[]) => ({
      address: `${type}.${name}`,
      mode: 'managed',
      type,
      name,
      change: { actions, before: {}, after: actions.includes('create') ? {} : null },
    });
    const plan = {
      format_version: '1.2',
      resource_changes: [
        change('aws_sqs_queue', queue, ['delete']),
        change('datadog_monitor', monitor, ['update']),
      ],
    };
    const file = path.join(work, 'search-prod.json');
    writeFileSync(file, JSON.stringify(plan));
    const { out } = runReview(['plan', '--synth', base, file]);
    const pathOf = (r: Json) => (r['//'].metadata.path as string).replace('search-prod/', '');
    expect(out).toContain(
      `**update in place** \`datadog_monitor.${monitor}\` (\`${pathOf(search.datadog_monitor[monitor])}\`)`,
    );
    expect(out).toContain(
      `**destroy** \`aws_sqs_queue.${queue}\` (\`${pathOf(search.aws_sqs_queue[queue])}\`)`,
    );
    // The forwarding queue is the dead-letter queue: critical.
    expect(out).toMatch(/\*\*destroy\*\* `aws_sqs_queue[^\n]*\*\*critical: dead-letter queue/);
  });
});

describe('review parity', () => {
  test("a non-paging env's missing PagerDuty resources are declared by its account entry, and only then", () => {
    const report = compareProductStacks(readSynthOutput(base), config);
    const pd = report.deviations.filter(
      (d) => d.stack === 'payments-stg' && d.kind === 'missing' && d.where.startsWith('PagerDuty/'),
    );
    expect(pd.map((d) => d.type)).toEqual(
      expect.arrayContaining(['pagerduty_service', 'pagerduty_escalation_policy']),
    );
    for (const d of pd) {
      expect(d.declared).toEqual({
        by: 'config',
        text: 'payments: env `stg` does not page (`products[].accounts[]`)',
      });
    }
    // The same stacks against a config where stg pages: its missing service is drift.
    const doc = parseDocument(exampleConfigText());
    doc.setIn(['products', 0, 'accounts', 1, 'pages'], true);
    const paging = compareProductStacks(
      readSynthOutput(base),
      parsePlatformConfigYaml(doc.toString(), 'stg pages'),
    );
    const service = paging.deviations.find(
      (d) => d.stack === 'payments-stg' && d.type === 'pagerduty_service' && d.kind === 'missing',
    )!;
    expect(service.declared).toBeUndefined();
  });

  test('explains every deviation between the example config’s product stacks', () => {
    const report = compareProductStacks(readSynthOutput(base), config);
    expect(report.stacks).toEqual(['payments-prod', 'payments-stg', 'search-prod']);
    expect(report.deviations.length).toBeGreaterThan(0);
    expect(report.deviations.filter((d) => !d.declared)).toEqual([]);

    // Monitors of services search does not use are missing there, declared by its `services`.
    const search = config.products.find((p) => p.name === 'search')!;
    const payments = config.products.find((p) => p.name === 'payments')!;
    const unused = payments.services.filter((s) => !search.services.includes(s));
    const missing = report.deviations.filter((d) => d.stack === 'search-prod' && d.kind === 'missing');
    for (const service of unused) {
      const forService = missing.filter(
        (d) => d.type === 'datadog_monitor' && d.where.includes(`/${service}.`),
      );
      for (const d of forService) {
        expect(d.declared).toEqual({
          by: 'config',
          text: `search: \`services\` does not include \`"${service}"\``,
        });
      }
    }

    // Toil apps are declared by name.
    const searchApps = search.toilApps
      .map((a) => a.name)
      .filter((n) => !payments.toilApps.some((a) => a.name === n));
    expect(searchApps.length).toBeGreaterThan(0);
    for (const app of searchApps) {
      expect(report.deviations).toContainEqual(
        expect.objectContaining({
          stack: 'search-prod',
          kind: 'extra',
          where: `ToilApp-${app}/Resource`,
          declared: { by: 'config', text: `search: \`toilApps\` includes \`${app}\`` },
        }),
      );
    }

    // Every threshold payments overrides shows as a declared deviation of both payments stacks.
    const overrides = payments.datadog.monitors.overrides as Record<string, { critical?: number }>;
    const withCritical = Object.entries(overrides).filter(
      ([id, o]) => o.critical !== undefined && !id.startsWith('rds.'),
    );
    expect(withCritical.length).toBeGreaterThan(0);
    for (const [id, o] of withCritical) {
      for (const stack of ['payments-prod', 'payments-stg']) {
        const d = report.deviations.find(
          (x) =>
            x.stack === stack &&
            x.where === `Datadog/Monitors/${id}` &&
            x.attribute === 'monitor_thresholds.critical',
        );
        expect(d).toMatchObject({
          kind: 'differs',
          value: String(o.critical),
          others: ['search-prod'],
          declared: {
            by: 'config',
            text: `payments: \`datadog.monitors.overrides["${id}"].critical: ${o.critical}\``,
          },
        });
      }
    }
  });

  test('an undeclared threshold and an undeclared missing monitor are reported; --strict exits 1', () => {
    const drifted = copyOf(base, 'drifted');
    const monitor = searchMonitor();
    const search = stackJson(drifted, 'search-prod');
    const name = monitor.address.split('.')[1];
    search.resource.datadog_monitor[name].monitor_thresholds.critical = String(monitor.critical + 1);
    writeStackJson(drifted, 'search-prod', search);
    const stg = stackJson(drifted, 'payments-stg');
    const shared = Object.keys(stg.resource.datadog_monitor).find(
      (m) => m !== name && m in search.resource.datadog_monitor && m.includes('ec2'),
    )!;
    delete stg.resource.datadog_monitor[shared];
    writeStackJson(drifted, 'payments-stg', stg);

    const report = compareProductStacks(readSynthOutput(drifted), config);
    const open = report.deviations.filter((d) => !d.declared);
    expect(open).toContainEqual(
      expect.objectContaining({
        stack: 'search-prod',
        kind: 'differs',
        where: `Datadog/Monitors/${monitor.id}`,
        attribute: 'monitor_thresholds.critical',
        value: String(monitor.critical + 1),
        reference: String(monitor.critical),
      }),
    );
    expect(open).toContainEqual(
      expect.objectContaining({ stack: 'payments-stg', kind: 'missing', type: 'datadog_monitor' }),
    );

    const strict = runReview(['parity', drifted, '--config', EXAMPLE_CONFIG_FILE, '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.out).toContain('**undeclared**');
    expect(runReview(['parity', drifted, '--config', EXAMPLE_CONFIG_FILE]).code).toBe(0);
    const short = runReview(['parity', drifted, '--config', EXAMPLE_CONFIG_FILE, '--only-undeclared']).out;
    expect(short.match(/^- /gm)).toHaveLength(open.length);
    expect(short).not.toContain('declared by');
    expect(short).toContain(`${report.deviations.length - open.length} declared deviations not listed`);
    expect(runReview(['parity', base, '--config', EXAMPLE_CONFIG_FILE, '--strict']).code).toBe(0);
  });

  test('a difference between envs of one product only is labelled per env, and --strict lets it pass', () => {
    const envs = copyOf(base, 'envs');
    const search = stackJson(envs, 'search-prod');
    const stg = stackJson(envs, 'payments-stg');
    // A monitor only the payments product has (a service search does not use), gone from its stg account.
    const paymentsOnly = Object.keys(stg.resource.datadog_monitor)
      .filter((m) => !(m in search.resource.datadog_monitor))
      .sort()[0];
    const where = (stg.resource.datadog_monitor[paymentsOnly]['//'].metadata.path as string).replace(
      'payments-stg/',
      '',
    );
    delete stg.resource.datadog_monitor[paymentsOnly];
    writeStackJson(envs, 'payments-stg', stg);

    const report = compareProductStacks(readSynthOutput(envs), config);
    const d = report.deviations.find((x) => x.stack === 'payments-stg' && x.where === where);
    expect(d).toMatchObject({
      kind: 'missing',
      others: ['payments-prod'],
      declared: { by: 'env', text: 'payments treats env `stg` differently from `prod`' },
    });
    expect(runReview(['parity', envs, '--config', EXAMPLE_CONFIG_FILE, '--strict']).code).toBe(0);
  });

  test('fails on a config that is not valid, and on a directory that is not a cdktf output', () => {
    const bad = path.join(work, 'bad.yaml');
    writeFileSync(bad, 'central: {}\n');
    const invalid = runReview(['parity', base, '--config', bad]);
    expect(invalid.code).toBe(2);
    expect(invalid.err).toContain(`Invalid platform config ${bad}`);
    const notOut = runReview(['parity', work]);
    expect(notOut.code).toBe(2);
    expect(notOut.err).toContain(`cannot read cdktf manifest ${path.join(work, 'manifest.json')}: ENOENT`);
  });
});
