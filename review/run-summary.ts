// `review summary`: the run summary of a deploy or drift run, from every step's `result.json`. Failed
// stacks come first, each with the failing step and the end of terraform's output.
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { isRecord, ReviewInputError } from './errors';
import { code, compareText, escapeInline, fence, plural, table } from './markdown';
import { maskLine } from './mask-text';
import type { StackResult } from './runner';

/** Every `<dir>/<stack>/result.json` under the given directories (artifacts of every step). */
export function readResults(dirs: readonly string[]): StackResult[] {
  const results: StackResult[] = [];
  for (const dir of dirs) {
    let stacks: string[];
    try {
      stacks = readdirSync(dir);
    } catch (err) {
      throw new ReviewInputError(`cannot read results ${dir}: ${(err as NodeJS.ErrnoException).code}`);
    }
    for (const stack of stacks) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(readFileSync(path.join(dir, stack, 'result.json'), 'utf8'));
      } catch {
        continue; // not a stack's result directory
      }
      if (isRecord(parsed) && typeof parsed.stack === 'string' && typeof parsed.outcome === 'string') {
        results.push(parsed as unknown as StackResult);
      }
    }
  }
  return results.sort((a, b) => compareText(a.stack, b.stack));
}

function how(r: StackResult): string {
  if (r.outcome === 'failed') return '**failed**';
  if (r.mode === 'drift') return r.outcome === 'drift' ? '**drift**' : 'no drift';
  if (r.mode === 'plan') return 'planned';
  return r.applied === 'saved-plan' ? 'applied the reviewed plan' : 'planned and applied';
}

/** Markdown of the run: failures first, then one row per stack. */
export function renderRunSummary(
  title: string,
  results: readonly StackResult[],
  expected?: readonly string[],
): string {
  const out = [`## ${title}: ${plural(results.length, 'stack')}`];
  const missing = (expected ?? []).filter((s) => !results.some((r) => r.stack === s));
  const failed = results.filter((r) => r.outcome === 'failed');
  if (failed.length > 0 || missing.length > 0) {
    out.push(
      [
        '> [!CAUTION]',
        `> **${plural(failed.length + missing.length, 'stack')} failed**; the others were not stopped.`,
        '>',
        ...failed.map((r) => `> - ${code(r.stack)}: ${escapeInline(r.error?.split('\n')[0] ?? 'failed')}`),
        ...missing.map((s) => `> - ${code(s)}: no result (its job did not run or was cancelled)`),
      ].join('\n'),
    );
    for (const r of failed) {
      if (r.error) out.push(`**${escapeInline(r.stack)}**\n\n${fence(r.error.split('\n').map(maskLine))}`);
    }
  }
  if (results.length > 0) {
    out.push(
      table(
        ['stack', 'result', 'note', 'seconds'],
        results.map((r) => [
          code(r.stack),
          how(r),
          r.savedPlanRefused ? `reviewed plan not used: ${escapeInline(r.savedPlanRefused)}` : '',
          r.seconds,
        ]),
      ),
    );
  }
  return `${out.join('\n\n')}\n`;
}
