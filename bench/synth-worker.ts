// One synthesis run in its own process, so that peak memory belongs to this run alone.
// Usage: tsx bench/synth-worker.ts <typed|bare> <config.yaml> <outdir>
// Prints one JSON line: { mode, accounts, resources, buildMs, synthMs, totalMs, peakRssMb }.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { App, TerraformStack } from 'cdktf';
import { loadPlatformConfig } from '../stacks/config/load';
import { buildPlatform } from '../stacks/platform';
import { speedUpSynthesis } from '../stacks/synth-speed';
import { buildBareApp } from './bare-app';

const [mode, configFile, outdir] = process.argv.slice(2);
if ((mode !== 'typed' && mode !== 'bare') || !configFile || !outdir) {
  console.error('usage: synth-worker.ts <typed|bare> <config.yaml> <outdir>');
  process.exit(2);
}

// As main.ts does.
if (process.env.BENCH_SLOW !== '1') speedUpSynthesis();
const start = performance.now();
let app: App;
if (mode === 'typed') {
  app = new App({ outdir, skipValidation: false });
  buildPlatform(app, loadPlatformConfig(configFile));
} else {
  // The bare app re-creates, from the typed run's output, the same JSON with untyped resources.
  app = buildBareApp(JSON.parse(readFileSync(path.join(configFile), 'utf8')), outdir);
}
const built = performance.now();
app.synth();
const done = performance.now();

const stacks = app.node.children.filter((c): c is TerraformStack => c instanceof TerraformStack);
let resources = 0;
for (const stack of stacks) {
  const json = JSON.parse(readFileSync(path.join(outdir, 'stacks', stack.node.id, 'cdk.tf.json'), 'utf8'));
  for (const byType of Object.values<Record<string, unknown>>(json.resource ?? {}))
    resources += Object.keys(byType).length;
}
console.log(
  JSON.stringify({
    mode,
    stacks: stacks.length,
    resources,
    buildMs: Math.round(built - start),
    synthMs: Math.round(done - built),
    totalMs: Math.round(done - start),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
