// The package as a product team gets it: packed with `npm pack` (which builds it), unpacked into a fresh
// directory that holds only what npm would install with it (its dependencies and required peers, linked from
// this repository's node_modules: no network), then the README's app compiled with tsc and synthesized.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const PACKAGE = '@platform/observability-wiring';

interface Manifest {
  name: string;
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

/** The first TypeScript block under the README's "Using the library" heading. */
function readmeApp(): string {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Using the library'));
  const match = /```ts\n([\s\S]*?)```/.exec(section);
  if (!match) throw new Error('README: no ```ts block under "## Using the library"');
  return match[1];
}

function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, CHECKPOINT_DISABLE: '1' },
  });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result.stdout;
}

let work: string;
let app: string;
let packageDir: string;
let manifest: Manifest;
let packedFiles: Set<string>;

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'observability-consumer-'));
  const packed = run('npm', ['pack', '--silent', '--pack-destination', work], ROOT).trim().split('\n');
  const tarball = path.join(work, packed[packed.length - 1]);
  packedFiles = new Set(
    execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
      .split('\n')
      .filter((f) => f.startsWith('package/'))
      .map((f) => f.slice('package/'.length)),
  );

  app = path.join(work, 'app');
  const modules = path.join(app, 'node_modules');
  packageDir = path.join(modules, ...PACKAGE.split('/'));
  mkdirSync(packageDir, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1']);
  manifest = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
  const required = [
    ...Object.keys(manifest.dependencies),
    ...Object.keys(manifest.peerDependencies).filter((p) => !manifest.peerDependenciesMeta?.[p]?.optional),
    // The app's own: it is written in TypeScript for Node.js.
    '@types/node',
  ];
  for (const name of required) {
    const link = path.join(modules, ...name.split('/'));
    mkdirSync(path.dirname(link), { recursive: true });
    symlinkSync(path.join(ROOT, 'node_modules', ...name.split('/')), link, 'dir');
  }
  writeFileSync(
    path.join(app, 'package.json'),
    JSON.stringify({ name: 'checkout-observability', private: true }),
  );
}, 180_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

test('the package is publishable and installs neither esbuild nor the Lambda code’s dependencies', () => {
  const raw = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
  expect(raw.private).toBeUndefined();
  const installed = [...Object.keys(manifest.dependencies), ...Object.keys(manifest.peerDependencies)].filter(
    (name) => !manifest.peerDependenciesMeta?.[name]?.optional,
  );
  for (const name of installed) expect(name).not.toMatch(/^(esbuild|mongodb|bson|@aws-sdk\/)/);
  // Every Lambda the library deploys ships bundled.
  for (const entry of ['collector/handler', 'authorizer/index', 'query-api/handler']) {
    expect(packedFiles).toContain(`dist/lambda/${entry}/index.js`);
  }
});

