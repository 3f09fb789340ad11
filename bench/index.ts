// `npm run bench [-- --quick]`: runs every benchmark and writes docs/benchmarks.md.
//   --quick   skips the 500-account synthesis and uses fewer samples (for development; the doc needs 500)
//   --out P   write the report to P instead of docs/benchmarks.md
// The database section uses MONGODB_URI when it is set, otherwise a FerretDB started with scripts/ferretdb.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { sectionOf, withSection } from './anomaly';
import { benchBundles, benchModuleLoad } from './bundles';
import { benchFaults } from './faults/main';
import { describeMachine, loadAverage } from './machine';
import { benchNormalizersInChild } from './normalizers';
import { renderReport } from './report';
import { benchRoundTrips } from './round-trips';
import { benchSynth } from './synth';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const outIndex = args.indexOf('--out');
  const out =
    outIndex >= 0 ? path.resolve(args[outIndex + 1]) : path.join(__dirname, '..', 'docs', 'benchmarks.md');
  const step = (what: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${what}`);

  const startedAt = new Date();
  const loadAtStart = loadAverage();
  const machine = describeMachine();

  step('bundles');
  const bundles = benchBundles();
  const collector = bundles.find((b) => b.name === 'collector')!;
  step('collector module load');
  const moduleLoad = benchModuleLoad(collector.dir, quick ? 5 : 15);
  step('normalizers');
  const normalizers = benchNormalizersInChild(quick ? 5000 : 20000);
  step('database round trips');
  let roundTrips: Awaited<ReturnType<typeof benchRoundTrips>> | { error: string };
  try {
    roundTrips = await benchRoundTrips();
  } catch (err) {
    roundTrips = { error: (err as Error).message };
  }
  step('fault injection');
  let faults: Awaited<ReturnType<typeof benchFaults>> | { error: string };
  try {
    faults = await benchFaults();
  } catch (err) {
    faults = { error: (err as Error).message };
  }
  const synth = [];
  for (const accounts of quick ? [1, 10, 100] : [1, 10, 100, 500]) {
    // Pairs of fresh processes; 500 accounts once (each pair takes minutes).
    const runs = accounts >= 500 ? 1 : quick ? 1 : 3;
    step(`synthesis, ${accounts} product accounts, ${runs} run(s)`);
    synth.push(benchSynth(accounts, runs));
  }

  const report = renderReport({
    machine,
    startedAt,
    finishedAt: new Date(),
    loadAtStart,
    loadAtEnd: loadAverage(),
    quick,
    synth,
    bundles,
    moduleLoad,
    normalizers,
    roundTrips,
    faults,
  });
  // Sections with generators of their own are kept as they are: the anomaly detector's
  // (npm run bench:anomaly) and the incident queries' (bench/incident-queries.ts, it needs a loaded database).
  const previous = existsSync(out) ? readFileSync(out, 'utf8') : '';
  const anomaly = sectionOf(previous);
  const incidents = /<!-- incident-queries:start -->[\s\S]*<!-- incident-queries:end -->/.exec(previous)?.[0];
  let doc = anomaly ? withSection(report, anomaly) : report;
  if (incidents) doc = `${doc.trimEnd()}\n\n${incidents}\n`;
  writeFileSync(out, doc);
  step(`wrote ${path.relative(process.cwd(), out)}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
