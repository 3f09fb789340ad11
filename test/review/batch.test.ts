// Batching for large estates: the stacks of a generated 500-account config in at most N jobs.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App } from 'cdktf';
import { generatedConfig } from '../../bench/synth';
import { batches, DEFAULT_MAX_JOBS, MATRIX_LIMIT, pool } from '../../review/batch';
import { parsePlatformConfigYaml } from '../../stacks/config/load';
import { buildPlatform } from '../../stacks/platform';

let productStacks: string[];
beforeAll(() => {
  // The stacks the app builds for 500 product accounts (built, not synthesized: only their names count).
  const app = new App({ outdir: mkdtempSync(path.join(tmpdir(), 'batch-')) });
  const stacks = buildPlatform(app, parsePlatformConfigYaml(generatedConfig(500), 'generated-500'));
  productStacks = stacks.products.map((s) => s.node.id).sort();
}, 120_000);

test('500 product accounts fit in the default number of jobs, well under the matrix limit', () => {
  expect(productStacks).toHaveLength(500);
  const jobs = batches(productStacks, DEFAULT_MAX_JOBS);

  expect(jobs.length).toBeLessThanOrEqual(DEFAULT_MAX_JOBS);
  expect(DEFAULT_MAX_JOBS).toBeLessThan(MATRIX_LIMIT);
  // Every stack exactly once, in order, and the jobs as even as they can be.
  expect(jobs.flat()).toEqual(productStacks);
  expect(new Set(jobs.map((j) => j.length))).toEqual(new Set([25]));
});

test.each([1, 7, 64, 256])('at most %i jobs, sizes differing by at most one', (n) => {
  const jobs = batches(productStacks, n);
  expect(jobs.length).toBe(Math.min(n, productStacks.length));
  const sizes = jobs.map((j) => j.length);
  expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  expect(jobs.flat()).toEqual(productStacks);
});

test('fewer stacks than jobs: one job per stack, none empty', () => {
  expect(batches(['a', 'b'], 20)).toEqual([['a'], ['b']]);
  expect(batches([], 20)).toEqual([]);
});

test('more jobs than a matrix takes is refused', () => {
  expect(() => batches(productStacks, 257)).toThrow('the number of jobs must be from 1 to 256, got 257');
});

test('pool runs at most N at once, keeps going after a failure and keeps the order', async () => {
  let running = 0;
  let most = 0;
  const outcomes = await pool([5, 1, 4, 2, 3, 0], 2, async (n) => {
    running++;
    most = Math.max(most, running);
    await new Promise((resolve) => setTimeout(resolve, n * 3));
    running--;
    if (n === 1) throw new Error('stack 1 failed');
    return n * 10;
  });
  expect(most).toBe(2);
  expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value : (o.reason as Error).message))).toEqual([
    50,
    'stack 1 failed',
    40,
    20,
    30,
    0,
  ]);
});
