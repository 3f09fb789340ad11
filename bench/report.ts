// Renders docs/benchmarks.md from one run of every benchmark. The prose lives here, next to the numbers it
// explains, so that the document is regenerated whole by `npm run bench`.
import type { BundleResult, ModuleLoads } from './bundles';
import { faultSection } from './faults/report';
import type { FaultRunResult } from './faults/run';
import type { Machine } from './machine';
import type { NormalizerResults } from './normalizers';
import type { RoundTripResults } from './round-trips';
import { type SynthResult, synthTable } from './synth';

export interface BenchResults {
  readonly machine: Machine;
  readonly startedAt: Date;
  readonly finishedAt: Date;
  readonly loadAtStart: readonly string[];
  readonly loadAtEnd: readonly string[];
  readonly quick: boolean;
  readonly synth: readonly SynthResult[];
  readonly bundles: readonly BundleResult[];
  readonly moduleLoad: ModuleLoads;
  readonly normalizers: NormalizerResults;
  readonly roundTrips: RoundTripResults | { readonly error: string };
  readonly faults: FaultRunResult | { readonly error: string };
}

/** Targets of issue 9. */
export const TARGETS = {
  synthRatio: 2.5,
  synthPeakMb: 1024,
  eventBridgePerCoreSecond: 20_000,
} as const;

const kb = (bytes: number) => `${(bytes / 1000).toLocaleString('en-US', { maximumFractionDigits: 1 })} kB`;
const int = (n: number) => Math.round(n).toLocaleString('en-US');
const yes = (ok: boolean) => (ok ? 'yes' : '**no**');
const ms = (n: number) => n.toFixed(n < 10 ? 1 : 0);

function targets(r: BenchResults): string {
  const at100 = r.synth.find((s) => s.accounts === 100);
  const collector = r.bundles.find((b) => b.name === 'collector')!;
  const authorizer = r.bundles.find((b) => b.name === 'authorizer')!;
  const mix = r.normalizers.eventBridgeMix.perCpuSecond;
  const fluentBit =
    'error' in r.roundTrips ? undefined : r.roundTrips.warm.find((w) => /Fluent Bit/.test(w.name));
  const rows = [
    at100
      ? `| 100 product accounts synthesized in ≤ ${TARGETS.synthRatio}× the time of bare cdktf | ${at100.wallRatio.toFixed(2)}× wall, ${at100.cpuRatio.toFixed(2)}× CPU | ${yes(Math.max(at100.wallRatio, at100.cpuRatio) <= TARGETS.synthRatio)} |`
      : '| 100 product accounts synthesized in ≤ 2.5× bare cdktf | not run | **no** |',
    at100
      ? `| … and in ≤ 1 GB | ${at100.typed.peakRssMb} MB peak RSS | ${yes(at100.typed.peakRssMb <= TARGETS.synthPeakMb)} |`
      : '',
    `| collector bundle ≤ 1 MB (1,000,000 bytes, minified) | ${kb(collector.stats.codeBytes)} | ${yes(collector.stats.codeBytes <= collector.budgetBytes)} |`,
    `| authorizer bundle ≤ 20 kB | ${kb(authorizer.stats.codeBytes)} | ${yes(authorizer.stats.codeBytes <= authorizer.budgetBytes)} |`,
    `| ≥ ${int(TARGETS.eventBridgePerCoreSecond)} EventBridge events/s per core (normalizers) | ${int(mix)} per CPU second | ${yes(mix >= TARGETS.eventBridgePerCoreSecond)} |`,
    fluentBit
      ? `| a Fluent Bit batch is one write round trip | ${fluentBit.total} command${fluentBit.total === 1 ? '' : 's'} (${Object.keys(fluentBit.commands).join(', ')}) for ${fluentBit.stored} records | ${yes(fluentBit.total === 1)} |`
      : '| a Fluent Bit batch is one write round trip | not measured (no database) | **no** |',
  ].filter(Boolean);
  return ['| target | measured | met |', '|---|---|---|', ...rows].join('\n');
}

/** CPU per additional product account between the sizes measured: flat means linear growth. */
function linearity(results: readonly SynthResult[]): string {
  const steps: string[] = [];
  for (let i = 1; i < results.length; i++) {
    const [a, b] = [results[i - 1], results[i]];
    if (a.accounts < 10) continue;
    const perAccount = (b.typed.cpuMs - a.typed.cpuMs) / (b.accounts - a.accounts);
    steps.push(`${a.accounts} → ${b.accounts}: ${Math.round(perAccount)} ms`);
  }
  if (steps.length === 0) return '';
  const last = results[results.length - 1];
  return `Growth is linear: CPU per additional product account ${steps.join(', ')}; peak memory ${last.typed.peakRssMb} MB at ${last.accounts} accounts (bare cdktf: ${last.bare.peakRssMb} MB).`;
}

