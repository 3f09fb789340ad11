// A stack's Terraform working copy outside cdktf.out/: terraform init writes a lock file and .terraform/
// there, and a lock file for the replay provider would make the real providers' init fail (and the other
// way round), so cdktf.out/ itself is never touched.
import { spawn } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import * as path from 'node:path';

/** The parts of a synthesized stack (cdk.tf.json) read here. */
export interface StackJson {
  terraform?: { required_providers?: Record<string, unknown>; backend?: Record<string, unknown> };
  variable?: Record<string, { type?: string; default?: unknown }>;
  [section: string]: unknown;
}

export const BACKEND_OVERRIDE_FILE = 'replay_backend_override.tf.json';

export interface Workspace {
  readonly stack: string;
  readonly dir: string;
  readonly json: StackJson;
}

export function readStack(stackDir: string): StackJson {
  return JSON.parse(readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8')) as StackJson;
}

/**
 * Copies a synthesized stack into `dir` (its assets linked, not copied). With `localBackend`, an override
 * file replaces the stack's backend by a local state file, which `terraform plan` needs; `validate` does not.
 * An existing `.terraform/` is kept (providers stay installed), the lock file is not.
 */
export function prepareWorkspace(
  stackDir: string,
  dir: string,
  options: { localBackend: boolean; keepState?: boolean },
): Workspace {
  mkdirSync(dir, { recursive: true });
  copyFileSync(path.join(stackDir, 'cdk.tf.json'), path.join(dir, 'cdk.tf.json'));
  const assets = path.join(dir, 'assets');
  rmSync(assets, { recursive: true, force: true });
  if (existsSync(path.join(stackDir, 'assets'))) symlinkSync(path.resolve(stackDir, 'assets'), assets);
  rmSync(path.join(dir, '.terraform.lock.hcl'), { force: true });
  if (!options.keepState) {
    rmSync(path.join(dir, 'terraform.tfstate'), { force: true });
    rmSync(path.join(dir, 'terraform.tfstate.backup'), { force: true });
  }
  const override = path.join(dir, BACKEND_OVERRIDE_FILE);
  if (options.localBackend)
    writeFileSync(
      override,
      `${JSON.stringify({ terraform: { backend: { local: { path: 'terraform.tfstate' } } } }, null, 2)}\n`,
    );
  else rmSync(override, { force: true });
  return { stack: path.basename(stackDir), dir, json: readStack(stackDir) };
}

/**
 * Dummy values for the variables a stack needs from the deploy environment (credentials): non-empty, so
 * their validation passes, and obviously not secrets.
 */
export function dummyVariables(json: StackJson): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, variable] of Object.entries(json.variable ?? {})) {
    if (variable.default !== undefined) continue;
    const type = variable.type ?? 'string';
    if (type === 'string') env[`TF_VAR_${name}`] = `replay-placeholder-${name}`;
    else if (type === 'number') env[`TF_VAR_${name}`] = '1';
    else if (type === 'bool') env[`TF_VAR_${name}`] = 'false';
  }
  return env;
}

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly seconds: number;
}

/** Runs terraform in a working directory and collects its output (never throws on a non-zero exit). */
export function terraform(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<RunResult> {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn('terraform', [...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({
        code: code ?? 1,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        seconds: Number(process.hrtime.bigint() - started) / 1e9,
      }),
    );
  });
}

/** Runs `work` for every item with at most `limit` at a time; results keep the items' order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>) {
  const results: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]);
    }
  });
  await Promise.all(workers);
  return results;
}
