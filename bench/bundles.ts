// Lambda bundle sizes and the collector's module load time, on the bundles the central stack deploys.
// Usage: tsx bench/bundles.ts [runs]
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { TerraformStack, Testing } from 'cdktf';
import { DEFAULT_AUTHORIZER_ENTRY } from '../constructs/collector/authorizer-function';
import { DEFAULT_COLLECTOR_ENTRY } from '../constructs/collector/collector-function';
import { type BundleStats, LambdaBundle } from '../constructs/core/lambda-bundle';
import { NODE_RUNTIME_TARGETS } from '../constructs/core/node-function';

export interface BundleResult {
  readonly name: 'collector' | 'authorizer';
  /** Target size of the code, in bytes. */
  readonly budgetBytes: number;
  readonly stats: BundleStats;
  readonly dir: string;
}

/** Built exactly as the central stack builds them: LambdaBundle with the default runtime's target. */
export function benchBundles(): BundleResult[] {
  const stack = new TerraformStack(Testing.app(), 'bench');
  const nodeTarget = NODE_RUNTIME_TARGETS['nodejs22.x'];
  const bundles = [
    { name: 'collector' as const, entry: DEFAULT_COLLECTOR_ENTRY, budgetBytes: 1_000_000 },
    { name: 'authorizer' as const, entry: DEFAULT_AUTHORIZER_ENTRY, budgetBytes: 20_000 },
  ];
  return bundles.map(({ name, entry, budgetBytes }) => {
    const bundle = new LambdaBundle(stack, name, { entry, nodeTarget });
    return { name, budgetBytes, stats: bundle.stats, dir: bundle.outDir };
  });
}

export interface ModuleLoad {
  readonly runs: number;
  /** Median time of `require()` of the bundle in a fresh `node`, in ms (wall and CPU of that process). */
  readonly medianMs: number;
  readonly medianCpuMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  /** Median time from process start to the end of the require, in ms (node's own start-up included). */
  readonly medianProcessMs: number;
}

// Run by a fresh `node` for each sample: no tsx, no source maps, nothing cached in the process, as in a new
// Lambda container (the runtime's own start-up aside). Prints wall ms, CPU ms and ms since process start.
const LOAD_SCRIPT = `
const c = process.cpuUsage();
const t = process.hrtime.bigint();
require(process.argv[1]);
const wall = Number(process.hrtime.bigint() - t) / 1e6;
const u = process.cpuUsage(c);
console.log(JSON.stringify([wall, (u.user + u.system) / 1000, performance.now()]));
`;

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export interface ModuleLoads {
  /** As deployed: the functions set NODE_OPTIONS=--enable-source-maps, so node also reads the source map. */
  readonly deployed: ModuleLoad;
  /** Without source maps. */
  readonly withoutSourceMaps: ModuleLoad;
}

/** Loads `index.js` of a bundle `runs` times each way, each time in a new process, the two ways alternating. */
export function benchModuleLoad(bundleDir: string, runs: number): ModuleLoads {
  const deployed: Sample[] = [];
  const plain: Sample[] = [];
  for (let i = 0; i < runs; i++) {
    deployed.push(loadOnce(bundleDir, ['--enable-source-maps']));
    plain.push(loadOnce(bundleDir, []));
  }
  return { deployed: summary(deployed), withoutSourceMaps: summary(plain) };
}

type Sample = [wallMs: number, cpuMs: number, sinceStartMs: number];

function loadOnce(bundleDir: string, flags: readonly string[]): Sample {
  const out = execFileSync(
    process.execPath,
    [...flags, '-e', LOAD_SCRIPT, path.join(bundleDir, 'index.js')],
    {
      encoding: 'utf8',
      // The code only; the AWS SDK the runtime provides is loaded on first use, not at module load.
      env: { PATH: process.env.PATH },
    },
  );
  return JSON.parse(out);
}

function summary(samples: readonly Sample[]): ModuleLoad {
  const runs = samples.length;
  const wall = samples.map((s) => s[0]);
  return {
    runs,
    medianMs: median(wall),
    medianCpuMs: median(samples.map((s) => s[1])),
    minMs: Math.min(...wall),
    maxMs: Math.max(...wall),
    medianProcessMs: median(samples.map((s) => s[2])),
  };
}

if (require.main === module) {
  const bundles = benchBundles();
  for (const b of bundles) {
    console.log(
      `${b.name}: ${b.stats.codeBytes} bytes (budget ${b.budgetBytes}), source map ${b.stats.sourceMapBytes}, zip ${b.stats.zipBytes}`,
    );
  }
  const collector = bundles.find((b) => b.name === 'collector')!;
  console.log('collector module load', benchModuleLoad(collector.dir, Number(process.argv[2] ?? 9)));
}
