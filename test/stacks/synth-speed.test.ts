import { spawnSync } from 'node:child_process';
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

describe('synthesis speed settings', () => {
  test('tokens no longer capture their creation stack, unless CDKTF_TOKEN_STACK_TRACES=1', () => {
    expect(creationStackLength({})).toBe(0);
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
