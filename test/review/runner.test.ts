// `review run` with real terraform on small cdktf stacks (terraform's built-in `terraform_data`, so no
// provider and no network): the reviewed plan is applied when it is fresh, refused when it is stale, and
// one failing stack does not stop the others.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App, LocalBackend, TerraformResource, TerraformStack } from 'cdktf';
import { runAsync } from '../../review/cli';
import { readSelection } from '../../review/deploy-cli';
import { renderRunSummary } from '../../review/run-summary';
import { type RunOptions, runStacks, type StackResult } from '../../review/runner';
import { checkSavedPlan, META_FILE } from '../../review/saved-plan';
import { stackTarget } from '../../review/stack-targets';
import { readSynthOutput } from '../../review/synth-output';

const hasTerraform = spawnSync('terraform', ['version'], { encoding: 'utf8' }).status === 0;
if (!hasTerraform && process.env.CI === 'true') throw new Error('terraform is not on the PATH (CI needs it)');
const describeTerraform = hasTerraform ? describe : describe.skip;
if (!hasTerraform) console.warn('review run tests skipped: terraform is not on the PATH');

const work = mkdtempSync(path.join(tmpdir(), 'review-run-'));
const stateDir = path.join(work, 'state');
const cliConfig = path.join(work, 'terraform.rc');

/** Synthesizes stacks whose one resource holds `inputs[stack]`; `broken` stacks get an argument terraform refuses. */
function synth(name: string, inputs: Record<string, string>, broken: string[] = []): string {
  const outdir = path.join(work, name);
  const app = new App({ outdir });
  for (const [stack, input] of Object.entries(inputs)) {
    const s = new TerraformStack(app, stack);
    // One state per stack shared by every synthesized copy, as the S3 backend is in the real stacks.
    new LocalBackend(s, { path: path.join(stateDir, `${stack}.tfstate`) });
    const r = new TerraformResource(s, 'Marker', { terraformResourceType: 'terraform_data' });
    r.addOverride('input', input);
    if (broken.includes(stack)) r.addOverride('no_such_argument', true);
  }
  app.synth();
  return outdir;
}

/** The `input` terraform last applied for a stack, from its state. */
function applied(stack: string): string | undefined {
  try {
    const state = JSON.parse(readFileSync(path.join(stateDir, `${stack}.tfstate`), 'utf8'));
    return state.resources[0]?.instances[0]?.attributes?.input?.value;
  } catch {
    return undefined;
  }
}

const byStack = (results: readonly StackResult[]) => Object.fromEntries(results.map((r) => [r.stack, r]));

function options(
  mode: RunOptions['mode'],
  synthDir: string,
  results: string,
  extra: Partial<RunOptions> = {},
) {
  return {
    mode,
    synthDir,
    resultsDir: path.join(work, results),
    parallel: 2,
    maxPlanAgeHours: 72,
    env: { TF_CLI_CONFIG_FILE: cliConfig },
    lockTimeout: '30s',
    ...extra,
  } satisfies RunOptions;
}

const targets = (synthDir: string, stacks: string[]) => {
  const out = readSynthOutput(synthDir);
  return stacks.map((s) => stackTarget(out, s));
};

