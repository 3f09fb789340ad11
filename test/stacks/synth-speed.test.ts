import { execFile, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { Lazy, TerraformOutput, TerraformStack, Testing, Tokenization } from 'cdktf';
import { speedUpSynthesis } from '../../stacks/synth-speed';

const root = path.resolve(__dirname, '..', '..');

/** Creation stack of a fresh token, in a separate process with the given environment. */
function creationStackLength(env: Record<string, string>): number {
  const script = `
    const { speedUpSynthesis } = require('./stacks/synth-speed');
    speedUpSynthesis(process.env);
    const { Lazy, Tokenization } = require('cdktf');
    const token = Lazy.stringValue({ produce: () => 'x' });
    console.log(Tokenization.reverseString(token).firstToken.creationStack.length);`;
  const result = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  if (result.status !== 0) throw new Error(result.stderr);
  return Number(result.stdout.trim());
}

/** Every stack of the example platform, synthesized in a separate process, with or without the speed-up. */
async function synthesizedPlatform(speedUp: boolean): Promise<Record<string, string>> {
  const script = `
    ${speedUp ? "require('./stacks/synth-speed').speedUpSynthesis({});" : ''}
    const { Testing } = require('cdktf');
    const { loadPlatformConfig, EXAMPLE_CONFIG_PATH } = require('./stacks/config/load');
    const { buildPlatform } = require('./stacks/platform');
    const { central, products } = buildPlatform(Testing.app(), loadPlatformConfig(EXAMPLE_CONFIG_PATH));
    const out = {};
    for (const stack of [central, ...products]) out[stack.node.id] = Testing.synth(stack, true);
    console.log(JSON.stringify(out));`;
  const stdout = await new Promise<string>((resolve, reject) =>
    execFile(
      process.execPath,
      ['--import', 'tsx', '-e', script],
      { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 },
      (err, out, stderr) => (err ? reject(new Error(stderr || err.message)) : resolve(out)),
    ),
  );
  return JSON.parse(stdout);
}

describe('synthesis speed settings', () => {
  test('every stack of the platform synthesizes to the same JSON with and without them', async () => {
    const [fast, plain] = await Promise.all([synthesizedPlatform(true), synthesizedPlatform(false)]);
    expect(Object.keys(fast).length).toBeGreaterThan(1);
    expect(Object.keys(fast)).toEqual(Object.keys(plain));
    for (const name of Object.keys(plain)) expect(fast[name]).toBe(plain[name]);
  });

  test('tokens no longer capture their creation stack (test/support/setup.ts applies it to every test)', () => {
    expect(
      Tokenization.reverseString(Lazy.stringValue({ produce: () => 'x' })).firstToken!.creationStack,
    ).toEqual([]);
  });

  test('CDKTF_TOKEN_STACK_TRACES=1 keeps them', () => {
    expect(creationStackLength({ CDKTF_TOKEN_STACK_TRACES: '1' })).toBeGreaterThan(3);
  });

  test('tokens still resolve', () => {
    speedUpSynthesis({});
    const stack = new TerraformStack(Testing.app(), 's');
    new TerraformOutput(stack, 'out', { value: Lazy.stringValue({ produce: () => 'resolved later' }) });
    expect(JSON.parse(Testing.synth(stack)).output.out.value).toBe('resolved later');
    expect(Tokenization.reverseString(Lazy.stringValue({ produce: () => 'y' })).firstToken).toBeDefined();
  });
});
