import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { unzipSync } from 'fflate';
import { deterministicZip } from '../../constructs/core/deterministic-zip';

const files = () => ({
  'index.js.map': new TextEncoder().encode('{"version":3,"mappings":""}'),
  'index.js': new TextEncoder().encode('exports.handler=async()=>({statusCode:200});'),
});
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** External attributes of every entry, from the zip's central directory. */
function externalAttributes(zip: Uint8Array): number[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const attributes: number[] = [];
  for (let i = 0; i + 46 <= zip.length; i++) {
    if (view.getUint32(i, true) === 0x02014b50) attributes.push(view.getUint32(i + 38, true));
  }
  return attributes;
}

describe('deterministicZip', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  test('the same files give the same bytes, whatever the time', () => {
    jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
    const first = deterministicZip(files());
    jest.setSystemTime(new Date('2031-07-15T12:34:56Z'));
    expect(sha256(deterministicZip(files()))).toBe(sha256(first));
  });

  // Zip entries carry local DOS times; the time zone is read by the process at start, so each runs apart.
  test('the same files give the same bytes in every time zone', () => {
    const zipIn = (zone: string) => {
      const script = `
        const { deterministicZip } = require('./constructs/core/deterministic-zip');
        const zip = deterministicZip({ 'index.js': Buffer.from('exports.handler = async () => 1;') });
        console.log(require('node:crypto').createHash('sha256').update(zip).digest('hex'));`;
      const result = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
        cwd: path.resolve(__dirname, '..', '..'),
        encoding: 'utf8',
        env: { ...process.env, TZ: zone },
      });
      if (result.status !== 0) throw new Error(result.stderr);
      return result.stdout.trim();
    };
    const utc = zipIn('UTC');
    expect(utc).toMatch(/^[0-9a-f]{64}$/);
    expect(zipIn('Pacific/Kiritimati')).toBe(utc);
    expect(zipIn('America/Los_Angeles')).toBe(utc);
  });

  test('holds the files unchanged, in name order, readable by the Lambda runtime', () => {
    const zip = deterministicZip(files());
    const unzipped = unzipSync(zip);
    expect(Object.keys(unzipped)).toEqual(['index.js', 'index.js.map']);
    expect(new TextDecoder().decode(unzipped['index.js'])).toBe(
      'exports.handler=async()=>({statusCode:200});',
    );
    // Unix mode in the high 16 bits: a regular file, rw-r--r--.
    expect(externalAttributes(zip).map((a) => (a >>> 16).toString(8))).toEqual(['100644', '100644']);
  });

  test('a change in content changes the bytes', () => {
    const changed = { ...files(), 'index.js': new TextEncoder().encode('exports.handler=async()=>1;') };
    expect(sha256(deterministicZip(changed))).not.toBe(sha256(deterministicZip(files())));
  });
});

describe('LambdaBundle zip', () => {
  /** A bundle of `entry` built by a fresh copy of the module (as another synthesis process would). */
  function freshBundle(entry: string, outDir: string) {
    let bundle: import('../../constructs/core/lambda-bundle').LambdaBundle | undefined;
    jest.isolateModules(() => {
      const { TerraformStack, Testing } = require('cdktf') as typeof import('cdktf');
      const { LambdaBundle } =
        require('../../constructs/core/lambda-bundle') as typeof import('../../constructs/core/lambda-bundle');
      bundle = new LambdaBundle(new TerraformStack(Testing.app(), 'bundle'), 'Bundle', { entry, outDir });
    });
    return bundle!;
  }

  test('the same code gives the same asset hash in another synthesis, which reuses the zip', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bundle-zip-'));
    const entry = path.join(dir, 'handler.ts');
    writeFileSync(entry, 'export const handler = async () => ({ statusCode: 200 });');
    const outDir = path.join(dir, 'out');
    const first = freshBundle(entry, outDir);
    const zip = path.join(first.outDir, 'archive.zip');
    const written = statSync(zip).mtimeMs;
    const second = freshBundle(entry, outDir);
    expect(second.asset.assetHash).toBe(first.asset.assetHash);
    expect(second.stats.zipBytes).toBe(first.stats.zipBytes);
    expect(statSync(zip).mtimeMs).toBe(written);
    expect(Object.keys(unzipSync(readFileSync(zip)))).toEqual(['index.js', 'index.js.map']);
  });
});
