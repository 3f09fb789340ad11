// `npm run review -- <command>`: plan review for pull requests. See docs/review.md.
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { DEPLOY_COMMANDS, DEPLOY_USAGE, isDeployCommand } from './deploy-cli';
import { diffSynthOutputs, hasChanges, renderSynthDiff } from './diff';
import { ReviewInputError } from './errors';
import { runParity } from './parity';
import { renderParity } from './parity-markdown';
import { parsePlan, withConstructPaths } from './plan';
import { renderPlans } from './plan-markdown';
import { readSynthOutput } from './synth-output';

/** Exit codes of every command. */
export const EXIT = { ok: 0, changes: 1, error: 2 } as const;

export const USAGE = `usage: npm run review -- <command>

  diff <base cdktf.out> <head cdktf.out> [--changed-stacks-file PATH]
      What the change does to every stack, from two synthesized outputs.
  plan [--synth cdktf.out] [--name STACK] <plan.json> [[--name STACK] <plan.json>...]
      Renders \`terraform show -json\` output, one file per stack (stack name = file name
      without .json, or the --name before the file); --synth adds construct paths.
  parity <cdktf.out> [--config PATH] [--strict] [--only-undeclared]
      Compares every product stack with the others; --strict fails on undeclared deviations,
      --only-undeclared lists only those (the others are counted).

workflow commands (docs/review.md, "Deploying"):
${DEPLOY_USAGE}

exit codes: 0 no changes (parity: nothing undeclared, or not --strict), 1 changes (parity --strict:
undeclared deviations), 2 error (bad arguments, unreadable input)`;

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

const processIo: Io = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
};

interface Parsed {
  readonly positional: string[];
  readonly options: Map<string, string | true>;
  /** `--name` values by the index of the positional argument that follows them. */
  readonly names: Map<number, string>;
}

export function parseArgs(
  args: readonly string[],
  valued: readonly string[],
  flags: readonly string[],
): Parsed {
  const positional: string[] = [];
  const options = new Map<string, string | true>();
  const names = new Map<number, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [flag, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined];
    if (flags.includes(flag) && inline === undefined) {
      options.set(flag, true);
    } else if (valued.includes(flag)) {
      const value = inline ?? args[++i];
      if (value === undefined || value === '' || (inline === undefined && value.startsWith('--'))) {
        throw new ReviewInputError(`${flag} needs a value`);
      }
      if (flag === '--name') {
        if (names.has(positional.length))
          throw new ReviewInputError(`two --name options before one plan file`);
        names.set(positional.length, value);
      } else options.set(flag, value);
    } else {
      throw new ReviewInputError(`unknown option ${arg}`);
    }
  }
  return { positional, options, names };
}

function stackNameFromFile(file: string): string {
  return path
    .basename(file)
    .replace(/\.json$/i, '')
    .replace(/\.(tfplan|plan)$/i, '');
}

function readPlanFile(file: string): unknown {
  let buffer: Buffer;
  try {
    buffer = readFileSync(file);
  } catch (err) {
    throw new ReviewInputError(
      `cannot read plan ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  if (buffer.subarray(0, 2).toString('latin1') === 'PK') {
    throw new ReviewInputError(
      `${file} is a binary plan file: convert it with \`terraform show -json ${file}\``,
    );
  }
  try {
    return JSON.parse(buffer.toString('utf8'));
  } catch (err) {
    throw new ReviewInputError(`${file} is not valid JSON: ${(err as Error).message}`);
  }
}

function diffCommand(args: readonly string[], io: Io): number {
  const { positional, options } = parseArgs(args, ['--changed-stacks-file'], []);
  if (positional.length !== 2)
    throw new ReviewInputError('diff needs two directories: <base cdktf.out> <head cdktf.out>');
  const diff = diffSynthOutputs(readSynthOutput(positional[0]), readSynthOutput(positional[1]));
  const file = options.get('--changed-stacks-file');
  if (typeof file === 'string') writeFileSync(file, `${JSON.stringify(diff.changedStacks)}\n`);
  io.out(renderSynthDiff(diff));
  return hasChanges(diff) ? EXIT.changes : EXIT.ok;
}

function planCommand(args: readonly string[], io: Io): number {
  const { positional, names, options } = parseArgs(args, ['--name', '--synth'], []);
  if (positional.length === 0) throw new ReviewInputError('plan needs at least one plan JSON file');
  if (names.has(positional.length))
    throw new ReviewInputError('--name must come before the plan file it names');
  const seen = new Map<string, string>();
  let reports = positional.map((file, i) => {
    const stack = names.get(i) ?? stackNameFromFile(file);
    const first = seen.get(stack);
    if (first)
      throw new ReviewInputError(`stack "${stack}" is given twice (${first} and ${file}); use --name`);
    seen.set(stack, file);
    return parsePlan(stack, readPlanFile(file), file);
  });
  const synthDir = options.get('--synth');
  if (typeof synthDir === 'string') {
    const synth = readSynthOutput(synthDir);
    reports = reports.map((r) => {
      const entries = synth.stacks.get(r.stack)?.entries;
      return entries ? withConstructPaths(r, (address) => entries.get(address)?.constructPath) : r;
    });
  }
  io.out(renderPlans(reports));
  return reports.some((r) => r.hasChanges || r.errored) ? EXIT.changes : EXIT.ok;
}

function parityCommand(args: readonly string[], io: Io): number {
  const { positional, options } = parseArgs(args, ['--config'], ['--strict', '--only-undeclared']);
  if (positional.length !== 1) throw new ReviewInputError('parity needs one directory: <cdktf.out>');
  const config = options.get('--config');
  const report = runParity(readSynthOutput(positional[0]), typeof config === 'string' ? config : undefined);
  io.out(renderParity(report, options.get('--only-undeclared') === true));
  const undeclared = report.deviations.filter((d) => !d.declared).length;
  return options.get('--strict') && undeclared > 0 ? EXIT.changes : EXIT.ok;
}

/** Reports an error of any command the way {@link run} does; returns the exit code. */
function reportError(err: unknown, io: Io): number {
  if (err instanceof ReviewInputError || (err as Error).name === 'ConfigError') {
    io.err(`review: ${(err as Error).message}\n\n${err instanceof ReviewInputError ? `${USAGE}\n` : ''}`);
    return EXIT.error;
  }
  io.err(`review: unexpected error: ${(err as Error).stack ?? String(err)}\n`);
  return EXIT.error;
}

/** Runs any command, the workflow commands (which wait for terraform and the network) included. */
export async function runAsync(argv: readonly string[], io: Io = processIo): Promise<number> {
  const [command, ...args] = argv;
  if (!isDeployCommand(command)) return run(argv, io);
  try {
    return await DEPLOY_COMMANDS[command](args, io, parseArgs);
  } catch (err) {
    return reportError(err, io);
  }
}

/** Runs one command; returns the exit code. Errors are reported on `io.err`, never thrown. */
export function run(argv: readonly string[], io: Io = processIo): number {
  const [command, ...args] = argv;
  try {
    switch (command) {
      case 'diff':
        return diffCommand(args, io);
      case 'plan':
        return planCommand(args, io);
      case 'parity':
        return parityCommand(args, io);
      case '--help':
      case '-h':
      case 'help':
        io.out(`${USAGE}\n`);
        return EXIT.ok;
      default:
        throw new ReviewInputError(command ? `unknown command "${command}"` : 'no command given');
    }
  } catch (err) {
    return reportError(err, io);
  }
}

if (require.main === module) {
  // `review ... | head` closes the pipe early: that is not an error of the review.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
  });
  runAsync(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
