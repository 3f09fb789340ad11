// The app from the command line, as cdktf users run it: `npm run synth`, `npm run cdktf -- <command>`, and main.ts
// the way the cdktf CLI starts it (in the project directory, the config found without an exported variable).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { exampleConfigText } from '../support/synth';

const root = path.resolve(__dirname, '..', '..');
const scratch = () => mkdtempSync(path.join(tmpdir(), 'cdktf-cli-'));
// The variables a shell may carry that would choose the config or the output for the process under test.
const cleanEnv = () => {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['PLATFORM_CONFIG', 'CDKTF_OUTDIR', 'CHECKPOINT_DISABLE', 'CDKTF_CONTEXT_JSON'])
    delete env[name];
  // terraform warns about a CLI config file that is named but missing, and cdktf prints that as [ERROR]: the
  // machine's setting, not the app's.
  if (env.TF_CLI_CONFIG_FILE && !existsSync(env.TF_CLI_CONFIG_FILE)) delete env.TF_CLI_CONFIG_FILE;
  return env;
};

function npmRun(script: string, args: string[]) {
  return spawnSync('npm', ['run', '-s', script, '--', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: cleanEnv(),
  });
}

/** main.ts started as the cdktf CLI starts it: in the project directory, writing to CDKTF_OUTDIR. */
function runAppIn(project: string) {
  const outdir = scratch();
  const result = spawnSync(path.join(root, 'node_modules', '.bin', 'tsx'), [path.join(root, 'main.ts')], {
    cwd: project,
    encoding: 'utf8',
    env: { ...cleanEnv(), CDKTF_OUTDIR: outdir },
  });
  const manifest = path.join(outdir, 'manifest.json');
  const stacks = readdirSync(outdir).includes('manifest.json')
    ? Object.keys(JSON.parse(readFileSync(manifest, 'utf8')).stacks)
    : [];
  return { ...result, stacks };
}

/** The example config with the search product renamed, so that which file was read shows in the stack names. */
const renamedConfig = () =>
  exampleConfigText()
    .replace(/name: search\n/, 'name: catalog\n')
    .replace('search: {', 'catalog: {');

describe('npm run synth', () => {
  test('--output DIR writes every stack there, through the cdktf CLI, without calling the checkpoint service', () => {
    const out = path.join(scratch(), 'out');
    const { status, stdout, stderr } = npmRun('synth', ['--output', out]);
    expect(stderr).not.toMatch(/ERR_INVALID_ARG_TYPE|\[ERROR\]|checkpoint/i);
    expect(stdout).not.toMatch(/\[ERROR\]|checkpoint/i);
    expect(status).toBe(0);
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest.stacks)).toEqual(['central', 'payments-prod', 'payments-stg', 'search-prod']);
  }, 180_000);

  test('an invalid config is printed once, before cdktf starts, and nothing is written', () => {
    const dir = scratch();
    const file = path.join(dir, 'platform.yaml');
    writeFileSync(
      file,
      exampleConfigText().replace('slackChannel: search-alerts', 'slackChanel: search-alerts'),
    );
    const out = path.join(dir, 'out');
    const { status, stdout, stderr } = npmRun('synth', ['--config', file, '--output', out]);
    expect(status).toBe(1);
    expect(stderr.match(/Invalid platform config/g)).toHaveLength(1);
    expect(stderr).toContain('products[1].slackChanel: unknown key (did you mean "slackChannel"?)');
    // cdktf never ran: no spinner, no wrapper, no stack trace.
    expect(stdout).toBe('');
    expect(stderr).not.toMatch(/Synthesizing|cdktf encountered|\n\s+at /);
    expect(readdirSync(dir)).toEqual(['platform.yaml']);
  });

  test('a YAML syntax error shows the lines around it with a caret', () => {
    const file = path.join(scratch(), 'platform.yaml');
    writeFileSync(
      file,
      exampleConfigText().replace('  stateRegion: ap-northeast-1', '  stateRegion: [ap-northeast-1'),
    );
    const { status, stderr } = npmRun('synth', ['--config', file]);
    expect(status).toBe(1);
    expect(stderr).toMatch(/- line \d+, column \d+: YAML syntax: /);
    expect(stderr).toMatch(/\d+ \| {3}stateRegion: \[ap-northeast-1\n/);
    expect(stderr).toMatch(/\n\s+\| +\^+/);
  });
});

test('npm run cdktf -- diff <stack> refuses a stack the config does not define, naming the config and the closest stack', () => {
  const { status, stderr } = npmRun('cdktf', ['diff', 'payments-prd']);
  expect(status).toBe(1);
  expect(stderr).toContain('stack "payments-prd" is not defined by');
  expect(stderr).toContain('config/platform.example.yaml (the example config');
  expect(stderr).toContain('did you mean "payments-prod"?');
  expect(stderr).toContain('stacks: central, payments-prod, payments-stg, search-prod');
});

describe('main.ts finds the config without an exported variable', () => {
  test('context.platformConfig in the project’s cdktf.json, relative to it', () => {
    const project = scratch();
    mkdirSync(path.join(project, 'conf'));
    writeFileSync(path.join(project, 'conf', 'platform.yaml'), renamedConfig());
    writeFileSync(
      path.join(project, 'cdktf.json'),
      JSON.stringify({ app: 'x', context: { platformConfig: 'conf/platform.yaml' } }),
    );
    const { status, stderr, stacks } = runAppIn(project);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stacks.sort()).toEqual(['catalog-prod', 'central', 'payments-prod', 'payments-stg']);
  }, 120_000);

  test('platform.yaml at the project root when cdktf.json names none; errors name that file', () => {
    const project = scratch();
    writeFileSync(path.join(project, 'cdktf.json'), JSON.stringify({ app: 'x', context: {} }));
    writeFileSync(path.join(project, 'platform.yaml'), renamedConfig().replace('"444444444444"', '"4444"'));
    const { status, stderr, stacks } = runAppIn(project);
    expect(status).toBe(1);
    expect(stacks).toEqual([]);
    expect(stderr).toBe(
      `Invalid platform config ${path.join(project, 'platform.yaml')} (1 problem):\n` +
        '  - products[1].accounts[0].accountId: must be 12 digits, got "4444"\n',
    );
  });
});
