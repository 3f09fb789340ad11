import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import { DEFAULT_AUTHORIZER_ENTRY } from '../../constructs/collector/authorizer-function';
import { DEFAULT_COLLECTOR_ENTRY } from '../../constructs/collector/collector-function';
import { DEFAULT_BOOTSTRAP_ENTRY } from '../../constructs/collector/database-users';
import { DEFAULT_ANOMALY_DETECTOR_ENTRY } from '../../constructs/collector/log-anomaly-detector';
import { LambdaBundle } from '../../constructs/core/lambda-bundle';
import { Synthesized } from '../support/synth';
import { collectorPart, synthCentral } from './central-synth';

const stubDirs: string[] = [];
afterAll(() => {
  for (const dir of stubDirs) rmSync(dir, { recursive: true, force: true });
});

function stubEntry(source: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'bundle-test-'));
  stubDirs.push(dir);
  const entry = path.join(dir, 'handler.ts');
  writeFileSync(entry, source);
  return entry;
}

function bundleOf(entry: string, nodeTarget?: string): LambdaBundle {
  const stack = new TerraformStack(Testing.app(), 'bundle');
  return new LambdaBundle(stack, 'Bundle', { entry, nodeTarget });
}

test('bundles a TypeScript entry into minified CommonJS with an external source map', () => {
  const entry = stubEntry(
    [
      "import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';",
      '// a comment that minification removes',
      'export async function handler(event: { readonly longParameterName: string }) {',
      '  const client = new SecretsManagerClient({});',
      '  return { statusCode: 200, body: `${event.longParameterName}:${typeof client}` };',
      '}',
    ].join('\n'),
  );
  const bundle = bundleOf(entry);
  const code = readFileSync(path.join(bundle.outDir, 'index.js'), 'utf8');
  expect(code).not.toContain('a comment that minification removes');
  expect(code.trim().split('\n').length).toBeLessThanOrEqual(3);
  expect(code).toMatch(/\/\/# sourceMappingURL=index\.js\.map\s*$/);
  // The runtime provides the AWS SDK v3: it is required, not bundled.
  expect(code).toContain('require("@aws-sdk/client-secrets-manager")');
  expect(code).toMatch(/handler/);
  const map = JSON.parse(readFileSync(path.join(bundle.outDir, 'index.js.map'), 'utf8'));
  expect(map.sources.some((s: string) => s.endsWith('handler.ts'))).toBe(true);
  expect(map.sourcesContent).toBeUndefined();
  expect(bundle.handler).toBe('index.handler');
});

test('the function code is a zip asset whose hash changes with the code', () => {
  const hashOf = (body: string) => {
    const stack = new TerraformStack(Testing.app(), 'bundle');
    new AwsProvider(stack, 'aws', { region: 'ap-northeast-1' });
    const bundle = new LambdaBundle(stack, 'Bundle', {
      entry: stubEntry(`export const handler = async () => ${body};`),
    });
    Synthesized.of(stack);
    return bundle.asset.assetHash;
  };
  expect(hashOf('1')).not.toBe(hashOf('2'));
});

test('the target follows the runtime', () => {
  const entry = stubEntry('export const handler = async (e?: { a?: { b?: number } }) => e?.a?.b ?? 0;');
  const code = (target: string) =>
    readFileSync(path.join(bundleOf(entry, target).outDir, 'index.js'), 'utf8');
  // Optional chaining is native since Node.js 14: kept for node22, lowered for an old target.
  expect(code('node22')).toContain('?.');
  expect(code('node12')).not.toContain('?.');
});

test('fails on a missing entry, naming it', () => {
  expect(() => bundleOf('/nonexistent/handler.ts')).toThrow(
    'Lambda entry /nonexistent/handler.ts does not exist',
  );
});

test("the central stack deploys the repository's collector, authorizer, database bootstrap and anomaly detector, built and source-mapped", () => {
  const s = collectorPart(synthCentral());
  const functions = s.resourceList('aws_lambda_function');
  expect(functions.map((f) => f.handler)).toEqual([
    'index.handler',
    'index.handler',
    'index.handler',
    'index.handler',
  ]);
  for (const fn of functions) {
    expect(fn).toMatchObject({ runtime: 'nodejs22.x', architectures: ['arm64'] });
    expect(fn.filename).toMatch(/^assets\/.+\/archive\.zip$/);
    expect(fn.environment.variables.NODE_OPTIONS).toBe('--enable-source-maps');
  }
  for (const entry of [
    DEFAULT_COLLECTOR_ENTRY,
    DEFAULT_AUTHORIZER_ENTRY,
    DEFAULT_BOOTSTRAP_ENTRY,
    DEFAULT_ANOMALY_DETECTOR_ENTRY,
  ]) {
    const bundle = bundleOf(entry);
    const code = readFileSync(path.join(bundle.outDir, 'index.js'), 'utf8');
    expect(code).toMatch(/sourceMappingURL=index\.js\.map/);
    expect(bundle.stats.sourceMapBytes).toBeGreaterThan(0);
    // Minified: the collector's 1+ MB fits in a few dozen lines (only template literals keep their newlines).
    expect(code.split('\n').length).toBeLessThan(100);
  }
});
