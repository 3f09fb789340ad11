// Normalizer throughput on one core: `npx tsx bench/normalizers.ts [iterations]`.
// Each sample is one normalizeDelivery call on a real fixture (events/s, p50/p99 per call, per source).
// The normalizers are measured as deployed: bundled and minified by esbuild like the collector Lambda
// (running them through tsx instead adds a name-keeping wrapper to every closure, about 30% slower).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import type { DeliveryContext, NormalizeResult, Route } from '../lambda-src/collector/normalized-event';

type NormalizeDelivery = (route: Route, payload: unknown, ctx: DeliveryContext) => NormalizeResult;

let loaded: NormalizeDelivery | undefined;

/** The normalizers as the collector Lambda runs them: bundled and minified, built once per process. */
function normalizeDelivery(route: Route, payload: unknown, ctx: DeliveryContext): NormalizeResult {
  if (!loaded) {
    const bundle = join(mkdtempSync(join(os.tmpdir(), 'normalizers-bench-')), 'normalize.js');
    buildSync({
      entryPoints: [join(__dirname, '..', 'lambda-src', 'collector', 'normalize', 'index.ts')],
      outfile: bundle,
      bundle: true,
      minify: true,
      platform: 'node',
      target: `node${process.versions.node.split('.')[0]}`,
      format: 'cjs',
      logLevel: 'silent',
    });
    loaded = (require(bundle) as { normalizeDelivery: NormalizeDelivery }).normalizeDelivery;
  }
  return loaded(route, payload, ctx);
}

const FIXTURES = join(__dirname, '..', 'test', 'fixtures', 'events');
const read = (path: string) => JSON.parse(readFileSync(join(FIXTURES, path), 'utf8'));

/** GuardDuty samples exist only as `detail`: the documented envelope around them. */
const guardDuty = (detail: unknown) => ({
  version: '0',
  id: 'c8c4daa7-a20c-2f03-0070-b7393dd542ad',
  'detail-type': 'GuardDuty Finding',
  source: 'aws.guardduty',
  account: '123456789012',
  time: '2024-01-01T00:00:00Z',
  region: 'us-east-1',
  resources: [],
  detail,
});

interface Case {
  readonly name: string;
  readonly route: Route;
  readonly payload: unknown;
  readonly headers?: Record<string, string>;
}

const EVENTBRIDGE: Case[] = [
  {
    name: 'guardduty',
    route: 'eventbridge',
    payload: guardDuty(read('guardduty/finding-detail-only.iam-api-call.aws-samples.json')),
  },
  {
    name: 'inspector',
    route: 'eventbridge',
    payload: read('inspector2/inspector2-finding.ec2-package-vulnerability.awsdocs.json'),
  },
  {
    name: 'securityhub (ASFF)',
    route: 'eventbridge',
    payload: read('securityhub/findings-imported.cis-1.4.aws-solutions.json'),
  },
  {
    name: 'ecs task',
    route: 'eventbridge',
    payload: read('ecs/ecs-task-state-change.fargate-running.awsdocs.json'),
  },
  {
    name: 'ecs service action',
    route: 'eventbridge',
    payload: read('ecs/ecs-service-action.placement-failure.awsdocs.json'),
  },
  {
    name: 'config',
    route: 'eventbridge',
    payload: read('config/config-rules-compliance-change.eventbridge.unattributed.json'),
  },
];

const WEBHOOKS: Case[] = [
  {
    name: 'pagerduty',
    route: 'pagerduty',
    payload: read('pagerduty/webhook-v3.incident.priority_updated.pagerduty-docs.json'),
  },
  {
    name: 'datadog',
    route: 'datadog',
    payload: read(
      'datadog/webhook.monitor-triggered.default-template-plus-custom-fields.inres-thirdparty.json',
    ),
  },
  {
    name: 'sentry (issue)',
    route: 'sentry',
    payload: read('sentry/webhook.issue.created.sentry-docs.json'),
    headers: { 'sentry-hook-resource': 'issue' },
  },
  {
    name: 'fluentbit (4 records)',
    route: 'fluentbit',
    payload: read('fluentbit/json-format-array.tap-stdout-format-json.fluent-bit-docs.json'),
  },
];