describeTerraform('review run with terraform', () => {
  beforeAll(() => {
    mkdirSync(stateDir, { recursive: true });
    writeFileSync(cliConfig, 'disable_checkpoint = true\n');
  });

  test('deploy applies fresh reviewed plans, plans again for stale ones, and survives a failing stack', async () => {
    const stacks = ['alpha-prod', 'beta-prod', 'delta-prod', 'gamma-prod'];
    // The pull request's head, reviewed: a plan per stack, saved with the commit and the stack's hash.
    const reviewed = synth('reviewed', {
      'alpha-prod': 'alpha-v1',
      'beta-prod': 'beta-v1',
      'delta-prod': 'delta-v1',
      'gamma-prod': 'gamma-v1',
    });
    const review = await runStacks(
      targets(reviewed, stacks),
      options('plan', reviewed, 'review', { commit: 'c0ffee1' }),
    );
    expect(review.map((r) => r.outcome)).toEqual(['ok', 'ok', 'ok', 'ok']);
    const meta = JSON.parse(readFileSync(path.join(work, 'review', 'alpha-prod', META_FILE), 'utf8'));
    expect(meta).toMatchObject({ version: 1, stack: 'alpha-prod', commit: 'c0ffee1' });

    // Before the deploy: beta changed again on main (its reviewed plan no longer matches), delta's state
    // moved on (someone applied it), gamma is broken in what is deployed.
    await runStacks(
      targets(synth('elsewhere', { 'delta-prod': 'delta-v0' }), ['delta-prod']),
      options('apply', path.join(work, 'elsewhere'), 'elsewhere-results'),
    );
    const main = synth(
      'main',
      {
        'alpha-prod': 'alpha-v1',
        'beta-prod': 'beta-v2',
        'delta-prod': 'delta-v1',
        'gamma-prod': 'gamma-v1',
      },
      ['gamma-prod'],
    );
    const deploy = byStack(
      await runStacks(
        targets(main, stacks),
        options('apply', main, 'deploy', {
          savedPlansDir: path.join(work, 'review'),
          reviewedCommit: 'c0ffee1',
        }),
      ),
    );

    expect(deploy['alpha-prod']).toMatchObject({ outcome: 'ok', applied: 'saved-plan' });
    expect(deploy['beta-prod']).toMatchObject({
      outcome: 'ok',
      applied: 'new-plan',
      savedPlanRefused: expect.stringContaining(
        "the stack's synthesized configuration changed since the plan was made",
      ),
    });
    expect(deploy['delta-prod']).toMatchObject({
      outcome: 'ok',
      applied: 'new-plan',
      savedPlanRefused: 'terraform: the state changed since the plan was made (saved plan is stale)',
    });
    expect(deploy['gamma-prod'].outcome).toBe('failed');
    expect(deploy['gamma-prod'].error).toMatch(
      /^terraform plan failed:\n[\s\S]*No argument or block type is named "no_such_argument"/,
    );
    // What terraform holds now: the reviewed value, the new value, the re-planned value; gamma untouched.
    expect([
      applied('alpha-prod'),
      applied('beta-prod'),
      applied('delta-prod'),
      applied('gamma-prod'),
    ]).toEqual(['alpha-v1', 'beta-v2', 'delta-v1', undefined]);
  }, 120_000);

  test('a plan reviewed for another head commit is not applied', async () => {
    const dir = synth('other-commit', { 'epsilon-prod': 'epsilon-v1' });
    await runStacks(targets(dir, ['epsilon-prod']), options('plan', dir, 'review-2', { commit: 'aaaaaaa' }));
    const [result] = await runStacks(
      targets(dir, ['epsilon-prod']),
      options('apply', dir, 'deploy-2', {
        savedPlansDir: path.join(work, 'review-2'),
        reviewedCommit: 'bbbbbbb',
      }),
    );
    expect(result).toMatchObject({
      outcome: 'ok',
      applied: 'new-plan',
      savedPlanRefused: 'the saved plan was made from commit aaaaaaa, the reviewed head is bbbbbbb',
    });
    expect(applied('epsilon-prod')).toBe('epsilon-v1');
  }, 60_000);

  test('drift: a stack whose configuration and state differ is reported, a clean one is not', async () => {
    const dir = synth('drift-base', { 'zeta-prod': 'zeta-v1', 'eta-prod': 'eta-v1' });
    await runStacks(targets(dir, ['zeta-prod', 'eta-prod']), options('apply', dir, 'drift-apply'));
    const changed = synth('drift-head', { 'zeta-prod': 'zeta-v1', 'eta-prod': 'eta-v2' });
    const results = byStack(
      await runStacks(targets(changed, ['zeta-prod', 'eta-prod']), options('drift', changed, 'drift')),
    );
    expect([results['zeta-prod'].outcome, results['eta-prod'].outcome]).toEqual(['ok', 'drift']);
    const plan = JSON.parse(readFileSync(path.join(work, 'drift', 'eta-prod', 'plan.json'), 'utf8'));
    expect(plan.resource_changes[0].change.actions).toEqual(['update']);
  }, 60_000);

  test('the CLI: select --all, run one batch, and a summary that lists the failed stack', async () => {
    const dir = synth('cli', { central: 'c-v1', 'theta-prod': 'theta-v1', 'iota-prod': 'iota-v1' }, [
      'iota-prod',
    ]);
    const selectionFile = path.join(work, 'cli-selection.json');
    const io = () => {
      const box = { out: '', err: '' };
      return { box, io: { out: (t: string) => (box.out += t), err: (t: string) => (box.err += t) } };
    };
    expect(await runAsync(['select', dir, '--all', '--max-jobs', '1', '--out', selectionFile], io().io)).toBe(
      0,
    );
    expect(readSelection(selectionFile).batches.map((b) => b.map((t) => t.stack))).toEqual([
      ['iota-prod', 'theta-prod'],
    ]);
    // The CLI passes the process environment to terraform.
    process.env.TF_CLI_CONFIG_FILE = cliConfig;
    const results = path.join(work, 'cli-results');
    const central = io();
    const batch = io();
    const central_ = await runAsync(
      [
        'run',
        'apply',
        '--selection',
        selectionFile,
        '--step',
        'central',
        '--synth',
        dir,
        '--results',
        results,
      ],
      central.io,
    );
    const batch_ = await runAsync(
      ['run', 'apply', '--selection', selectionFile, '--step', '1', '--synth', dir, '--results', results],
      batch.io,
    );
    delete process.env.TF_CLI_CONFIG_FILE;
    expect([central_, batch_]).toEqual([0, 1]);
    expect(batch.box.out).toBe('iota-prod: failed\ntheta-prod: ok, new-plan\n');

    // As the workflows call it: --step central or --step N; a batch that does not exist is refused.
    const wrong = io();
    expect(
      await runAsync(
        ['run', 'apply', '--selection', selectionFile, '--step', '2', '--synth', dir, '--results', results],
        wrong.io,
      ),
    ).toBe(2);
    expect(wrong.box.err).toContain('review: there is no batch 2: the selection has 1 batch');

    const summary = io();
    const code = await runAsync(['summary', 'Deploy', '--selection', selectionFile, results], summary.io);
    expect(code).toBe(1);
    expect(summary.box.out).toContain('> **1 stack failed**; the others were not stopped.');
    expect(summary.box.out).toContain('> - `iota-prod`: terraform plan failed:');
    expect(summary.box.out).toMatch(/\| `theta-prod` \| planned and applied \| {2}\| [\d.]+ \|/);
  }, 120_000);
});

