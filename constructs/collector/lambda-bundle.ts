import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { AssetType, TerraformAsset } from 'cdktf';
import { Construct } from 'constructs';
import { buildSync } from 'esbuild';

/** Root of the Lambda sources in this repository. */
export const LAMBDA_SRC_DIR = path.resolve(__dirname, '..', '..', 'lambda-src');

/**
 * Modules left out of the bundle.
 * - The AWS SDK for JavaScript v3 (`@aws-sdk/*`, `@smithy/*`): every supported Node.js Lambda runtime
 *   (nodejs18.x and later, so nodejs22.x and nodejs24.x) ships it, and leaving it out keeps the bundle small.
 *   Pin the SDK in the bundle instead (set `externalModules`) if the code needs a newer SDK than the runtime's.
 * - The MongoDB driver's optional native or rarely used peers (Kerberos, compression, client-side
 *   encryption, SOCKS, cloud credential helpers): the driver `require`s them lazily inside `try` and works
 *   without them; bundling would fail because they are not installed.
 */
export const DEFAULT_EXTERNAL_MODULES = [
  '@aws-sdk/*',
  '@smithy/*',
  'kerberos',
  '@mongodb-js/zstd',
  'snappy',
  'mongodb-client-encryption',
  'socks',
  'aws4',
  'gcp-metadata',
] as const;

export interface LambdaBundleProps {
  /** Entry file (TypeScript or JavaScript) that exports the handler. */
  readonly entry: string;
  /** esbuild target. @default node22 */
  readonly nodeTarget?: string;
  /** Modules not bundled. @default DEFAULT_EXTERNAL_MODULES */
  readonly externalModules?: readonly string[];
  /** Directory the bundle is written to. @default - a directory under the OS temp dir, keyed by entry and options */
  readonly outDir?: string;
}

/** Sizes of a built bundle, in bytes. */
export interface BundleStats {
  readonly codeBytes: number;
  readonly sourceMapBytes: number;
  readonly buildMs: number;
}

const built = new Map<string, BundleStats>();

/**
 * Bundles one Lambda entry with esbuild at synth time (minified, with an external source map, CommonJS for
 * Node.js) into `index.js` + `index.js.map`, and turns the directory into a zip asset.
 * Each entry is built once per process, so synthesizing several stacks or tests does not rebuild it.
 */
export class LambdaBundle extends Construct {
  /** The zip asset; use `asset.path` as the function's `filename` and `asset.assetHash` in its code hash. */
  public readonly asset: TerraformAsset;
  /** Handler setting of the function. */
  public readonly handler = 'index.handler';
  public readonly outDir: string;
  public readonly stats: BundleStats;

  constructor(scope: Construct, id: string, props: LambdaBundleProps) {
    super(scope, id);
    const entry = path.resolve(props.entry);
    if (!existsSync(entry)) throw new Error(`Lambda entry ${entry} does not exist`);
    const nodeTarget = props.nodeTarget ?? 'node22';
    const external = [...(props.externalModules ?? DEFAULT_EXTERNAL_MODULES)];
    const key = createHash('sha256')
      .update(JSON.stringify({ entry, nodeTarget, external }))
      .digest('hex')
      .slice(0, 16);
    this.outDir = props.outDir ?? path.join(tmpdir(), 'observability-lambda-bundles', key);

    const cacheKey = `${this.outDir}|${key}`;
    let stats = built.get(cacheKey);
    if (!stats) {
      const started = Date.now();
      rmSync(this.outDir, { recursive: true, force: true });
      mkdirSync(this.outDir, { recursive: true });
      const outfile = path.join(this.outDir, 'index.js');
      const result = buildSync({
        entryPoints: [entry],
        outfile,
        bundle: true,
        minify: true,
        sourcemap: true,
        // File and line are enough to read a stack trace; the sources themselves stay out of the zip.
        sourcesContent: false,
        platform: 'node',
        target: nodeTarget,
        format: 'cjs',
        external,
        logLevel: 'silent',
        legalComments: 'none',
      });
      if (result.errors.length > 0) {
        throw new Error(`bundling ${entry} failed: ${result.errors.map((e) => e.text).join('; ')}`);
      }
      stats = {
        codeBytes: statSync(outfile).size,
        sourceMapBytes: statSync(`${outfile}.map`).size,
        buildMs: Date.now() - started,
      };
      built.set(cacheKey, stats);
    }
    this.stats = stats;
    this.asset = new TerraformAsset(this, 'Asset', { path: this.outDir, type: AssetType.ARCHIVE });
  }
}
