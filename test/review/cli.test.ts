import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { EXIT } from '../../review/cli';
import { runReview } from './run-cli';

const ROOT = path.resolve(__dirname, '..', '..');

test('exit codes are 0 (no changes), 1 (changes), 2 (error)', () => {
  expect(EXIT).toEqual({ ok: 0, changes: 1, error: 2 });
});

test('fails without a command, naming the commands', () => {
  const { code, out, err } = runReview([]);
  expect(code).toBe(2);
  expect(out).toBe('');
  expect(err).toContain('review: no command given');
  expect(err).toContain('diff <base cdktf.out> <head cdktf.out> [--changed-stacks-file PATH]');
  expect(err).toContain('parity <cdktf.out> [--config PATH] [--strict]');
});

test('fails on an unknown command and on wrong argument counts', () => {
  expect(runReview(['difff', 'a', 'b']).err).toContain('review: unknown command "difff"');
  const diff = runReview(['diff', 'only-one']);
  expect(diff.code).toBe(2);
  expect(diff.err).toContain('diff needs two directories: <base cdktf.out> <head cdktf.out>');
  const parity = runReview(['parity']);
  expect(parity.code).toBe(2);
  expect(parity.err).toContain('parity needs one directory: <cdktf.out>');
  expect(runReview(['diff', 'a', 'b', '--changed-stacks-file']).err).toContain(
    '--changed-stacks-file needs a value',
  );
});

test('fails on a directory without a cdktf manifest', () => {
  const missing = path.join(ROOT, 'no-such-cdktf.out');
  const { code, err } = runReview(['diff', missing, missing]);
  expect(code).toBe(2);
  expect(err).toContain(`cannot read cdktf manifest ${path.join(missing, 'manifest.json')}: ENOENT`);
});

test('help prints the usage and exits 0', () => {
  const { code, out } = runReview(['--help']);
  expect(code).toBe(0);
  expect(out).toContain('exit codes: 0 no changes');
});

test('`npm run review` runs the same CLI and sets the process exit code', () => {
  const plan = path.join(ROOT, 'test', 'fixtures', 'plans', 'tfjson-action-reason-tainted.json');
  const result = spawnSync('npx', ['tsx', 'review/cli.ts', 'plan', plan], { cwd: ROOT, encoding: 'utf8' });
  expect(result.status).toBe(1);
  expect(result.stdout).toContain('Plan: 1 to add, 0 to change, 1 to destroy.');
  const bad = spawnSync('npx', ['tsx', 'review/cli.ts', 'plan'], { cwd: ROOT, encoding: 'utf8' });
  expect(bad.status).toBe(2);
});