test('the README app (at most 40 lines) compiles against the packed type declarations and synthesizes', () => {
  const source = readmeApp();
  expect(source.trimEnd().split('\n').length).toBeLessThanOrEqual(40);
  writeFileSync(path.join(app, 'main.ts'), source);
  writeFileSync(
    path.join(app, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'nodenext',
        moduleResolution: 'nodenext',
        strict: true,
        // The package's declarations are checked too: a type from a package it does not install would fail.
        skipLibCheck: false,
        types: ['node'],
        outDir: 'out',
      },
      files: ['main.ts'],
    }),
  );
  run(path.join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json'], app);
  run(process.execPath, [path.join('out', 'main.js')], app);

  for (const env of ['prod', 'stg']) {
    const file = path.join(app, 'cdktf.out', 'stacks', `checkout-${env}`, 'cdk.tf.json');
    const json = JSON.parse(readFileSync(file, 'utf8'));
    const account = env === 'prod' ? '222222222222' : '333333333333';
    expect(json.provider.aws[0].allowed_account_ids).toEqual([account]);
    expect(json.provider.aws[0].assume_role[0].role_arn).toBe(
      `arn:aws:iam::${account}:role/observability-deploy`,
    );
    expect(json.terraform.backend.s3.key).toBe(`observability/checkout-${env}.tfstate`);
    expect(Object.keys(json.variable).sort()).toEqual([
      'datadog_api_key_checkout',
      'datadog_app_key_checkout',
      'pagerduty_token',
    ]);
    const monitors = Object.values(json.resource.datadog_monitor) as {
      name: string;
      monitor_thresholds: { critical: string; warning: string };
    }[];
    // The override from the README reaches the monitor; the services the app lists pick the catalog monitors.
    const target5xx = monitors.find((m) => m.name === `[checkout-${env}] ALB target 5xx rate high`);
    expect(target5xx?.monitor_thresholds).toEqual({ critical: '2', warning: '0.5' });
    expect(monitors.some((m) => m.name.includes('RDS'))).toBe(true);
    expect(monitors.some((m) => m.name.includes('DynamoDB'))).toBe(false);
    // Only prod pages by default: stg alerts Slack and the collector and gets no PagerDuty service.
    expect(Object.keys(json.resource.pagerduty_service ?? {})).toHaveLength(env === 'prod' ? 1 : 0);
    expect(Object.keys(json.resource.aws_cloudwatch_event_rule ?? {}).length).toBeGreaterThan(0);
  }
}, 120_000);

test('CentralAccount synthesizes from the package with its prebuilt Lambda bundles and dashboard site', () => {
  writeFileSync(
    path.join(app, 'central.js'),
    `const { App } = require('cdktf');
const { CentralAccount } = require('${PACKAGE}');
const app = new App({ outdir: 'central.out' });
new CentralAccount(app, 'central', {
  deployment: { stateBucket: 'acme-observability-tfstate', stateRegion: 'eu-west-1' },
  central: { accountId: '111111111111', region: 'eu-west-1', network: { zoneIds: ['euw1-az1', 'euw1-az2'] } },
  products: [{ name: 'checkout', accountIds: ['222222222222', '333333333333'] }],
});
app.synth();
`,
  );
  run(process.execPath, ['central.js'], app);
  const stack = path.join(app, 'central.out', 'stacks', 'central');
  const json = JSON.parse(readFileSync(path.join(stack, 'cdk.tf.json'), 'utf8'));
  const functions = Object.values(json.resource.aws_lambda_function) as { filename: string }[];
  expect(functions.length).toBeGreaterThanOrEqual(3);
  for (const fn of functions) expect(existsSync(path.join(stack, fn.filename))).toBe(true);
  expect(json.resource.aws_s3_object ?? json.resource.aws_s3_bucket).toBeDefined();
}, 120_000);

test('every source map in the package resolves to files in the package', () => {
  const maps = [...packedFiles].filter((f) => f.endsWith('.js.map'));
  expect(maps.length).toBeGreaterThan(50);
  const missing: string[] = [];
  for (const map of maps) {
    const { sources, sourceRoot } = JSON.parse(readFileSync(path.join(packageDir, map), 'utf8'));
    for (const source of sources as string[]) {
      const file = path.posix.normalize(path.posix.join(path.posix.dirname(map), sourceRoot ?? '', source));
      // Third-party code bundled into a Lambda is mapped to its package, which is not shipped.
      if (file.startsWith('node_modules/')) continue;
      if (!packedFiles.has(file)) missing.push(`${map}: ${source}`);
    }
  }
  expect(missing).toEqual([]);
});

test('the config loader reads the example config shipped in the package', () => {
  const script = `const lib = require('${PACKAGE}');
const config = lib.loadPlatformConfig(lib.EXAMPLE_CONFIG_PATH);
process.stdout.write(JSON.stringify({ file: lib.EXAMPLE_CONFIG_PATH, products: config.products.map((p) => p.name) }));`;
  const { file, products } = JSON.parse(run(process.execPath, ['-e', script], app));
  expect(path.relative(packageDir, file)).toBe(path.join('config', 'platform.example.yaml'));
  expect(products).toEqual(['payments', 'search']);
});
