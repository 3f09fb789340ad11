// `review select`: which stacks a review, deploy or drift run works on, in which order, in which jobs.
// Product stacks read the central stack's secret (their collector endpoint and key), so `central` is always
// its own first step; the product stacks follow in at most N parallel jobs.
import { batches } from './batch';
import { diffSynthOutputs } from './diff';
import { ReviewInputError } from './errors';
import { code, compareText, plural, table } from './markdown';
import { type StackTarget, stackTarget } from './stack-targets';
import type { SynthOutput } from './synth-output';

export const DEFAULT_CENTRAL = 'central';

/** Why these stacks: changed between two outputs, every stack, or one named by an operator. */
export type SelectionReason = 'changed' | 'all' | 'only';

export interface Selection {
  readonly version: 1;
  readonly reason: SelectionReason;
  /** The central stack when selected: applied before every product stack. */
  readonly central: StackTarget | null;
  /** Product stacks, sorted by name, in at most `maxJobs` batches. */
  readonly batches: readonly (readonly StackTarget[])[];
  readonly maxJobs: number;
  /** Stacks that are only in the base output: never destroyed by a run (see docs/review.md). */
  readonly removed: readonly string[];
}

export type SelectFrom =
  | { readonly reason: 'changed'; readonly base: SynthOutput }
  | { readonly reason: 'all' }
  | { readonly reason: 'only'; readonly stack: string };

export interface SelectOptions {
  readonly maxJobs: number;
  /** Name of the central stack. @default central */
  readonly central?: string;
}

/** The stacks of `head` to work on, central first, the others batched. */
export function selectStacks(head: SynthOutput, from: SelectFrom, options: SelectOptions): Selection {
  const centralName = options.central ?? DEFAULT_CENTRAL;
  let names: string[];
  let removed: readonly string[] = [];
  if (from.reason === 'changed') {
    // The same diff as the review comment: what changed in the synthesized JSON, stack by stack.
    const diff = diffSynthOutputs(from.base, head);
    names = [...diff.changedStacks];
    removed = diff.removedStacks;
  } else if (from.reason === 'only') {
    if (!head.stacks.has(from.stack)) {
      throw new ReviewInputError(
        `--only: stack "${from.stack}" is not in ${head.dir}; stacks: ${[...head.stacks.keys()].sort(compareText).join(', ')}`,
      );
    }
    names = [from.stack];
  } else {
    names = [...head.stacks.keys()];
  }
  names.sort(compareText);
  const central = names.includes(centralName) ? stackTarget(head, centralName) : null;
  const products = names.filter((n) => n !== centralName).map((n) => stackTarget(head, n));
  return {
    version: 1,
    reason: from.reason,
    central,
    batches: batches(products, options.maxJobs),
    maxJobs: options.maxJobs,
    removed,
  };
}

/** Every selected stack, central first. */
export function selectedStacks(selection: Selection): StackTarget[] {
  return [...(selection.central ? [selection.central] : []), ...selection.batches.flat()];
}

/** The stacks of one step: `central`, or the product batch with this 1-based number. */
export function stepStacks(selection: Selection, step: 'central' | number): readonly StackTarget[] {
  if (step === 'central') return selection.central ? [selection.central] : [];
  const batch = selection.batches[step - 1];
  if (!batch) {
    throw new ReviewInputError(
      `there is no batch ${step}: the selection has ${plural(selection.batches.length, 'batch', 'batches')}`,
    );
  }
  return batch;
}

/** `key=value` lines for `$GITHUB_OUTPUT`: what the workflow's `if:` and matrix need. */
export function githubOutputs(selection: Selection): string {
  const count = selectedStacks(selection).length;
  return [
    `central=${selection.central ? 'true' : 'false'}`,
    `batches=${JSON.stringify(selection.batches.map((_, i) => i + 1))}`,
    // Every step as one matrix, for runs whose steps need no order (review plans, drift checks).
    `steps=${JSON.stringify([...(selection.central ? ['central'] : []), ...selection.batches.map((_, i) => String(i + 1))])}`,
    `count=${count}`,
  ].join('\n');
}

const REASON_TEXT: Record<SelectionReason, string> = {
  changed: 'stacks whose synthesized configuration changed',
  all: 'every stack',
  only: 'the stack named by the operator',
};

/** Markdown for the run summary: what runs where. */
export function renderSelection(selection: Selection): string {
  const stacks = selectedStacks(selection);
  const out = [`## Stacks: ${plural(stacks.length, 'stack')} (${REASON_TEXT[selection.reason]})`];
  if (stacks.length === 0) out.push('Nothing to do.');
  else {
    out.push(
      table(
        ['step', 'stacks'],
        [
          ...(selection.central ? [['1. central (first)', code(selection.central.stack)]] : []),
          ...selection.batches.map((b, i) => [
            `${selection.central ? 2 : 1}. batch ${i + 1} of ${selection.batches.length}`,
            b.length > 6
              ? `${b
                  .slice(0, 5)
                  .map((t) => code(t.stack))
                  .join(', ')} and ${b.length - 5} more`
              : b.map((t) => code(t.stack)).join(', '),
          ]),
        ],
      ),
    );
  }
  if (selection.removed.length > 0) {
    out.push(
      `Left out (no longer in the app; destroy from the previous version): ${selection.removed.map(code).join(', ')}.`,
    );
  }
  return `${out.join('\n\n')}\n`;
}
