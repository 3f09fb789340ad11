// `review select` on real syntheses of the example config: central first, only the stacks whose
// synthesized JSON changed, product stacks batched.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import { runAsync } from '../../review/cli';
import { selectStacks, stepStacks } from '../../review/select';
import { synthHash } from '../../review/stack-targets';
import { readSynthOutput } from '../../review/synth-output';
import { parsePlatformConfigYaml } from '../../stacks/config/load';
import { exampleConfig, exampleConfigText } from '../support/synth';
import { synthTo } from './synth-out';

const work = mkdtempSync(path.join(tmpdir(), 'review-select-'));

async function review(args: string[]) {
  let out = '';
  let err = '';
  const code = await runAsync(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

/** The example config changed by `edit` (on the parsed YAML document), synthesized into `name`. */
function synthEdited(name: string, edit: (doc: ReturnType<typeof parseDocument>, raw: any) => void): string {
  const doc = parseDocument(exampleConfigText());
  edit(doc, doc.toJS());
  return synthTo(path.join(work, name), parsePlatformConfigYaml(doc.toString(), name));
}

let base: string;
let slack: string;
let newProduct: string;
beforeAll(() => {
  base = synthTo(path.join(work, 'base'), exampleConfig());
  // One product's Slack channel: that product's stack only.
  slack = synthEdited('slack', (doc, raw) => {
    const search = raw.products.findIndex((p: { name: string }) => p.name === 'search');
    doc.setIn(['products', search, 'slackChannel'], 'search-oncall');
  });
  // A new product: its own stack, and central (its API key, usage plan and secret).
  newProduct = synthEdited('new-product', (doc, raw) => {
    const search = raw.products.find((p: { name: string }) => p.name === 'search');
    doc.addIn(['products'], {
      ...search,
      name: 'billing',
      team: 'billing',
      slackChannel: 'billing-alerts',
      accounts: [{ env: 'prod', accountId: '777777777777', region: 'eu-west-1' }],
    });
  });
}, 240_000);

test('one product changed: only its stack is selected, central is not', () => {
  const selection = selectStacks(
    readSynthOutput(slack),
    { reason: 'changed', base: readSynthOutput(base) },
    { maxJobs: 20 },
  );
  expect(selection.central).toBeNull();
  expect(selection.batches.map((b) => b.map((t) => t.stack))).toEqual([['search-prod']]);
  expect(selection.batches[0][0]).toMatchObject({
    account: '444444444444',
    region: 'us-east-1',
    product: 'search',
    synthHash: synthHash(slack, 'search-prod'),
  });
  // The hash is of what changed: the unchanged stacks hash the same on both sides.
  expect(synthHash(slack, 'payments-prod')).toBe(synthHash(base, 'payments-prod'));
  expect(synthHash(slack, 'search-prod')).not.toBe(synthHash(base, 'search-prod'));
});

test('a new product: central comes first, then only the new stack; unchanged stacks are left alone', async () => {
  const out = path.join(work, 'selection.json');
  const gh = path.join(work, 'github-output');
  const { code, out: md } = await review([
    'select',
    newProduct,
    '--base',
    base,
    '--out',
    out,
    '--github-output',
    gh,
  ]);

  expect(code).toBe(0);
  const selection = JSON.parse(readFileSync(out, 'utf8'));
  expect(selection.central).toMatchObject({ stack: 'central', account: '111111111111' });
  expect(selection.batches.map((b: { stack: string }[]) => b.map((t) => t.stack))).toEqual([
    ['billing-prod'],
  ]);
  expect(readFileSync(gh, 'utf8')).toBe('central=true\nbatches=[1]\nsteps=["central","1"]\ncount=2\n');
  expect(md).toContain('| 1. central (first) | `central` |');
  expect(md).toContain('| 2. batch 1 of 1 | `billing-prod` |');
});

test('no change: nothing selected, no batch', async () => {
  const gh = path.join(work, 'github-output-none');
  const { code, out } = await review(['select', base, '--base', base, '--github-output', gh]);
  expect(code).toBe(0);
  expect(out).toContain('Nothing to do.');
  expect(readFileSync(gh, 'utf8')).toBe('central=false\nbatches=[]\nsteps=[]\ncount=0\n');
});

test('--all selects every stack, --only one named stack (central too), refusing unknown names', async () => {
  const all = selectStacks(readSynthOutput(base), { reason: 'all' }, { maxJobs: 1 });
  expect(all.central?.stack).toBe('central');
  expect(all.batches.map((b) => b.map((t) => t.stack))).toEqual([
    ['payments-prod', 'payments-stg', 'search-prod'],
  ]);

  const only = selectStacks(readSynthOutput(base), { reason: 'only', stack: 'central' }, { maxJobs: 20 });
  expect([only.central?.stack, only.batches]).toEqual(['central', []]);
  expect(stepStacks(only, 'central').map((t) => t.stack)).toEqual(['central']);

  const { code, err } = await review(['select', base, '--only', 'payments-dev']);
  expect(code).toBe(2);
  expect(err).toContain('--only: stack "payments-dev" is not in');
  expect(err).toContain('stacks: central, payments-prod, payments-stg, search-prod');
});

test('refuses ambiguous or out-of-range arguments, saying what is allowed', async () => {
  expect((await review(['select', base, '--all', '--only', 'central'])).err).toContain(
    'select needs exactly one of --base <cdktf.out>, --all, --only STACK',
  );
  expect((await review(['select', base, '--all', '--max-jobs', '300'])).err).toContain(
    '--max-jobs must be a whole number from 1 to 256, got "300"',
  );
  expect((await review(['run', 'deploy'])).err).toContain('run needs one mode: plan, apply, drift');
});