describeTerraform('review run credentials', () => {
  test("each stack's terraform gets its own credentials environment, and the token file is removed after", async () => {
    const outdir = path.join(work, 'creds');
    const app = new App({ outdir });
    const s = new TerraformStack(app, 'mu-prod');
    new LocalBackend(s, { path: path.join(stateDir, 'mu-prod.tfstate') });
    const r = new TerraformResource(s, 'Marker', { terraformResourceType: 'terraform_data' });
    r.addOverride('input', '${var.role}/${var.inherited}');
    s.addOverride('variable.role', { type: 'string' });
    s.addOverride('variable.inherited', { type: 'string', default: 'removed' });
    app.synth();
    // A variable of the runner's own environment that the credentials take away (as static AWS keys are).
    process.env.TF_VAR_inherited = 'from-the-runner';
    const tokenFiles: string[] = [];
    const [result] = await runStacks(targets(outdir, ['mu-prod']), {
      ...options('apply', outdir, 'creds-results'),
      credentials: async (target, tokenFile) => {
        writeFileSync(tokenFile, 'token');
        tokenFiles.push(tokenFile);
        return { TF_VAR_role: `role-of-${target.stack}`, TF_VAR_inherited: undefined };
      },
    });
    delete process.env.TF_VAR_inherited;
    expect(result).toMatchObject({ outcome: 'ok' });
    expect(applied('mu-prod')).toBe('role-of-mu-prod/removed');
    expect(tokenFiles).toEqual([path.join(work, 'creds-results', 'mu-prod', '.oidc-token')]);
    expect(existsSync(tokenFiles[0])).toBe(false);
  }, 60_000);
});

