import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { unzipSync } from 'fflate';
import { deterministicZip } from '../../constructs/collector/deterministic-zip';

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
  const zone = process.env.TZ;
  afterEach(() => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });

  test('the same files give the same bytes, whatever the time and the time zone', async () => {
    process.env.TZ = 'UTC';
    const first = deterministicZip(files());
    await new Promise((resolve) => setTimeout(resolve, 2100)); // DOS times have a 2-second resolution
    process.env.TZ = 'Pacific/Kiritimati';
    expect(sha256(deterministicZip(files()))).toBe(sha256(first));
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
    let bundle: import('../../constructs/collector/lambda-bundle').LambdaBundle | undefined;
    jest.isolateModules(() => {
      const { TerraformStack, Testing } = require('cdktf') as typeof import('cdktf');
      const { LambdaBundle } =
        require('../../constructs/collector/lambda-bundle') as typeof import('../../constructs/collector/lambda-bundle');
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
