// Installs the schema-replay provider (replay-provider/) for Terraform without a registry: builds it with Go
// (modules from the Go module proxy, pinned by go.sum), links it into a filesystem mirror under every provider
// address and version the stacks pin, and writes a CLI config of our own that installs only from that mirror.
// Everything lives under .cache/terraform-replay/, keyed by a hash of the provider's sources.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import * as path from 'node:path';
import { REPLAY_PROVIDER_DATA } from './placeholders';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
const SOURCE_DIR = path.join(__dirname, 'replay-provider');
export const CACHE_DIR = path.join(REPO_ROOT, '.cache', 'terraform-replay');

/** The schema dump the provider serves; `REPLAY_PROVIDER_SCHEMAS` points elsewhere (e.g. a newer dump). */
export function schemaDumpPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.REPLAY_PROVIDER_SCHEMAS || path.join(SOURCE_DIR, 'schemas', 'provider-schemas.json.gz');
}

/** What is missing to run Terraform with the replay provider here, or undefined when nothing is. */
export function replayUnavailable(): string | undefined {
  for (const [tool, args] of [
    ['terraform', ['version']],
    ['go', ['version']],
  ] as const) {
    const probe = spawnSync(tool, args, { encoding: 'utf8' });
    if (probe.error || probe.status !== 0)
      return `${tool} is not on the PATH (${probe.error?.message ?? probe.stderr.trim()})`;
  }
  return undefined;
}

