// `review run`: terraform over the stacks of one step (central, or one product batch), at most N at a time.
// Every stack gets its own result (`<results>/<stack>/result.json` and `log.txt`); one stack failing never
// stops the others, and the step reports every failure at the end.
import { spawn } from 'node:child_process';
import { copyFileSync, createWriteStream, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pool } from './batch';
import type { Credentials } from './oidc';
import { checkSavedPlan, META_FILE, PLAN_FILE, type PlanMeta, readSavedPlanMeta } from './saved-plan';
import { type StackTarget, stackDir } from './stack-targets';

/** plan: the review's saved plan; apply: the deploy; drift: the nightly check. */
export type RunMode = 'plan' | 'apply' | 'drift';
export const RUN_MODES: readonly RunMode[] = ['plan', 'apply', 'drift'];

export type Outcome =
  /** plan: planned; apply: applied (or nothing to apply); drift: no drift. */
  | 'ok'
  /** drift: terraform would change something. */
  | 'drift'
  | 'failed';

export interface StackResult {
  readonly stack: string;
  readonly mode: RunMode;
  readonly outcome: Outcome;
  /** apply: which plan was applied. */
  readonly applied?: 'saved-plan' | 'new-plan';
  /** apply: why the saved plan was not used. */
  readonly savedPlanRefused?: string;
  /** The failing step and the end of terraform's error output. */
  readonly error?: string;
  /** `terraform show -json` of the plan, relative to the results directory, when one was made. */
  readonly planJson?: string;
  readonly seconds: number;
}

export interface RunOptions {
  readonly mode: RunMode;
  /** The synthesized output: terraform runs in `<synthDir>/stacks/<stack>`. */
  readonly synthDir: string;
  readonly resultsDir: string;
  readonly parallel: number;
  /** plan: the commit the plan is made from, recorded with it. */
  readonly commit?: string;
  /** apply: where the review's saved plans are (`<dir>/<stack>/tfplan` and `plan-meta.json`). */
  readonly savedPlansDir?: string;
  /** apply: the reviewed head commit a saved plan must have been made from. */
  readonly reviewedCommit?: string;
  readonly maxPlanAgeHours: number;
  readonly credentials?: Credentials;
  /** Extra environment for terraform (tests: TF_CLI_CONFIG_FILE). */
  readonly env?: Record<string, string | undefined>;
  /** @default terraform */
  readonly terraform?: string;
  /** How long an apply waits for another run's state lock. @default 15m */
  readonly lockTimeout?: string;
  readonly now?: () => Date;
}

class StepError extends Error {
  constructor(
    readonly step: string,
    readonly output: string,
  ) {
    super(`${step} failed`);
  }
}

const TAIL_CHARS = 2000;
// Terraform refuses these saved plans before it changes anything, so planning again is safe.
const REFUSED_PLANS: readonly (readonly [RegExp, string])[] = [
  [/Saved plan is stale/, 'the state changed since the plan was made (saved plan is stale)'],
  [
    /different set of external dependency selections|Inconsistent dependency lock file/,
    'the providers installed now are not the ones the plan was made with',
  ],
];

/** Runs terraform; resolves with its exit code and output; rejects (StepError) on codes not in `ok`. */
type Terraform = (
  step: string,
  args: readonly string[],
  ok?: readonly number[],
  stdoutFile?: string,
) => Promise<{ code: number; output: string }>;

function terraformIn(
  cwd: string,
  log: NodeJS.WritableStream,
  env: NodeJS.ProcessEnv,
  binary: string,
): Terraform {
  return (step, args, ok = [0], stdoutFile) =>
    new Promise((resolve, reject) => {
      log.write(`\n$ terraform ${args.join(' ')}\n`);
      const child = spawn(binary, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      const file = stdoutFile ? createWriteStream(stdoutFile) : undefined;
      child.stdout.on('data', (b: Buffer) => {
        if (file) file.write(b);
        else {
          log.write(b);
          output = (output + b.toString()).slice(-TAIL_CHARS * 4);
        }
      });
      child.stderr.on('data', (b: Buffer) => {
        log.write(b);
        output = (output + b.toString()).slice(-TAIL_CHARS * 4);
      });
      child.on('error', (err) => reject(new StepError(step, `cannot run ${binary}: ${err.message}`)));
      child.on('close', (code) => {
        const done = () => {
          const c = code ?? 1;
          if (ok.includes(c)) resolve({ code: c, output });
          else reject(new StepError(step, output));
        };
        if (file) file.end(done);
        else done();
      });
    });
}

/** One at a time: terraform's plugin cache is not safe for concurrent `terraform init`. */
function serialized(): <T>(fn: () => Promise<T>) => Promise<T> {
  let last: Promise<unknown> = Promise.resolve();
  return (fn) => {
    const run = last.then(fn, fn);
    last = run.catch(() => undefined);
    return run;
  };
}

const tail = (text: string) => text.trim().slice(-TAIL_CHARS);

/** Runs the step over `targets`; resolves with one result per stack, in order, after all finished. */
export async function runStacks(
  targets: readonly StackTarget[],
  options: RunOptions,
): Promise<StackResult[]> {
  const init = serialized();
  const settled = await pool(targets, options.parallel, (t) => runOne(t, options, init));
  return settled.map((s, i) =>
    s.status === 'fulfilled'
      ? s.value
      : {
          stack: targets[i].stack,
          mode: options.mode,
          outcome: 'failed',
          error: String(s.reason),
          seconds: 0,
        },
  );
}

async function runOne(
  target: StackTarget,
  options: RunOptions,
  init: ReturnType<typeof serialized>,
): Promise<StackResult> {
  const started = Date.now();
  const out = path.resolve(options.resultsDir, target.stack);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const log = createWriteStream(path.join(out, 'log.txt'));
  const tokenFile = path.join(out, '.oidc-token');
  let result: Omit<StackResult, 'seconds'>;
  try {
    const credentials = options.credentials ? await options.credentials(target, tokenFile) : {};
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      TF_IN_AUTOMATION: '1',
      TF_INPUT: '0',
      CHECKPOINT_DISABLE: '1',
      ...options.env,
      ...credentials,
    };
    for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
    const tf = terraformIn(
      stackDir(path.resolve(options.synthDir), target.stack),
      log,
      env,
      options.terraform ?? 'terraform',
    );
    await init(() => tf('terraform init', ['init', '-input=false', '-no-color']));
    result = await MODES[options.mode](target, options, tf, out);
  } catch (err) {
    const error =
      err instanceof StepError ? `${err.step} failed:\n${tail(err.output)}` : (err as Error).message;
    result = { stack: target.stack, mode: options.mode, outcome: 'failed', error };
  } finally {
    rmSync(tokenFile, { force: true });
  }
  const full: StackResult = { ...result, seconds: Math.round((Date.now() - started) / 100) / 10 };
  await new Promise<void>((resolve) => log.end(resolve));
  writeFileSync(path.join(out, 'result.json'), `${JSON.stringify(full, null, 2)}\n`);
  return full;
}

