import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { exampleConfigText } from '../support/synth';

const root = path.resolve(__dirname, '..', '..');

function runApp(args: string[], env: Record<string, string> = {}) {
  const outdir = mkdtempSync(path.join(tmpdir(), 'synth-'));
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'main.ts'), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, CDKTF_OUTDIR: outdir, PLATFORM_CONFIG: '', ...env },
  });
  return { ...result, outdir };
}

describe('the rollout app (main.ts)', () => {
  test('synthesizes central and every product stack of the example config by default', () => {
    const { status, outdir, stderr } = runApp([]);
    expect(stderr).not.toMatch(/Invalid platform config/);
    expect(status).toBe(0);
    const manifest = JSON.parse(readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest.stacks)).toEqual(['central', 'payments-prod', 'payments-stg', 'search-prod']);
  });

  test('fails with every problem and writes nothing when the config is invalid', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'config-'));
    const file = path.join(dir, 'bad.yaml');
    writeFileSync(
      file,
      exampleConfigText().replace('"222222222222"', '"12345"').replace('region: us-east-1', 'region: moon-1'),
    );
    const { status, outdir, stderr } = runApp(['--config', file]);
    expect(status).toBe(1);
    expect(stderr).toContain(`Invalid platform config ${file} (2 problems)`);
    expect(stderr).toContain('products[0].accounts[0].accountId: must be 12 digits, got "12345"');
    expect(stderr).toContain('products[1].accounts[0].region: must be an AWS region');
    expect(readdirSync(outdir)).toEqual([]);
  });

  test('fails on an unreadable PLATFORM_CONFIG, which is read when --config is not given', () => {
    const { status, stderr } = runApp([], { PLATFORM_CONFIG: '/nonexistent/platform.yaml' });
    expect(status).toBe(1);
    expect(stderr).toContain('Invalid platform config /nonexistent/platform.yaml');
    expect(stderr).toContain('cannot read the file');
  });
});