describeTerraform('review run plan and render-plans', () => {
  test('the review renders every saved plan with its construct path, and lists the stack that failed', async () => {
    const dir = synth('render', { 'kappa-prod': 'kappa-v1', 'lambda-prod': 'lambda-v1' }, ['lambda-prod']);
    const results = path.join(work, 'render-results');
    await runStacks(
      targets(dir, ['kappa-prod', 'lambda-prod']),
      options('plan', dir, 'render-results', { commit: 'c1' }),
    );
    let out = '';
    const code = await runAsync(['render-plans', '--synth', dir, results], {
      out: (t) => (out += t),
      err: () => undefined,
    });
    expect(code).toBe(1);
    expect(out).toContain('## Terraform plan: 1 stack');
    expect(out).toContain('**create** `terraform_data.Marker` (`Marker`)');
    expect(out).toContain('## Planning failed: 1 stack');
    expect(out).toContain('> - `lambda-prod`: terraform plan failed:');
  }, 60_000);
});

test('checkSavedPlan refuses plans of another stack, old plans and unreadable metadata', () => {
  const meta = {
    version: 1,
    stack: 'a',
    commit: 'c1',
    synthHash: 'h1',
    createdAt: '2026-12-01T00:00:00.000Z',
  };
  const expected = {
    stack: 'a',
    synthHash: 'h1',
    commit: 'c1',
    now: new Date('2026-12-02T00:00:00Z'),
    maxAgeHours: 72,
  };
  expect(checkSavedPlan(meta, expected)).toEqual({ fresh: true });
  expect(checkSavedPlan({ ...meta, stack: 'b' }, expected)).toEqual({
    fresh: false,
    reason: 'the saved plan is for stack "b", not "a"',
  });
  expect(checkSavedPlan(meta, { ...expected, now: new Date('2026-12-05T01:00:00Z') })).toEqual({
    fresh: false,
    reason: 'the saved plan is 97 hours old (at most 72)',
  });
  expect(checkSavedPlan({ unreadable: 'x' }, expected)).toEqual({
    fresh: false,
    reason: "plan-meta.json is not a saved plan's metadata (version 1)",
  });
  // Without a reviewed commit (a dispatch run), the hash alone decides.
  expect(checkSavedPlan({ ...meta, commit: 'other' }, { ...expected, commit: undefined })).toEqual({
    fresh: true,
  });
});

test('the run summary counts a selected stack without a result as failed', () => {
  const md = renderRunSummary(
    'Deploy',
    [{ stack: 'a-prod', mode: 'apply', outcome: 'ok', applied: 'saved-plan', seconds: 12.5 }],
    ['a-prod', 'b-prod'],
  );
  expect(md).toBe(
    [
      '## Deploy: 1 stack',
      '',
      '> [!CAUTION]',
      '> **1 stack failed**; the others were not stopped.',
      '>',
      '> - `b-prod`: no result (its job did not run or was cancelled)',
      '',
      '| stack | result | note | seconds |',
      '| --- | --- | --- | --- |',
      '| `a-prod` | applied the reviewed plan |  | 12.5 |',
      '',
    ].join('\n'),
  );
});