export interface Measure {
  /** Calls per second of CPU time (user + system) of this process: one core's throughput, whatever else runs. */
  readonly perCpuSecond: number;
  /** Calls per second of wall-clock time (lower when the machine is shared). */
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
}

function measure(c: Case, iterations: number): Measure {
  const ctx: DeliveryContext = {
    product: 'bench',
    receivedAt: new Date().toISOString(),
    headers: c.headers ?? {},
  };
  for (let i = 0; i < Math.min(2000, iterations); i++) normalizeDelivery(c.route, c.payload, ctx);
  const samples = new Float64Array(iterations);
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) {
    const t0 = process.hrtime.bigint();
    const result = normalizeDelivery(c.route, c.payload, ctx);
    samples[i] = Number(process.hrtime.bigint() - t0) / 1000;
    if (!result.ok) throw new Error(`${c.name}: ${result.reason}`);
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const used = process.cpuUsage(cpu);
  samples.sort();
  return {
    perCpuSecond: iterations / ((used.user + used.system) / 1e6),
    perSecond: iterations / seconds,
    p50: samples[Math.floor(iterations * 0.5)],
    p99: samples[Math.floor(iterations * 0.99)],
  };
}

/** One source's figures: throughput per CPU second and per wall second, latency per call (wall, µs). */
export interface NormalizerRow extends Measure {
  readonly source: string;
  readonly group: 'eventbridge' | 'webhook';
}

export interface NormalizerResults {
  readonly iterations: number;
  readonly rows: readonly NormalizerRow[];
  /** All the EventBridge sources together: calls per CPU second and per wall second. */
  readonly eventBridgeMix: { readonly perCpuSecond: number; readonly perSecond: number };
}

/** Measures every source, `iterations` calls each, in this process (one core). */
export function benchNormalizers(iterations: number): NormalizerResults {
  const rows: NormalizerRow[] = [];
  let cpuSeconds = 0;
  let wallSeconds = 0;
  for (const c of EVENTBRIDGE) {
    const r = measure(c, iterations);
    cpuSeconds += iterations / r.perCpuSecond;
    wallSeconds += iterations / r.perSecond;
    rows.push({ source: c.name, group: 'eventbridge', ...r });
  }
  for (const c of WEBHOOKS) rows.push({ source: c.name, group: 'webhook', ...measure(c, iterations) });
  const calls = iterations * EVENTBRIDGE.length;
  return {
    iterations,
    rows,
    eventBridgeMix: { perCpuSecond: calls / cpuSeconds, perSecond: calls / wallSeconds },
  };
}

const rate = (n: number) => `${Math.round(n).toLocaleString('en-US').padStart(10)}/s`;

function row(name: string, r: Measure): string {
  return `${name.padEnd(24)} ${rate(r.perCpuSecond)} ${rate(r.perSecond)}   p50 ${r.p50.toFixed(1).padStart(6)} µs   p99 ${r.p99.toFixed(1).padStart(6)} µs`;
}

/**
 * The same, in a fresh process: nothing else in its heap (no background garbage collection of someone else's
 * objects counted as its CPU time), no JIT state from other work.
 */
export function benchNormalizersInChild(iterations: number): NormalizerResults {
  const out = execFileSync(process.execPath, ['--import', 'tsx', __filename, '--json', String(iterations)], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  return JSON.parse(out);
}

if (require.main === module && process.argv[2] === '--json') {
  console.log(JSON.stringify(benchNormalizers(Number(process.argv[3]))));
} else if (require.main === module) {
  const iterations = Number(process.argv[2] ?? 20000);
  console.log(
    `normalizeDelivery, ${iterations} calls per source, node ${process.version}, load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`,
  );
  console.log(
    `${'source'.padEnd(24)} ${'per CPU s'.padStart(12)} ${'per wall s'.padStart(12)}   latency per call (wall)`,
  );
  const results = benchNormalizers(iterations);
  for (const r of results.rows.filter((x) => x.group === 'eventbridge')) console.log(row(r.source, r));
  const mix = results.eventBridgeMix;
  console.log(`${'EventBridge (mix)'.padEnd(24)} ${rate(mix.perCpuSecond)} ${rate(mix.perSecond)}`);
  for (const r of results.rows.filter((x) => x.group === 'webhook')) console.log(row(r.source, r));
}
