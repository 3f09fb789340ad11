import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { AssetType, TerraformAsset } from 'cdktf';
import { Construct } from 'constructs';
import { bundleOptions } from './bundle-options';
import { deterministicZip, ZIP_FORMAT } from './deterministic-zip';

/**
 * Root of the Lambda sources shipped with this package: `constructs/collector/` in the repository and
 * `dist/constructs/collector/` in the published package both find the package's own `lambda-src/`.
 */
export const LAMBDA_SRC_DIR = findLambdaSources(__dirname);

function findLambdaSources(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'lambda-src');
    if (existsSync(path.join(dir, 'package.json')) && existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return path.resolve(from, '..', '..', 'lambda-src');
  }
}

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

/**
 * Bundles built by `npm run build` (scripts/build.ts) into the published package: `dist/lambda/<entry>/index.js`
 * for each entry under lambda-src, seen from this file compiled into `dist/constructs/collector/`. From the
 * repository's TypeScript sources the directory does not exist, so entries are always bundled afresh there.
 */
export const PREBUILT_BUNDLES_DIR = path.resolve(__dirname, '..', '..', 'lambda');

/** Where the prebuilt bundle of a lambda-src entry lives in the package. */
export function prebuiltBundleFile(entry: string): string | undefined {
  const relative = path.relative(LAMBDA_SRC_DIR, path.resolve(entry));
  if (relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  return path.join(PREBUILT_BUNDLES_DIR, relative.replace(/\.[cm]?[jt]s$/, ''), 'index.js');
}

const isDefaultBuild = (nodeTarget: string, external: readonly string[]) =>
  nodeTarget === 'node22' && JSON.stringify(external) === JSON.stringify(DEFAULT_EXTERNAL_MODULES);

export interface LambdaBundleProps {
  /** Entry file (TypeScript or JavaScript) that exports the handler. */
  readonly entry: string;
  /** esbuild target. @default node22 */
  readonly nodeTarget?: string;
  /** Modules not bundled. @default DEFAULT_EXTERNAL_MODULES */
  readonly externalModules?: readonly string[];
  /** Directory under which the bundle's directory (named by its content hash) is written. @default - the OS temp dir */
  readonly outDir?: string;
}

/** Sizes of a built bundle, in bytes. */
export interface BundleStats {
  readonly codeBytes: number;
  readonly sourceMapBytes: number;
  /** Size of the zip that is deployed (code and source map). */
  readonly zipBytes: number;
  readonly buildMs: number;
}

/** Name of the zip in a bundle's directory. */
const ARCHIVE = 'archive.zip';

const built = new Map<string, { readonly dir: string; readonly stats: BundleStats }>();

/**
 * Bundles one Lambda entry with esbuild at synth time (minified, with an external source map, CommonJS for
 * Node.js) into `index.js` + `index.js.map`, zips them in process into `archive.zip`, and makes that a file asset
 * (cdktf's own ARCHIVE assets start a `node` process per asset and archive, to zip).
 * Each entry is built once per process, so synthesizing several stacks or tests does not rebuild it; the
 * output directory is named by the content, so concurrent builds never overwrite what another one reads.
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

    let result = built.get(key);
    if (!result) {
      const started = Date.now();
      // Build into a private directory, then move it to a directory named by the content: processes that
      // synthesize at the same time (jest workers, parallel synths) never see each other's half-written files.
      const root = props.outDir ?? path.join(tmpdir(), 'observability-lambda-bundles');
      mkdirSync(root, { recursive: true });
      const staging = mkdtempSync(path.join(root, `.build-${key}-`));
      let outfile = path.join(staging, 'index.js');
      const prebuilt = prebuiltBundleFile(entry);
      if (prebuilt && isDefaultBuild(nodeTarget, external) && existsSync(prebuilt)) {
        // The published package: bundled when it was built, so esbuild and the Lambda code's own dependencies
        // (the MongoDB driver, zod) are not needed where it is used.
        outfile = prebuilt;
      } else {
        // Loaded only here: the published package does not depend on esbuild.
        const { buildSync } = require('esbuild') as typeof import('esbuild');
        const build = buildSync(bundleOptions(entry, outfile, nodeTarget, external));
        if (build.errors.length > 0) {
          rmSync(staging, { recursive: true, force: true });
          throw new Error(`bundling ${entry} failed: ${build.errors.map((e) => e.text).join('; ')}`);
        }
      }
      const code = readFileSync(outfile);
      const map = readFileSync(`${outfile}.map`);
      const contentHash = createHash('sha256')
        .update(code)
        .update(map)
        .update(ZIP_FORMAT)
        .digest('hex')
        .slice(0, 20);
      const dir = path.join(root, contentHash);
      let zipBytes: number;
      if (existsSync(path.join(dir, ARCHIVE))) {
        // Zipped before, by this or another synthesis: the zip depends only on what the name is made of.
        zipBytes = statSync(path.join(dir, ARCHIVE)).size;
        rmSync(staging, { recursive: true, force: true });
      } else {
        const zip = deterministicZip({ 'index.js': code, 'index.js.map': map });
        writeFileSync(path.join(staging, ARCHIVE), zip);
        zipBytes = zip.length;
        if (existsSync(dir)) {
          // The content is there without its zip (an interrupted synthesis): add the zip by an atomic rename.
          renameSync(path.join(staging, ARCHIVE), path.join(dir, ARCHIVE));
          rmSync(staging, { recursive: true, force: true });
        } else {
          try {
            renameSync(staging, dir);
          } catch {
            // Another process moved the same content there first.
            rmSync(staging, { recursive: true, force: true });
          }
        }
      }
      result = {
        dir,
        stats: {
          codeBytes: code.length,
          sourceMapBytes: map.length,
          zipBytes,
          buildMs: Date.now() - started,
        },
      };
      built.set(key, result);
    }
    this.outDir = result.dir;
    this.stats = result.stats;
    this.asset = new TerraformAsset(this, 'Asset', {
      path: path.join(this.outDir, ARCHIVE),
      type: AssetType.FILE,
    });
  }
}
