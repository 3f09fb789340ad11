// The commands the review, deploy and drift workflows call: `select`, `run`, `render-plans`, `summary`,
// `comment` and `drift-events`. Every decision of those workflows lives here (tested), the YAML only calls these.
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { boundedInt, DEFAULT_MAX_JOBS, DEFAULT_PARALLEL, MATRIX_LIMIT } from './batch';
import { buildComment, summaryText } from './comment';
import { apiKeyVariable, driftPayload, postDrift, readResultPlan } from './drift-event';
import { isRecord, ReviewInputError } from './errors';
import { code } from './markdown';
import { githubOidc } from './oidc';
import { parsePlan, withConstructPaths } from './plan';
import { renderPlans } from './plan-markdown';
import { readResults, renderRunSummary } from './run-summary';
import { RUN_MODES, type RunMode, runStacks } from './runner';
import { DEFAULT_MAX_PLAN_AGE_HOURS } from './saved-plan';
import {
  githubOutputs,
  renderSelection,
  type SelectFrom,
  type Selection,
  selectedStacks,
  selectStacks,
  stepStacks,
} from './select';
import { readSynthOutput } from './synth-output';

export const DEPLOY_USAGE = `  select <head cdktf.out> (--base <base cdktf.out> | --all | --only STACK) [--max-jobs N]
         [--central NAME] [--out selection.json] [--github-output FILE]
      The stacks to work on: changed ones (same diff as \`review diff\`), every one, or one; central
      first, the others in at most N batches (default ${DEFAULT_MAX_JOBS}, at most ${MATRIX_LIMIT}).
  run <plan|apply|drift> --selection FILE (--central | --batch N | --step S) --synth cdktf.out --results DIR
      [--parallel P] [--commit SHA] [--saved-plans DIR] [--reviewed-commit SHA]
      [--max-plan-age-hours H] [--oidc-role NAME]
      Terraform for one step's stacks, P at a time (default ${DEFAULT_PARALLEL}); a failing stack never
      stops the others; exit 1 when any failed.
  render-plans [--synth cdktf.out] <results dir>...
      \`review plan\` of every plan a \`run plan\` step saved, and the stacks whose plan failed.
  summary <title> [--selection FILE] <results dir>...
      The run summary from every step's results; exit 1 when any stack failed or has no result.
  comment --marker TEXT [--run-url URL] [--artifact NAME] --comment-file FILE --overflow-file FILE
          [--summary-file FILE] <markdown>...
      One pull request comment within GitHub's 65,536 characters; sections that do not fit go to
      the overflow file and are named in a note.
  drift-events --selection FILE (--central | --batch N | --step S) --results DIR [--synth cdktf.out]
               [--run-url URL] [--post COLLECTOR_URL]
      One drift event per stack with drift or a failed check (JSON lines on standard output);
      with --post, sent to COLLECTOR_URL/webhooks/drift with the key in COLLECTOR_API_KEY_<PRODUCT>.`;

type Parse = (
  args: readonly string[],
  valued: readonly string[],
  flags: readonly string[],
) => { positional: string[]; options: Map<string, string | true> };

interface Io {
  out(text: string): void;
  err(text: string): void;
}

const str = (v: string | true | undefined) => (typeof v === 'string' ? v : undefined);

function need(options: Map<string, string | true>, flag: string, command: string): string {
  const v = str(options.get(flag));
  if (v === undefined) throw new ReviewInputError(`${command} needs ${flag}`);
  return v;
}

function selectCommand(args: readonly string[], io: Io, parse: Parse): number {
  const { positional, options } = parse(
    args,
    ['--base', '--only', '--max-jobs', '--central', '--out', '--github-output'],
    ['--all'],
  );
  if (positional.length !== 1) throw new ReviewInputError('select needs one directory: <head cdktf.out>');
  const base = str(options.get('--base'));
  const only = str(options.get('--only'));
  const all = options.get('--all') === true;
  if ([base !== undefined, only !== undefined, all].filter(Boolean).length !== 1) {
    throw new ReviewInputError('select needs exactly one of --base <cdktf.out>, --all, --only STACK');
  }
  const from: SelectFrom =
    base !== undefined
      ? { reason: 'changed', base: readSynthOutput(base) }
      : only !== undefined
        ? { reason: 'only', stack: only }
        : { reason: 'all' };
  const selection = selectStacks(readSynthOutput(positional[0]), from, {
    maxJobs: boundedInt('--max-jobs', str(options.get('--max-jobs')), DEFAULT_MAX_JOBS, MATRIX_LIMIT),
    central: str(options.get('--central')),
  });
  const out = str(options.get('--out'));
  if (out) writeFileSync(out, `${JSON.stringify(selection, null, 2)}\n`);
  const gh = str(options.get('--github-output'));
  if (gh) appendFileSync(gh, `${githubOutputs(selection)}\n`);
  io.out(renderSelection(selection));
  return 0;
}

