// `npm run validate -- [cdktf.out] [--real-providers] [--plan-dir DIR] [--jobs N]`
// Hands every synthesized stack to Terraform: `terraform init` + `terraform validate`, by default with the
// schema-replay provider (no registry, no credentials), with --real-providers from the registry. With
// --plan-dir it also plans every stack offline (replay provider, dummy credentials, local state) and writes
// `terraform show -json` of each plan as DIR/<stack>.json, ready for `npm run review -- plan`.
// Exit code 0 only when every stack has 0 errors and 0 warnings. See docs/verification.md.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { checkStack, type StackCheck } from './check-stack';
import { formatDiagnostic } from './diagnostics';
import { type ProviderRequirement, REPO_ROOT, requiredProviders, setUpReplay, terraformEnv } from './replay';
import { mapLimit, readStack } from './workspace';

export const VALIDATE_USAGE = `usage: npm run validate -- [cdktf.out] [--real-providers] [--plan-dir DIR] [--jobs N]

  Runs terraform init and terraform validate on every stack in cdktf.out/stacks/ (default ./cdktf.out),
  with the schema-replay provider unless --real-providers (needs registry access).
  --plan-dir DIR  also plans every stack offline (replay provider) into DIR/<stack>.json
  --jobs N        stacks checked at once (default: the number of cores)`;

interface Options {
  readonly out: string;
  readonly realProviders: boolean;
  readonly planDir?: string;
  readonly jobs: number;
}

function parseOptions(args: readonly string[]): Options {
  let out: string | undefined;
  let realProviders = false;
  let planDir: string | undefined;
  let jobs = availableParallelism();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--real-providers') realProviders = true;
    else if (arg === '--plan-dir') planDir = args[++i];
    else if (arg === '--jobs') jobs = Number(args[++i]);
    else if (arg === '--help' || arg === '-h') throw new UsageError('');
    else if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
    else if (out) throw new UsageError(`one cdktf output directory, got ${out} and ${arg}`);
    else out = arg;
  }
  if (args.includes('--plan-dir') && !planDir) throw new UsageError('--plan-dir needs a directory');
  if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError('--jobs needs a whole number of 1 or more');
  if (planDir && realProviders)
    throw new UsageError(
      '--plan-dir plans with the replay provider; the registry providers need real credentials',
    );
  return { out: path.resolve(out ?? 'cdktf.out'), realProviders, planDir, jobs };
}

class UsageError extends Error {}

export function stackDirs(out: string): string[] {
  const root = path.join(out, 'stacks');
  if (!existsSync(root)) throw new UsageError(`${root} does not exist: run \`npm run synth\` first`);
  return readdirSync(root)
    .filter((name) => existsSync(path.join(root, name, 'cdk.tf.json')))
    .sort()
    .map((name) => path.join(root, name));
}

function seconds(check: StackCheck): string {
  return Object.entries(check.seconds)
    .map(([step, s]) => `${step} ${s.toFixed(1)} s`)
    .join(', ');
}

export function report(check: StackCheck): string {
  const errors = check.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = check.diagnostics.length - errors;
  const ok = errors === 0 && warnings === 0 && !check.failure;
  const lines = [
    `${ok ? 'ok  ' : 'FAIL'} ${check.stack}: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'} (${seconds(check)})`,
    ...check.diagnostics.map(formatDiagnostic),
  ];
  if (check.failure) lines.push(`  ${check.failure.replace(/\n/g, '\n  ')}`);
  return lines.join('\n');
}

export function passed(check: StackCheck): boolean {
  return check.diagnostics.length === 0 && !check.failure;
}

async function main(): Promise<number> {
  let options: Options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(err.message ? `validate: ${err.message}\n\n${VALIDATE_USAGE}` : VALIDATE_USAGE);
    return err.message ? 2 : 0;
  }
  const probe = spawnSync('terraform', ['version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    console.error(
      'validate: terraform is not on the PATH. Install Terraform >= 1.11 (https://developer.hashicorp.com/terraform/install).',
    );
    return 2;
  }
  let dirs: string[];
  try {
    dirs = stackDirs(options.out);
  } catch (err) {
    console.error(`validate: ${(err as Error).message}`);
    return 2;
  }
  const started = Date.now();
  let env: NodeJS.ProcessEnv;
  if (options.realProviders) env = terraformEnv();
  else {
    const providers = new Map<string, ProviderRequirement>();
    for (const dir of dirs)
      for (const p of requiredProviders(readStack(dir))) providers.set(`${p.address}@${p.version}`, p);
    env = setUpReplay([...providers.values()]).env;
    console.log(`replay provider ready (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
  const key = createHash('sha256').update(options.out).digest('hex').slice(0, 12);
  const workRoot = path.join(
    REPO_ROOT,
    '.cache',
    options.realProviders ? 'terraform-real' : 'terraform-replay',
    'work',
    key,
  );
  if (options.planDir) mkdirSync(options.planDir, { recursive: true });
  const checks = await mapLimit(dirs, options.jobs, async (dir) => {
    const check = await checkStack(dir, path.join(workRoot, path.basename(dir)), {
      env,
      plan: options.planDir !== undefined,
    });
    if (options.planDir && check.planJsonFile)
      copyFileSync(check.planJsonFile, path.join(options.planDir, `${check.stack}.json`));
    console.log(report(check));
    return check;
  });
  const failed = checks.filter((c) => !passed(c));
  const wall = (Date.now() - started) / 1000;
  console.log(
    `${checks.length - failed.length}/${checks.length} stacks pass with 0 errors and 0 warnings` +
      ` (${options.realProviders ? 'registry providers' : 'replay provider'}, ${options.jobs} at a time, ${wall.toFixed(1)} s)`,
  );
  return failed.length === 0 ? 0 : 1;
}

if (require.main === module) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (err: Error) => {
      console.error(`validate: ${err.stack ?? err.message}`);
      process.exitCode = 2;
    },
  );
}