function sourceHash(): string {
  const hash = createHash('sha256');
  for (const name of readdirSync(SOURCE_DIR).sort()) {
    if (!/\.go$|^go\.(mod|sum)$/.test(name) || name.endsWith('_test.go')) continue;
    hash
      .update(name)
      .update('\0')
      .update(readFileSync(path.join(SOURCE_DIR, name)))
      .update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/** Builds the provider unless a build of the same sources is cached; returns the binary's path. */
export function buildReplayProvider(): string {
  const binary = path.join(CACHE_DIR, 'bin', sourceHash(), 'terraform-provider-replay');
  if (existsSync(binary)) return binary;
  mkdirSync(path.dirname(binary), { recursive: true });
  // One builder at a time (test workers start together); the others wait for its binary. A lock older
  // than the longest build is left over from a killed process and ignored.
  const lock = `${binary}.lock`;
  const waitUntil = Date.now() + BUILD_TIMEOUT_MS;
  while (!tryLock(lock)) {
    if (existsSync(binary)) return binary;
    if (Date.now() > waitUntil || lockAgeMs(lock) > BUILD_TIMEOUT_MS) break;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
  }
  try {
    if (existsSync(binary)) return binary;
    const temporary = `${binary}.${process.pid}.tmp`;
    const build = spawnSync('go', ['build', '-trimpath', '-o', temporary, '.'], {
      cwd: SOURCE_DIR,
      encoding: 'utf8',
      env: { ...process.env, GOFLAGS: '-mod=readonly', CGO_ENABLED: '0' },
    });
    if (build.error || build.status !== 0)
      throw new Error(`building the replay provider failed: ${build.error?.message ?? build.stderr}`);
    // Rename is atomic: nobody sees half a binary.
    renameSync(temporary, binary);
    return binary;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** A cold build (modules from the proxy, compiling gRPC) takes about 90 s on 2 busy cores. */
const BUILD_TIMEOUT_MS = 10 * 60_000;

function tryLock(lock: string): boolean {
  try {
    mkdirSync(lock);
    return true;
  } catch {
    return false;
  }
}

function lockAgeMs(lock: string): number {
  try {
    return Date.now() - statSync(lock).mtimeMs;
  } catch {
    return 0;
  }
}

export interface ProviderRequirement {
  /** e.g. registry.terraform.io/datadog/datadog */
  readonly address: string;
  readonly version: string;
}

/** The provider address Terraform derives from a `source` ("aws" -> registry.terraform.io/hashicorp/aws). */
export function providerAddress(source: string): string {
  const parts = source.toLowerCase().split('/');
  if (parts.length === 1) return `registry.terraform.io/hashicorp/${parts[0]}`;
  if (parts.length === 2) return `registry.terraform.io/${parts[0]}/${parts[1]}`;
  return parts.join('/');
}

/** Every provider a synthesized stack requires; the mirror can only serve exact versions. */
export function requiredProviders(stack: { terraform?: { required_providers?: Record<string, unknown> } }) {
  const out: ProviderRequirement[] = [];
  for (const [name, spec] of Object.entries(stack.terraform?.required_providers ?? {})) {
    const { source, version } = spec as { source?: string; version?: string };
    if (!version || !/^\d+\.\d+\.\d+$/.test(version.trim()))
      throw new Error(
        `provider "${name}" is required as version "${version ?? ''}": the replay mirror needs an exact version (x.y.z)`,
      );
    out.push({ address: providerAddress(source ?? name), version: version.trim() });
  }
  return out;
}

function platformDir(): string {
  const os = process.platform === 'win32' ? 'windows' : process.platform;
  const arch = { x64: 'amd64', arm64: 'arm64', ia32: '386' }[process.arch as string] ?? process.arch;
  return `${os}_${arch}`;
}

export interface ReplaySetup {
  /** Environment for `terraform` (and so for the provider processes it starts). */
  readonly env: NodeJS.ProcessEnv;
  readonly cliConfigFile: string;
  readonly mirrorDir: string;
}

/**
 * Builds the provider and installs it for the given providers; returns the environment under which
 * `terraform init` installs it. The user's ~/.terraformrc is never read or written: TF_CLI_CONFIG_FILE
 * points at our own file.
 */
export function setUpReplay(providers: readonly ProviderRequirement[]): ReplaySetup {
  const binary = buildReplayProvider();
  const mirrorDir = path.join(CACHE_DIR, 'mirror', path.basename(path.dirname(binary)));
  for (const { address, version } of providers) {
    const type = address.split('/').at(-1)!;
    const dir = path.join(mirrorDir, ...address.split('/'), version, platformDir());
    const target = path.join(dir, `terraform-provider-${type}_v${version}`);
    if (existsSync(target)) continue;
    mkdirSync(dir, { recursive: true });
    const temporary = `${target}.${process.pid}.tmp`;
    try {
      linkSync(binary, temporary);
    } catch {
      copyFileSync(binary, temporary);
    }
    renameSync(temporary, target);
  }
  const cliConfigFile = path.join(mirrorDir, 'terraform.rc');
  const config = `# Written by scripts/terraform/replay.ts: install providers only from the replay mirror.
provider_installation {
  filesystem_mirror {
    path = ${JSON.stringify(mirrorDir)}
  }
}
`;
  if (!existsSync(cliConfigFile) || readFileSync(cliConfigFile, 'utf8') !== config) {
    writeFileSync(`${cliConfigFile}.${process.pid}.tmp`, config);
    renameSync(`${cliConfigFile}.${process.pid}.tmp`, cliConfigFile);
  }
  const env: NodeJS.ProcessEnv = {
    ...terraformEnv(),
    TF_CLI_CONFIG_FILE: cliConfigFile,
    REPLAY_PROVIDER_SCHEMAS: path.resolve(schemaDumpPath()),
    REPLAY_PROVIDER_DATA: JSON.stringify(REPLAY_PROVIDER_DATA),
  };
  delete env.TF_PLUGIN_CACHE_DIR;
  return { env, cliConfigFile, mirrorDir };
}

/** The environment every terraform run here gets: no prompts, no update check, no colour. */
export function terraformEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...base, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', TF_INPUT: '0' };
}

/** Removes a cached working directory tree (used by tests for their scratch copies). */
export function removeTree(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

// `tsx scripts/terraform/replay.ts [cdktf.out]`: builds and installs the provider for every stack of the
// output and prints the environment (shell `export` lines) under which terraform uses it, e.g.
// `eval "$(npx tsx scripts/terraform/replay.ts)"; cd cdktf.out/stacks/payments-prod; terraform init -backend=false`.
// `tsx scripts/terraform/replay.ts --build` only builds it (CI, before the test workers need it).
if (require.main === module && process.argv[2] === '--build') {
  console.log(buildReplayProvider());
} else if (require.main === module) {
  const out = path.resolve(process.argv[2] ?? 'cdktf.out');
  const stacks = path.join(out, 'stacks');
  if (!existsSync(stacks)) {
    console.error(`${stacks} does not exist: run \`npm run synth\` first`);
    process.exit(2);
  }
  const providers = new Map<string, ProviderRequirement>();
  for (const name of readdirSync(stacks)) {
    const file = path.join(stacks, name, 'cdk.tf.json');
    if (!existsSync(file)) continue;
    for (const p of requiredProviders(JSON.parse(readFileSync(file, 'utf8'))))
      providers.set(`${p.address}@${p.version}`, p);
  }
  const { env } = setUpReplay([...providers.values()]);
  for (const name of ['TF_CLI_CONFIG_FILE', 'REPLAY_PROVIDER_SCHEMAS', 'REPLAY_PROVIDER_DATA'])
    console.log(`export ${name}='${String(env[name]).replace(/'/g, `'\\''`)}'`);
}