function synthSection(r: BenchResults): string {
  const at1 = r.synth.find((s) => s.accounts === 1);
  const at100 = r.synth.find((s) => s.accounts === 100);
  return `## Synthesis

${synthTable(r.synth)}

How it is measured (\`bench/synth.ts\`, \`bench/synth-worker.ts\`, \`bench/bare-app.ts\`):
- **This app** is the rollout app exactly as \`main.ts\` runs it (\`buildPlatform\` + \`app.synth()\` with
  validations on, \`stacks/synth-speed.ts\` applied) on a generated config: the central account plus N product
  accounts, each a copy of the example config's fullest product (13 AWS services, PagerDuty, forwarding, toil
  apps).
- **Bare cdktf** re-creates, from this app's output, the same stacks with every resource as one untyped
  \`TerraformResource\` whose attributes are raw overrides (providers, variables, outputs, data sources and
  locals as stack overrides). Every run checks that both write the same Terraform JSON for every stack,
  apart from cdktf's \`//\` metadata (construct paths).
- Each run is a fresh process (\`node --import tsx\`, as \`cdktf synth\` runs \`npx tsx main.ts\`); times count
  from process start. A typed run and its bare run go back to back so that both meet the same load; with
  several runs the table shows the pair with the median wall ratio, and the ratios are medians.
- **What the ratio includes.** This app's side: loading the provider classes and the config schema, reading
  and validating the config, building the stacks, bundling the collector, authorizer and query API Lambdas
  with esbuild (every run) and zipping them (a zip this machine made before for the same bundle is reused, as
  in these runs; zipping afresh adds about 0.5 s of CPU), building the dashboard page, the guardrail aspects and validations, and
  writing the JSON and the Lambda zips. The bare side: loading cdktf and parsing the JSON it replays,
  constructing the untyped resources, and writing the JSON (no validations: its providers are overrides, not
  constructs; no assets). Both apply the same \`stacks/synth-speed.ts\` switches, so the comparison is of the
  work, not of debugging settings.
- CPU time is user + system time of the process (all its threads) and of its child processes (esbuild's
  service process, which runs for the life of the process), from \`process.cpuUsage()\` and \`/proc\`. It
  grows much less with the machine's load than wall time (on a virtual machine, not at all only if the
  host's cores are not shared either). esbuild bundles on several threads at once, so the
  build phase can take more CPU than wall time.
${at1 ? `- At 1 product account this app takes ${(at1.typed.cpuMs / 1000).toFixed(1)} s of CPU: mostly the constant part (module loading, Lambda bundles, dashboard page, central stack).\n` : ''}
### What stood in the way, and what was done

Measured with CPU profiles (\`node --cpu-prof\` on the worker) at 10 and 100 product accounts:

| cause | share before | fix |
|---|---|---|
| cdktf captures a full stack trace (\`Error.stackTraceLimit = Infinity\`, source-mapped under tsx) for every token it creates, and the provider classes create several per resource | ~35% at 100 accounts | \`stacks/synth-speed.ts\`: no creation-stack capture and no source-mapped traces during synthesis (\`CDKTF_TOKEN_STACK_TRACES=1\` brings them back for debugging) |
| cdktf's \`ARCHIVE\` assets zip by starting a \`node\` process per asset (\`archiveSync\` runs its own module as a CLI, which loads \`archiver\`) | ~25% at 10 accounts (≈ 2 s, constant) | \`constructs/core/lambda-bundle.ts\` zips the bundle in process with \`fflate\` (pinned) into a deterministic zip (sorted entries, fixed DOS time and Unix mode: same bytes, same asset hash, on every machine and time zone) and hands it to cdktf as a \`FILE\` asset; the zip is kept in the bundle's content-addressed directory and reused by later syntheses |
| cdktf resolves every attribute a provider class synthesizes, and the prebuilt classes synthesize all of their schema: about 30 of a Datadog monitor's 40 attributes are undefined, resolved twice per synthesis (a resolution context and a path string each) and then dropped | ~27% of the synthesis phase at 100 accounts (A/B, two runs each: 10.2 → 7.4 s CPU; whole run 13.3 → 10.5 s) | \`stacks/synth-speed.ts\` replaces cdktf's \`processDynamicAttributes\` (the step every resource's attributes pass through) with one that leaves undefined values out. The JSON is byte for byte the same (cdktf drops undefined values after resolving and writes keys sorted); \`test/stacks/synth-speed.test.ts\` synthesizes every stack of the example platform with and without the switches and compares |
| esbuild bundling (collector, authorizer, query API) and the dashboard page | constant, ~1 s CPU | already once per entry and process (content-addressed output directory), not per stack |

Before these fixes, 100 product accounts took 128 s against 13.8 s for bare cdktf (9.3×), peak 684 MB; with
the first two, 2.46× wall and 2.20× CPU (one run on a loaded machine, esbuild's CPU not counted yet): too
close to the target.
${
  at100
    ? `Now: ${(at100.typed.totalMs / 1000).toFixed(1)} s wall / ${(at100.typed.cpuMs / 1000).toFixed(1)} s CPU against ${(at100.bare.totalMs / 1000).toFixed(1)} s / ${(at100.bare.cpuMs / 1000).toFixed(1)} s (${at100.wallRatio.toFixed(2)}× wall, ${at100.cpuRatio.toFixed(2)}× CPU), peak ${at100.typed.peakRssMb} MB.`
    : ''
}

What remains is cdktf's own work per typed resource, which the bare app does not do: each provider class
builds its attribute object attribute by attribute (\`stringToTerraform\`, \`keysToSnakeCase\`) on both passes
(cdktf resolves every element once to find cross-stack references and once to write it), and references
between resources are tokens that are looked up and rendered again. Per Datadog monitor (78 per product
account, most of the output) one pass costs about 180 µs against 120 µs for the same JSON as an untyped
resource. ${linearity(r.synth)} The constructs do nothing per stack that does not depend on that stack (the
Lambda bundles and the dashboard page are built once per process), and the central stack, which has one API
key, usage plan and key secret per product, stays a small share (about 1.5 s of CPU at 500 products).
`;
}