type ModeRun = (
  target: StackTarget,
  options: RunOptions,
  tf: Terraform,
  out: string,
) => Promise<Omit<StackResult, 'seconds'>>;

const lockTimeout = (o: RunOptions) => `-lock-timeout=${o.lockTimeout ?? '15m'}`;

async function showJson(tf: Terraform, planFile: string, out: string): Promise<string> {
  await tf('terraform show', ['show', '-json', '-no-color', planFile], [0], path.join(out, 'plan.json'));
  return 'plan.json';
}

const MODES: Record<RunMode, ModeRun> = {
  // The review: a plan that never takes the lock (it must not block a deploy), saved with what it was made of.
  async plan(target, options, tf, out) {
    const planFile = path.join(out, PLAN_FILE);
    await tf('terraform plan', ['plan', '-input=false', '-no-color', '-lock=false', `-out=${planFile}`]);
    const planJson = await showJson(tf, planFile, out);
    const meta: PlanMeta = {
      version: 1,
      stack: target.stack,
      commit: options.commit ?? '',
      synthHash: target.synthHash,
      createdAt: (options.now?.() ?? new Date()).toISOString(),
    };
    writeFileSync(path.join(out, META_FILE), `${JSON.stringify(meta, null, 2)}\n`);
    return { stack: target.stack, mode: 'plan', outcome: 'ok', planJson };
  },

  // The deploy: the reviewed plan when it is this stack's plan of this commit, else plan and apply here.
  async apply(target, options, tf, out) {
    let refused: string | undefined;
    if (options.savedPlansDir) {
      const meta = readSavedPlanMeta(options.savedPlansDir, target.stack);
      const saved = path.resolve(options.savedPlansDir, target.stack, PLAN_FILE);
      const check =
        meta === undefined || !existsSync(saved)
          ? { fresh: false as const, reason: 'no saved plan from the review' }
          : checkSavedPlan(meta, {
              stack: target.stack,
              synthHash: target.synthHash,
              commit: options.reviewedCommit,
              now: options.now?.() ?? new Date(),
              maxAgeHours: options.maxPlanAgeHours,
            });
      if (check.fresh) {
        const planFile = path.join(out, PLAN_FILE);
        copyFileSync(saved, planFile);
        const planJson = await showJson(tf, planFile, out);
        try {
          await tf('terraform apply (saved plan)', [
            'apply',
            '-input=false',
            '-no-color',
            lockTimeout(options),
            planFile,
          ]);
          return { stack: target.stack, mode: 'apply', outcome: 'ok', applied: 'saved-plan', planJson };
        } catch (err) {
          const refusal =
            err instanceof StepError ? REFUSED_PLANS.find(([re]) => re.test(err.output)) : undefined;
          if (!refusal) throw err;
          refused = `terraform: ${refusal[1]}`;
        }
      } else refused = check.reason;
    }
    const planFile = path.join(out, PLAN_FILE);
    await tf('terraform plan', [
      'plan',
      '-input=false',
      '-no-color',
      lockTimeout(options),
      `-out=${planFile}`,
    ]);
    const planJson = await showJson(tf, planFile, out);
    await tf('terraform apply', ['apply', '-input=false', '-no-color', lockTimeout(options), planFile]);
    return {
      stack: target.stack,
      mode: 'apply',
      outcome: 'ok',
      applied: 'new-plan',
      ...(refused ? { savedPlanRefused: refused } : {}),
      planJson,
    };
  },

  // Drift: exit code 2 of -detailed-exitcode means the real infrastructure and the configuration differ.
  async drift(target, _options, tf, out) {
    const planFile = path.join(out, PLAN_FILE);
    const { code } = await tf(
      'terraform plan',
      ['plan', '-input=false', '-no-color', '-lock=false', '-detailed-exitcode', `-out=${planFile}`],
      [0, 2],
    );
    const planJson = await showJson(tf, planFile, out);
    return { stack: target.stack, mode: 'drift', outcome: code === 2 ? 'drift' : 'ok', planJson };
  },
};