export function readSelection(file: string): Selection {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ReviewInputError(`cannot read selection ${file}: ${(err as Error).message}`);
  }
  if (!isRecord(parsed) || parsed.version !== 1 || !Array.isArray(parsed.batches)) {
    throw new ReviewInputError(`${file} is not the output of \`review select --out\` (version 1)`);
  }
  return parsed as unknown as Selection;
}

function stepOf(options: Map<string, string | true>, command: string): 'central' | number {
  const step = str(options.get('--step'));
  const central = options.get('--central') === true || step === 'central';
  const batch = str(options.get('--batch')) ?? (step === 'central' ? undefined : step);
  if (central === (batch !== undefined)) {
    throw new ReviewInputError(`${command} needs one of --central, --batch N, --step (central or N)`);
  }
  return central ? 'central' : boundedInt(step !== undefined ? '--step' : '--batch', batch, 1, MATRIX_LIMIT);
}

async function runCommand(args: readonly string[], io: Io, parse: Parse): Promise<number> {
  const { positional, options } = parse(
    args,
    [
      '--selection',
      '--batch',
      '--step',
      '--synth',
      '--results',
      '--parallel',
      '--commit',
      '--saved-plans',
      '--reviewed-commit',
      '--max-plan-age-hours',
      '--oidc-role',
    ],
    ['--central'],
  );
  const mode = positional[0] as RunMode;
  if (positional.length !== 1 || !RUN_MODES.includes(mode)) {
    throw new ReviewInputError(`run needs one mode: ${RUN_MODES.join(', ')}`);
  }
  const selection = readSelection(need(options, '--selection', 'run'));
  const targets = stepStacks(selection, stepOf(options, 'run'));
  const savedPlans = str(options.get('--saved-plans'));
  const oidcRole = str(options.get('--oidc-role'));
  const results = await runStacks(targets, {
    mode,
    synthDir: need(options, '--synth', 'run'),
    resultsDir: need(options, '--results', 'run'),
    parallel: boundedInt('--parallel', str(options.get('--parallel')), DEFAULT_PARALLEL, 64),
    commit: str(options.get('--commit')),
    // An artifact that was not found leaves no directory: every stack then plans and applies.
    savedPlansDir: savedPlans && existsSync(savedPlans) ? savedPlans : undefined,
    reviewedCommit: str(options.get('--reviewed-commit')),
    maxPlanAgeHours: boundedInt(
      '--max-plan-age-hours',
      str(options.get('--max-plan-age-hours')),
      DEFAULT_MAX_PLAN_AGE_HOURS,
      24 * 90,
    ),
    ...(oidcRole ? { credentials: githubOidc(oidcRole, `cdktf-${mode}`) } : {}),
  });
  for (const r of results) {
    const note = r.savedPlanRefused ? ` (reviewed plan not used: ${r.savedPlanRefused})` : '';
    io.out(`${r.stack}: ${r.outcome}${r.applied ? `, ${r.applied}` : ''}${note}\n`);
    if (r.error) io.err(`${r.stack}: ${r.error}\n`);
  }
  return results.some((r) => r.outcome === 'failed') ? 1 : 0;
}

function renderPlansCommand(args: readonly string[], io: Io, parse: Parse): number {
  const { positional, options } = parse(args, ['--synth'], []);
  if (positional.length === 0)
    throw new ReviewInputError('render-plans needs at least one results directory');
  const dirs = positional.filter((d) => existsSync(d));
  const results = readResults(dirs);
  const synthDir = str(options.get('--synth'));
  const synth = synthDir ? readSynthOutput(synthDir) : undefined;
  const planned = results.filter((r) => r.planJson);
  const reports = planned.map((r) => {
    const dir = dirs.find((d) => existsSync(path.join(d, r.stack, r.planJson!)))!;
    const report = parsePlan(r.stack, readResultPlan(dir, r), `${r.stack}/${r.planJson}`);
    const entries = synth?.stacks.get(r.stack)?.entries;
    return entries ? withConstructPaths(report, (a) => entries.get(a)?.constructPath) : report;
  });
  const failed = results.filter((r) => r.outcome === 'failed');
  if (reports.length > 0) io.out(renderPlans(reports));
  if (failed.length > 0) io.out(`\n${renderRunSummary('Planning failed', failed)}`);
  if (reports.length === 0 && failed.length === 0) io.out('No plans.\n');
  return failed.length > 0 ? 1 : 0;
}