function bundleSection(r: BenchResults): string {
  const rows = r.bundles.map(
    (b) =>
      `| ${b.name} | ${kb(b.stats.codeBytes)} | ${kb(b.budgetBytes)} | ${kb(b.stats.sourceMapBytes)} | ${kb(b.stats.zipBytes)} |`,
  );
  const { deployed: m, withoutSourceMaps: plain } = r.moduleLoad;
  return `## Lambda bundles

The bundles the central stack deploys, built by its own bundling (\`LambdaBundle\`: esbuild, minified, CommonJS,
target node22, the AWS SDK left to the runtime), and the zip that is uploaded (code and source map).

| bundle | code | budget | source map | zip |
|---|---:|---:|---:|---:|
${rows.join('\n')}

The collector was 1.32 MB: every normalizer imported zod as \`import { z } from 'zod'\`, a namespace object that
esbuild keeps whole (all ~40 locales, JSON-schema conversion). \`import * as z from 'zod'\` lets it drop what
is not used (zod: 454 kB → 95 kB). What is left is mostly the MongoDB driver (~440 kB) and its URL parser
(\`whatwg-url\` with its Unicode tables, ~280 kB). \`test/bench/bundle-budget.test.ts\` keeps both bundles within
their budgets.

### Collector cold start (module load)

\`require()\` of the collector's \`index.js\` in a fresh \`node\` process, ${m.runs} runs each way, alternating:

| | median, wall ms | median, CPU ms | min–max, wall ms | from process start, ms |
|---|---:|---:|---:|---:|
| as deployed (\`NODE_OPTIONS=--enable-source-maps\`, set on the function: node also reads and parses the source map) | **${ms(m.medianMs)}** | ${ms(m.medianCpuMs)} | ${ms(m.minMs)}–${ms(m.maxMs)} | ${ms(m.medianProcessMs)} |
| without source maps | ${ms(plain.medianMs)} | ${ms(plain.medianCpuMs)} | ${ms(plain.minMs)}–${ms(plain.maxMs)} | ${ms(plain.medianProcessMs)} |

A proxy for the part of a Lambda cold start that the code controls: the runtime's own start and the first
database connection come on top (the connection is counted below). The AWS SDK is not loaded here: the
collector loads it on first use, and only for a Secrets Manager read.
`;
}

