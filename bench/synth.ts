// Synthesis benchmark: time and peak memory of the rollout app for generated configs of 1, 10, 100 and 500
// product accounts, against bare cdktf producing the same resources (one untyped TerraformResource each).
// Usage: tsx bench/synth.ts [counts...]   (default 1 10 100 500); prints a Markdown table.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseDocument, stringify } from 'yaml';
import { EXAMPLE_CONFIG_PATH } from '../stacks/config/load';

/** What bench/synth-worker.ts reports for one run. Times in ms from the start of the process. */
export interface SynthRun {
  readonly mode: 'typed' | 'bare';
  readonly stacks: number;
  readonly resources: number;
  /** Node.js and tsx start-up, before the worker's first line. */
  readonly startMs: number;
  /** Loading the modules the app needs (and, for the typed app, reading and validating the config). */
  readonly loadMs: number;
  /** Constructing the stacks (for the typed app: bundling the Lambdas and building the dashboard site too). */
  readonly buildMs: number;
  /** `app.synth()`: resolving, validating and writing every stack and asset. */
  readonly synthMs: number;
  readonly totalMs: number;
  /** CPU time (user + system) of the process and of the processes it waited for (esbuild). */
  readonly cpuMs: number;
  readonly startCpuMs: number;
  readonly loadCpuMs: number;
  readonly buildCpuMs: number;
  readonly synthCpuMs: number;
  readonly peakRssMb: number;
}

/** Product names of a generated config: `product001`, `product002`, … */
export const generatedProductName = (i: number) => `product${String(i + 1).padStart(3, '0')}`;

/** A config with `accounts` product accounts, each a copy of the example's first (fullest) product. */
export function generatedConfig(accounts: number): string {
  const example = parseDocument(readFileSync(EXAMPLE_CONFIG_PATH, 'utf8')).toJS();
  const template = example.products[0];
  const products = Array.from({ length: accounts }, (_, i) => ({
    ...template,
    name: generatedProductName(i),
    accounts: [{ env: 'prod', accountId: String(500000000000 + i), region: template.accounts[0].region }],
  }));
  // Per-product API limits in the example name its products, which the generated config does not have.
  const { products: _perProduct, ...api } = example.central.api ?? {};
  // Written out in full, as a real config would be (no YAML anchors for the shared template parts).
  return stringify(
    { ...example, central: { ...example.central, api }, products },
    { aliasDuplicateObjects: false },
  );
}

const root = path.resolve(__dirname, '..');

const readStack = (outdir: string, name: string) =>
  readFileSync(path.join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8');

/** The stack's JSON without cdktf's "//" metadata (construct paths, stack name, backend kind). */
export const withoutMetadata = (json: string) =>
  JSON.stringify(JSON.parse(json), (key, value) => (key === '//' ? undefined : value));

function runWorker(mode: 'typed' | 'bare', input: string, outdir: string): SynthRun {
  const out = execFileSync(
    process.execPath,
    [
      '--max-old-space-size=8192',
      '--import',
      'tsx',
      path.join(__dirname, 'synth-worker.ts'),
      mode,
      input,
      outdir,
    ],
    { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, CHECKPOINT_DISABLE: '1' } },
  );
  return JSON.parse(out.trim().split('\n').pop()!);
}

/** One typed run and one bare run of the same platform, each in a fresh process. */
export function benchSynthOnce(accounts: number): { typed: SynthRun; bare: SynthRun } {
  const dir = mkdtempSync(path.join(tmpdir(), `bench-synth-${accounts}-`));
  try {
    const config = path.join(dir, 'platform.yaml');
    writeFileSync(config, generatedConfig(accounts));
    const typedOut = path.join(dir, 'typed');
    mkdirSync(typedOut);
    const typed = runWorker('typed', config, typedOut);
    const names = readdirSync(path.join(typedOut, 'stacks'));
    const input = path.join(dir, 'stacks.json');
    writeFileSync(
      input,
      `{${names.map((name) => `${JSON.stringify(name)}:${readStack(typedOut, name)}`).join(',')}}`,
    );
    const bareOut = path.join(dir, 'bare');
    mkdirSync(bareOut);
    const bare = runWorker('bare', input, bareOut);
    if (bare.resources !== typed.resources || bare.stacks !== typed.stacks) {
      throw new Error(
        `bare app produced ${bare.stacks} stacks and ${bare.resources} resources, typed ${typed.stacks} and ${typed.resources}`,
      );
    }
    // The same Terraform JSON, stack by stack (cdktf writes keys sorted), apart from cdktf's "//" metadata.
    for (const name of names) {
      if (withoutMetadata(readStack(typedOut, name)) !== withoutMetadata(readStack(bareOut, name))) {
        throw new Error(`bare app's stack ${name} differs from this app's`);
      }
    }
    return { typed, bare };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface SynthResult {
  readonly accounts: number;
  readonly runs: number;
  /** Typed and bare runs of the pair whose typed/bare wall-time ratio is the median. */
  readonly typed: SynthRun;
  readonly bare: SynthRun;
  /** Median ratios over the runs. */
  readonly wallRatio: number;
  readonly cpuRatio: number;
}

const median = (values: readonly number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** `runs` typed/bare pairs (a pair runs back to back, so both see the same load on a shared machine). */
export function benchSynth(accounts: number, runs: number): SynthResult {
  const pairs = Array.from({ length: runs }, () => benchSynthOnce(accounts));
  const wall = pairs.map((p) => p.typed.totalMs / p.bare.totalMs);
  const cpu = pairs.map((p) => p.typed.cpuMs / p.bare.cpuMs);
  const middle = pairs[wall.indexOf(median(wall))];
  return { accounts, runs, ...middle, wallRatio: median(wall), cpuRatio: median(cpu) };
}

const s = (ms: number) => (ms / 1000).toFixed(1);

export function synthTable(results: readonly SynthResult[]): string {
  const rows = results.map(({ accounts, runs, typed, bare, wallRatio, cpuRatio }) =>
    [
      accounts,
      typed.stacks,
      typed.resources,
      runs,
      `${s(typed.totalMs)} (${s(typed.startMs)} + ${s(typed.loadMs)} + ${s(typed.buildMs)} + ${s(typed.synthMs)})`,
      `${s(typed.cpuMs)} (${s(typed.startCpuMs)} + ${s(typed.loadCpuMs)} + ${s(typed.buildCpuMs)} + ${s(typed.synthCpuMs)})`,
      typed.peakRssMb,
      `${s(bare.totalMs)} (${s(bare.startMs)} + ${s(bare.loadMs)} + ${s(bare.buildMs)} + ${s(bare.synthMs)})`,
      `${s(bare.cpuMs)}`,
      bare.peakRssMb,
      `${wallRatio.toFixed(2)}×`,
      `${cpuRatio.toFixed(2)}×`,
    ].join(' | '),
  );
  return [
    '| product accounts | stacks | resources | runs | this app, wall s (start + load + build + synth) | this app, CPU s (start + load + build + synth) | peak RSS, MB | bare cdktf, wall s | bare, CPU s | bare peak RSS, MB | ratio, wall | ratio, CPU |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r} |`),
  ].join('\n');
}

if (require.main === module) {
  const counts = process.argv.slice(2).map(Number);
  const results = (counts.length ? counts : [1, 10, 100, 500]).map((n) => benchSynth(n, n >= 500 ? 1 : 3));
  console.log(synthTable(results));
}
