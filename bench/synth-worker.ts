// One synthesis run in its own process, so that peak memory and CPU time belong to this run alone.
// Usage: tsx bench/synth-worker.ts <typed|bare> <config.yaml|stacks.json> <outdir>
// Prints one JSON line (SynthRun in bench/synth.ts). Times count from the start of the process, so each mode
// pays for loading what it needs (the typed app: the provider classes and the config schema; bare: cdktf).
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { App, TerraformStack } from 'cdktf';

const [mode, input, outdir] = process.argv.slice(2);
if ((mode !== 'typed' && mode !== 'bare') || !input || !outdir) {
  console.error('usage: synth-worker.ts <typed|bare> <config.yaml|stacks.json> <outdir>');
  process.exit(2);
}

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const TICK_MS = 10;

/** Fields of /proc/<pid>/stat after the command name: [0] is field 3 (state), [1] the parent pid, … */
const statFields = (pid: string) => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
};

/**
 * User + system CPU time, in ms, of this process (all its threads) and of its child processes: those it
 * waited for (cutime, cstime) and those still running (esbuild's service process, which `buildSync` keeps
 * for the life of the process), which process.cpuUsage() leaves out.
 */
function cpuMs(): number {
  const own = process.cpuUsage();
  const self = statFields('self');
  let childTicks = Number(self[13]) + Number(self[14]);
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const fields = statFields(pid);
      if (Number(fields[1]) === process.pid) childTicks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // The process ended meanwhile.
    }
  }
  return (own.user + own.system) / 1000 + childTicks * TICK_MS;
}

const mark = () => ({ wall: performance.now(), cpu: cpuMs() });
const started = mark();
let app: App;
let loaded: ReturnType<typeof mark>;
if (mode === 'typed') {
  // As main.ts does.
  const { speedUpSynthesis } = require('../stacks/synth-speed') as typeof import('../stacks/synth-speed');
  if (process.env.BENCH_SLOW !== '1') speedUpSynthesis();
  const { App } = require('cdktf') as typeof import('cdktf');
  const { loadPlatformConfig } = require('../stacks/config/load') as typeof import('../stacks/config/load');
  const { buildPlatform } = require('../stacks/platform') as typeof import('../stacks/platform');
  loaded = mark();
  app = new App({ outdir, skipValidation: false });
  buildPlatform(app, loadPlatformConfig(input));
} else {
  // The same switches, so that the comparison is of the work, not of the settings.
  const { speedUpSynthesis } = require('../stacks/synth-speed') as typeof import('../stacks/synth-speed');
  if (process.env.BENCH_SLOW !== '1') speedUpSynthesis();
  const { buildBareApp } = require('./bare-app') as typeof import('./bare-app');
  const stacksJson = JSON.parse(readFileSync(input, 'utf8'));
  loaded = mark();
  // The bare app re-creates, from the typed run's output, the same JSON with untyped resources.
  app = buildBareApp(stacksJson, outdir);
}
const built = mark();
app.synth();
const done = mark();

const { TerraformStack: Stack } = require('cdktf') as typeof import('cdktf');
const stacks = app.node.children.filter((c): c is TerraformStack => c instanceof Stack);
let resources = 0;
for (const stack of stacks) {
  const json = JSON.parse(readFileSync(path.join(outdir, 'stacks', stack.node.id, 'cdk.tf.json'), 'utf8'));
  for (const byType of Object.values<Record<string, unknown>>(json.resource ?? {}))
    resources += Object.keys(byType).length;
}
const ms = (n: number) => Math.round(n);
console.log(
  JSON.stringify({
    mode,
    stacks: stacks.length,
    resources,
    startMs: ms(started.wall),
    loadMs: ms(loaded.wall - started.wall),
    buildMs: ms(built.wall - loaded.wall),
    synthMs: ms(done.wall - built.wall),
    totalMs: ms(done.wall),
    cpuMs: ms(done.cpu),
    startCpuMs: ms(started.cpu),
    loadCpuMs: ms(loaded.cpu - started.cpu),
    buildCpuMs: ms(built.cpu - loaded.cpu),
    synthCpuMs: ms(done.cpu - built.cpu),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
