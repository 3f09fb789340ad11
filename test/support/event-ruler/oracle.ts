// AWS's EventBridge matcher (event-ruler, Java) as a test oracle: built once by build.sh into
// .cache/event-ruler/, then run once per test file with every pattern and event in one JSON document.
// Without java or mvn the tests that use it are skipped with the reason; under CI=true that is a failure.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

export interface OracleResult {
  /** For each event name, the names of the patterns event-ruler matches, sorted. */
  readonly matches: Record<string, string[]>;
  /** Patterns event-ruler refused, with its message. */
  readonly patternErrors: Record<string, string>;
  readonly eventErrors: Record<string, string>;
}

export type Oracle =
  | {
      readonly available: true;
      readonly match: (patterns: Record<string, unknown>, events: Record<string, unknown>) => OracleResult;
    }
  | { readonly available: false; readonly reason: string };

const HERE = __dirname;
const ROOT = path.resolve(HERE, '..', '..', '..');

function load(): Oracle {
  for (const tool of ['java', 'mvn']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) {
      return {
        available: false,
        reason: `${tool} is not installed (the event-ruler oracle needs Java 17+ and Maven)`,
      };
    }
  }
  let classpathFile: string;
  try {
    classpathFile = execFileSync(path.join(HERE, 'build.sh'), {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }).trim();
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    return {
      available: false,
      reason: `building the event-ruler oracle failed: ${stderr || (error as Error).message}`,
    };
  }
  const classpath = [
    path.join(ROOT, '.cache', 'event-ruler', 'target', 'classes'),
    readFileSync(classpathFile, 'utf8').trim(),
  ].join(path.delimiter);
  return {
    available: true,
    match: (patterns, events) => {
      const run = spawnSync('java', ['-cp', classpath, 'oracle.Oracle'], {
        input: JSON.stringify({ patterns, events }),
        encoding: 'utf8',
        maxBuffer: 256 * 1024 * 1024,
      });
      if (run.status !== 0) throw new Error(`event-ruler oracle failed (${run.status}): ${run.stderr}`);
      return JSON.parse(run.stdout) as OracleResult;
    },
  };
}

export const oracle: Oracle = load();

/** `describe`, or `describe.skip` with the reason when the oracle cannot run here (never under CI=true). */
export function describeWithOracle(name: string, fn: () => void): void {
  if (oracle.available) {
    describe(name, fn);
    return;
  }
  if (process.env.CI === 'true') {
    describe(name, () => {
      test('the event-ruler oracle runs (required under CI=true)', () => {
        throw new Error(`${oracle.reason}; install Java 17+ and Maven (see .ci/run)`);
      });
    });
    return;
  }
  console.warn(`event-ruler oracle tests skipped: ${oracle.reason}`);
  describe.skip(`${name} [skipped: ${oracle.reason}]`, fn);
}
