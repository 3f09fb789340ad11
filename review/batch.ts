// Grouping stacks into jobs: a GitHub Actions matrix takes at most 256 jobs, and an estate of 500
// product accounts changes every stack when a shared construct changes.
import { ReviewInputError } from './errors';

/** GitHub Actions' limit of jobs per matrix. */
export const MATRIX_LIMIT = 256;
/** Jobs per workflow run by default: what a GitHub organization on the free plan runs at once. */
export const DEFAULT_MAX_JOBS = 20;
/** Stacks one job works on at the same time by default (terraform runs are mostly waiting on APIs). */
export const DEFAULT_PARALLEL = 4;

/** A positive whole number no larger than `max`, from a command-line value; which option, what is allowed. */
export function boundedInt(option: string, value: string | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > max) {
    throw new ReviewInputError(`${option} must be a whole number from 1 to ${max}, got "${value}"`);
  }
  return n;
}

/**
 * Splits `items` (kept in order) into at most `maxJobs` consecutive batches whose sizes differ by at most
 * one. Consecutive, because stacks are sorted by name and a product's environments then share a job.
 */
export function batches<T>(items: readonly T[], maxJobs: number): T[][] {
  if (!Number.isInteger(maxJobs) || maxJobs < 1 || maxJobs > MATRIX_LIMIT) {
    throw new ReviewInputError(`the number of jobs must be from 1 to ${MATRIX_LIMIT}, got ${maxJobs}`);
  }
  const jobs = Math.min(maxJobs, items.length);
  const out: T[][] = [];
  let start = 0;
  for (let j = 0; j < jobs; j++) {
    const size = Math.floor(items.length / jobs) + (j < items.length % jobs ? 1 : 0);
    out.push(items.slice(start, start + size));
    start += size;
  }
  return out;
}

/**
 * Runs `work` on every item with at most `parallel` running at once; resolves with every outcome in the
 * items' order. A failing item never stops the others: its rejection is its outcome.
 */
export async function pool<T, R>(
  items: readonly T[],
  parallel: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<PromiseSettledResult<R>[]> {
  const results: PromiseSettledResult<R>[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      try {
        results[i] = { status: 'fulfilled', value: await work(items[i], i) };
      } catch (reason) {
        results[i] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(parallel, items.length)) }, worker));
  return results;
}