function summaryCommand(args: readonly string[], io: Io, parse: Parse): number {
  const { positional, options } = parse(args, ['--selection'], []);
  if (positional.length < 2)
    throw new ReviewInputError('summary needs a title and at least one results directory');
  const [title, ...dirs] = positional;
  const selectionFile = str(options.get('--selection'));
  const expected = selectionFile
    ? selectedStacks(readSelection(selectionFile)).map((t) => t.stack)
    : undefined;
  const results = readResults(dirs.filter((d) => existsSync(d)));
  io.out(renderRunSummary(title, results, expected));
  const missing = (expected ?? []).some((s) => !results.some((r) => r.stack === s));
  return missing || results.some((r) => r.outcome === 'failed') ? 1 : 0;
}

function commentCommand(args: readonly string[], io: Io, parse: Parse): number {
  const { positional, options } = parse(
    args,
    ['--marker', '--run-url', '--artifact', '--comment-file', '--overflow-file', '--summary-file', '--limit'],
    [],
  );
  if (positional.length === 0) throw new ReviewInputError('comment needs at least one Markdown file');
  const documents = positional.map((f) => {
    try {
      return readFileSync(f, 'utf8');
    } catch (err) {
      throw new ReviewInputError(`cannot read ${f}: ${(err as NodeJS.ErrnoException).code}`);
    }
  });
  const artifact = str(options.get('--artifact'));
  const split = buildComment({
    marker: need(options, '--marker', 'comment'),
    documents,
    runUrl: str(options.get('--run-url')),
    artifact,
    limit: boundedInt('--limit', str(options.get('--limit')), 65_536, 65_536),
  });
  writeFileSync(need(options, '--comment-file', 'comment'), split.comment);
  writeFileSync(need(options, '--overflow-file', 'comment'), split.overflow);
  const summary = str(options.get('--summary-file'));
  if (summary) appendFileSync(summary, summaryText(split, artifact));
  io.out(
    split.omitted.length > 0
      ? `comment: ${split.comment.length} characters; ${split.omitted.length} sections moved to the overflow\n`
      : `comment: ${split.comment.length} characters, everything fits\n`,
  );
  return 0;
}

async function driftEventsCommand(args: readonly string[], io: Io, parse: Parse): Promise<number> {
  const { options, positional } = parse(
    args,
    ['--selection', '--batch', '--step', '--results', '--synth', '--run-url', '--post'],
    ['--central'],
  );
  if (positional.length > 0)
    throw new ReviewInputError(`drift-events takes no argument ${code(positional[0])}`);
  const selection = readSelection(need(options, '--selection', 'drift-events'));
  const targets = stepStacks(selection, stepOf(options, 'drift-events'));
  const resultsDir = need(options, '--results', 'drift-events');
  const synthDir = str(options.get('--synth'));
  const synth = synthDir ? readSynthOutput(synthDir) : undefined;
  const results = new Map(readResults([resultsDir]).map((r) => [r.stack, r]));
  const post = str(options.get('--post'));
  const checkedAt = new Date().toISOString();
  let failures = 0;
  for (const target of targets) {
    const result = results.get(target.stack) ?? {
      stack: target.stack,
      mode: 'drift' as const,
      outcome: 'failed' as const,
      error: 'the drift check left no result',
      seconds: 0,
    };
    let payload: ReturnType<typeof driftPayload>;
    try {
      payload = driftPayload({
        target,
        result,
        plan: readResultPlan(resultsDir, result),
        synth,
        checkedAt,
        url: str(options.get('--run-url')),
      });
    } catch (err) {
      // A plan that cannot be read is a failed check: still one event for the stack, the others go on.
      payload = driftPayload({
        target,
        result: { ...result, outcome: 'failed', error: (err as Error).message },
        checkedAt,
        url: str(options.get('--run-url')),
      });
    }
    if (!payload) continue;
    io.out(`${JSON.stringify(payload)}\n`);
    if (!post) continue;
    const variable = apiKeyVariable(target);
    const apiKey = process.env[variable];
    if (!apiKey) {
      io.err(`${target.stack}: not posted: ${variable} is not set\n`);
      failures++;
      continue;
    }
    const outcome = await postDrift(payload, { url: post, apiKey });
    if (!outcome.ok) {
      failures++;
      io.err(
        `${target.stack}: the collector did not store the drift event (${outcome.status ?? 'no answer'}): ${outcome.detail}\n`,
      );
    }
  }
  return failures > 0 ? 1 : 0;
}

export type DeployCommand = (args: readonly string[], io: Io, parse: Parse) => number | Promise<number>;

/** The workflow commands by name, for review/cli.ts. */
export const DEPLOY_COMMANDS: Readonly<Record<string, DeployCommand>> = {
  select: selectCommand,
  run: runCommand,
  'render-plans': renderPlansCommand,
  summary: summaryCommand,
  comment: commentCommand,
  'drift-events': driftEventsCommand,
};

/** Whether a command is one of these (own keys only: "constructor" is not a command). */
export function isDeployCommand(name: string | undefined): name is string {
  return name !== undefined && Object.hasOwn(DEPLOY_COMMANDS, name);
}
