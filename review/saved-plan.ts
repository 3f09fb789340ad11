// A plan saved by the review workflow may be applied at deploy time only when it is the plan of exactly
// what is being deployed: the same stack, made for the reviewed head commit, from the same synthesized
// configuration, recently. Terraform itself adds the last check at apply: it refuses a saved plan whose
// state changed since ("Saved plan is stale"), and the deploy then plans again.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { isRecord } from './errors';

export const PLAN_FILE = 'tfplan';
export const META_FILE = 'plan-meta.json';
/** Saved plans older than this are planned again. */
export const DEFAULT_MAX_PLAN_AGE_HOURS = 72;

export interface PlanMeta {
  readonly version: 1;
  readonly stack: string;
  /** The commit the plan was made from (the pull request's head). */
  readonly commit: string;
  /** {@link synthHash} of the stack the plan was made from. */
  readonly synthHash: string;
  /** ISO 8601 UTC. */
  readonly createdAt: string;
}

export interface Expected {
  readonly stack: string;
  readonly synthHash: string;
  /** The reviewed head commit of the merged pull request, when known. */
  readonly commit?: string;
  readonly now: Date;
  readonly maxAgeHours: number;
}

export type Freshness = { readonly fresh: true } | { readonly fresh: false; readonly reason: string };

const short = (s: string) => s.slice(0, 12);

/** Whether a saved plan's metadata allows applying it; the reason when it does not. */
export function checkSavedPlan(meta: unknown, expected: Expected): Freshness {
  if (
    !isRecord(meta) ||
    meta.version !== 1 ||
    typeof meta.stack !== 'string' ||
    typeof meta.commit !== 'string' ||
    typeof meta.synthHash !== 'string' ||
    typeof meta.createdAt !== 'string'
  ) {
    return { fresh: false, reason: `${META_FILE} is not a saved plan's metadata (version 1)` };
  }
  if (meta.stack !== expected.stack) {
    return { fresh: false, reason: `the saved plan is for stack "${meta.stack}", not "${expected.stack}"` };
  }
  if (expected.commit !== undefined && meta.commit !== expected.commit) {
    return {
      fresh: false,
      reason: `the saved plan was made from commit ${short(meta.commit)}, the reviewed head is ${short(expected.commit)}`,
    };
  }
  if (meta.synthHash !== expected.synthHash) {
    return {
      fresh: false,
      reason: `the stack's synthesized configuration changed since the plan was made (hash ${short(meta.synthHash)}, now ${short(expected.synthHash)})`,
    };
  }
  const created = Date.parse(meta.createdAt);
  if (!Number.isFinite(created))
    return { fresh: false, reason: `createdAt "${meta.createdAt}" is not a date` };
  const ageHours = (expected.now.getTime() - created) / 3_600_000;
  if (ageHours > expected.maxAgeHours) {
    return {
      fresh: false,
      reason: `the saved plan is ${Math.floor(ageHours)} hours old (at most ${expected.maxAgeHours})`,
    };
  }
  if (ageHours < -1)
    return { fresh: false, reason: `the saved plan is dated in the future (${meta.createdAt})` };
  return { fresh: true };
}

/** Reads `<dir>/<stack>/plan-meta.json`; undefined when there is no saved plan for the stack. */
export function readSavedPlanMeta(dir: string, stack: string): unknown {
  try {
    return JSON.parse(readFileSync(path.join(dir, stack, META_FILE), 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return { unreadable: (err as Error).message };
  }
}
