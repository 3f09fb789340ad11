// Synthesis benchmark: time and peak memory of the rollout app for generated configs of 1, 10, 100 and 500
// product accounts, against bare cdktf producing the same resources (one untyped TerraformResource each).
// Usage: tsx bench/synth.ts [counts...]   (default 1 10 100 500); prints a Markdown table.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseDocument, stringify } from 'yaml';
import { EXAMPLE_CONFIG_PATH } from '../stacks/config/load';

export interface SynthRun {
  readonly mode: 'typed' | 'bare';
  readonly stacks: number;
  readonly resources: number;
  readonly buildMs: number;
  readonly synthMs: number;
  readonly totalMs: number;
  readonly peakRssMb: number;
}

/** A config with `accounts` product accounts, each a copy of the example's first (fullest) product. */
export function generatedConfig(accounts: number): string {
  const example = parseDocument(readFileSync(EXAMPLE_CONFIG_PATH, 'utf8')).toJS();
  const template = example.products[0];
  const products = Array.from({ length: accounts }, (_, i) => ({
    ...template,
    name: `product${String(i + 1).padStart(3, '0')}`,
    accounts: [{ env: 'prod', accountId: String(500000000000 + i), region: template.accounts[0].region }],
  }));
  // Per-product API limits in the example name its products, which the generated config does not have.
  const { products: _perProduct, ...api } = example.central.api ?? {};
  return stringify({ ...example, central: { ...example.central, api }, products });
}

const root = path.resolve(__dirname, '..');

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

export function benchSynth(accounts: number): { typed: SynthRun; bare: SynthRun } {
  const dir = mkdtempSync(path.join(tmpdir(), `bench-synth-${accounts}-`));
  try {
    const config = path.join(dir, 'platform.yaml');
    writeFileSync(config, generatedConfig(accounts));
    const typedOut = path.join(dir, 'typed');
    mkdirSync(typedOut);
    const typed = runWorker('typed', config, typedOut);
    const stacks: Record<string, unknown> = {};
    for (const name of readdirSync(path.join(typedOut, 'stacks'))) {
      stacks[name] = JSON.parse(readFileSync(path.join(typedOut, 'stacks', name, 'cdk.tf.json'), 'utf8'));
    }
    const input = path.join(dir, 'stacks.json');
    writeFileSync(input, JSON.stringify(stacks));
    const bareOut = path.join(dir, 'bare');
    mkdirSync(bareOut);
    const bare = runWorker('bare', input, bareOut);
    if (bare.resources !== typed.resources) {
      throw new Error(`bare app produced ${bare.resources} resources, typed ${typed.resources}`);
    }
    return { typed, bare };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function synthTable(counts: readonly number[]): string {
  const rows = counts.map((n) => {
    const { typed, bare } = benchSynth(n);
    const ratio = (typed.totalMs / bare.totalMs).toFixed(2);
    return `| ${n} | ${typed.stacks} | ${typed.resources} | ${typed.totalMs} (${typed.buildMs} build + ${typed.synthMs} synth) | ${typed.peakRssMb} | ${bare.totalMs} | ${bare.peakRssMb} | ${ratio}× |`;
  });
  return [
    '| product accounts | stacks | resources | this app, ms | peak RSS, MB | bare cdktf, ms | bare peak RSS, MB | ratio |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
  ].join('\n');
}

if (require.main === module) {
  const counts = process.argv.slice(2).map(Number);
  console.log(synthTable(counts.length ? counts : [1, 10, 100, 500]));
}