function normalizerSection(r: BenchResults): string {
  const n = r.normalizers;
  const row = (x: NormalizerResults['rows'][number]) =>
    `| ${x.source} | ${int(x.perCpuSecond)} | ${int(x.perSecond)} | ${x.p50.toFixed(1)} | ${x.p99.toFixed(1)} |`;
  return `## Normalizers

\`normalizeDelivery\` in process (\`bench/normalizers.ts\`, in a fresh \`node\`), bundled and minified as the
collector runs it, ${int(n.iterations)} calls per source on the real fixtures after a warm-up, one call at a
time. Calls per CPU second divide by the CPU time of the whole process, its garbage collection threads
included: what one core sustains, much less affected by other work on the machine. Per wall second can be
higher, when garbage collection runs on another core; it and the latencies (wall clock per call) include the
machine's load.

| source | calls per CPU second | per wall second | p50, µs | p99, µs |
|---|---:|---:|---:|---:|
${n.rows
  .filter((x) => x.group === 'eventbridge')
  .map(row)
  .join('\n')}
| **EventBridge, all sources above** | **${int(n.eventBridgeMix.perCpuSecond)}** | ${int(n.eventBridgeMix.perSecond)} | | |
${n.rows
  .filter((x) => x.group === 'webhook')
  .map(row)
  .join('\n')}
`;
}

function roundTripSection(r: BenchResults): string {
  if ('error' in r.roundTrips) {
    return `## Database round trips

Not measured: ${r.roundTrips.error}. Set \`MONGODB_URI\`, or install FerretDB with
\`scripts/ferretdb/install.sh\` (needs Go), and run again.
`;
  }
  const t = r.roundTrips;
  const commands = (c: Readonly<Record<string, number>>) =>
    Object.entries(c)
      .map(([name, count]) => `${name} × ${count}`)
      .join(', ');
  const rows = t.warm.map(
    (w) => `| ${w.name} | ${w.status} | ${w.stored} | ${w.total} | ${commands(w.commands)} |`,
  );
  return `## Database round trips

Through the real collector handler (\`lambda-src/collector/handler.ts\`, loaded once as one container) against
${t.server}, counting every command the driver sends with its command monitoring (\`commandStarted\`): one
command is one request and response on the wire.

| request (warm container) | status | documents stored | round trips | commands |
|---|---:|---:|---:|---|
${rows.join('\n')}

The first request of a new container (${t.cold.name.replace(/^first request of a container: /, '')}) made
**${t.cold.total}** round trip(s) (${commands(t.cold.commands)}) on ${t.cold.connectionsOpened} new connection(s): the
request's own write only. The indexes are created at deploy by the database bootstrap (docs/central.md,
"Database users"), not on a cold start. Opening the connection itself is not a command: a \`hello\` handshake,
and on DocumentDB a TLS handshake and SCRAM authentication (\`saslStart\`, \`saslContinue\`) on top, once per
container.
`;
}

export function renderReport(r: BenchResults): string {
  const m = r.machine;
  const minutes = ((r.finishedAt.getTime() - r.startedAt.getTime()) / 60000).toFixed(1);
  return `# Benchmarks

Written by \`npm run bench\` (\`bench/index.ts\`)${r.quick ? ' with `--quick` (no 500-account run, fewer samples)' : ''} on
${r.startedAt.toISOString().replace('T', ' ').slice(0, 16)} UTC, in ${minutes} minutes. Run it again to
refresh every figure; the text is part of the generator (\`bench/report.ts\`). A full run takes a few
minutes; \`npm run bench -- --quick\` leaves out 500 accounts and takes fewer samples (for development). The
database section uses \`MONGODB_URI\` when it is set, and otherwise starts a FerretDB of its own with
\`scripts/ferretdb/\` (built with Go on first use), on a free port, and stops it at the end.

| CPU | cores | memory | Node.js | OS | load average at start (1, 5, 15 min) | at end |
|---|---:|---:|---|---|---|---|
| ${m.cpuModel} | ${m.cores} | ${m.memoryGb} GB | ${m.node} | ${m.platform} | ${r.loadAtStart.join(', ')} | ${r.loadAtEnd.join(', ')} |

Wall-clock times depend on what else runs on the machine (a load average above the number of cores means
the benchmark shared its CPUs); CPU times much less, so both are given.

## Targets

${targets(r)}

${synthSection(r)}
${bundleSection(r)}
${normalizerSection(r)}
${roundTripSection(r)}
${faultSection(r.faults)}`;
}
