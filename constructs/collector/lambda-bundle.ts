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
import { buildSync } from 'esbuild';
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
      const outfile = path.join(staging, 'index.js');
      const build = buildSync({
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
      if (build.errors.length > 0) {
        rmSync(staging, { recursive: true, force: true });
        throw new Error(`bundling ${entry} failed: ${build.errors.map((e) => e.text).join('; ')}`);
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
