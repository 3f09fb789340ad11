// `review drift-events`: one event per stack whose nightly plan found drift or failed, posted to the
// collector's `POST /webhooks/drift`, so that drift shows on the dashboard next to the account's other
// events. The payload carries the rendered (masked) review of the plan, never plan values themselves.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ReviewInputError } from './errors';
import { maskText } from './mask-text';
import { type PlanReport, parsePlan, withConstructPaths } from './plan';
import { renderPlans } from './plan-markdown';
import type { StackResult } from './runner';
import type { StackTarget } from './stack-targets';
import type { SynthOutput } from './synth-output';

/** Rendered reviews longer than this are cut: the dashboard shows a summary, the run has the rest. */
export const MAX_REPORT_CHARS = 60_000;

export interface DriftChange {
  readonly address: string;
  readonly type: string;
  /** What terraform would do (`update`, `delete`, `create`, `replace`...) or what happened outside it. */
  readonly action: string;
  /** The change was made outside terraform (`resource_drift`), not by a configuration not yet applied. */
  readonly outside: boolean;
}

/** The body of `POST /webhooks/drift` (lambda-src/collector/normalize/drift.ts reads it). */
export interface DriftPayload {
  readonly version: 1;
  readonly stack: string;
  readonly status: 'drift' | 'error';
  /** ISO 8601 UTC: when the check ran. */
  readonly checkedAt: string;
  readonly account?: string;
  readonly region?: string;
  readonly product?: string;
  /** Terraform's summary line, or the failing step. */
  readonly summary: string;
  readonly changes: readonly DriftChange[];
  /** The end of terraform's error output, masked. */
  readonly error?: string;
  /** `review plan`'s Markdown for the stack, masked. */
  readonly report?: string;
  /** The workflow run. */
  readonly url?: string;
}

function changesOf(report: PlanReport): DriftChange[] {
  return [
    ...report.drift.map((c) => ({ address: c.address, type: c.type, action: c.kind, outside: true })),
    ...report.changes.map((c) => ({ address: c.address, type: c.type, action: c.kind, outside: false })),
  ];
}

function cut(text: string): string {
  return text.length > MAX_REPORT_CHARS
    ? `${text.slice(0, MAX_REPORT_CHARS)}\n\n... (cut; the whole review is in the workflow run)\n`
    : text;
}

export interface DriftInput {
  readonly target: StackTarget;
  readonly result: StackResult;
  /** The plan JSON (`terraform show -json`), when the plan got that far. */
  readonly plan?: unknown;
  readonly synth?: SynthOutput;
  readonly checkedAt: string;
  readonly url?: string;
}

/** The event payload of one checked stack, or undefined when it has no drift and no error. */
export function driftPayload(input: DriftInput): DriftPayload | undefined {
  const { target, result } = input;
  if (result.outcome === 'ok') return undefined;
  let report: PlanReport | undefined;
  if (input.plan !== undefined) {
    report = parsePlan(target.stack, input.plan);
    const entries = input.synth?.stacks.get(target.stack)?.entries;
    if (entries) report = withConstructPaths(report, (a) => entries.get(a)?.constructPath);
  }
  const failed = result.outcome === 'failed';
  return {
    version: 1,
    stack: target.stack,
    status: failed ? 'error' : 'drift',
    checkedAt: input.checkedAt,
    ...(target.account ? { account: target.account } : {}),
    ...(target.region ? { region: target.region } : {}),
    ...(target.product ? { product: target.product } : {}),
    summary: failed
      ? (result.error?.split('\n')[0] ?? 'the drift check failed')
      : (report?.summaryLine ?? 'drift'),
    changes: report ? changesOf(report) : [],
    ...(failed && result.error ? { error: maskText(result.error) } : {}),
    ...(report ? { report: cut(renderPlans([report])) } : {}),
    ...(input.url ? { url: input.url } : {}),
  };
}

/** Reads the plan JSON a run step saved for a stack, if any. */
export function readResultPlan(resultsDir: string, result: StackResult): unknown {
  if (!result.planJson) return undefined;
  const file = path.join(resultsDir, result.stack, result.planJson);
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ReviewInputError(
      `cannot read the plan of ${result.stack} (${file}): ${(err as Error).message}`,
    );
  }
}

/** Environment variable holding the collector API key a stack's drift is posted with. */
export function apiKeyVariable(target: StackTarget): string {
  return `COLLECTOR_API_KEY_${(target.product ?? target.stack).toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

export interface PostOptions {
  /** The collector's base URL (`https://…/v1`). */
  readonly url: string;
  readonly apiKey: string;
  /** Attempts on 429, 5xx and network errors. @default 4 */
  readonly attempts?: number;
  /** Longest wait between attempts, whatever Retry-After says. @default 60 s */
  readonly maxWaitMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface PostOutcome {
  readonly ok: boolean;
  readonly status?: number;
  /** The collector's answer (ids stored), or why it failed. */
  readonly detail: string;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Posts one payload. Succeeds only when the collector says it stored the event (200 with `stored` or a
 * duplicate); a quarantined delivery is a failure to report (the normalizer refused it), and 429/5xx are
 * retried after their Retry-After. The API key is sent in a header and never printed.
 */
export async function postDrift(payload: DriftPayload, options: PostOptions): Promise<PostOutcome> {
  const attempts = options.attempts ?? 4;
  const sleep = options.sleep ?? wait;
  const endpoint = `${options.url.replace(/\/+$/, '')}/webhooks/drift`;
  let last: PostOutcome = { ok: false, detail: 'not sent' };
  for (let attempt = 1; attempt <= attempts; attempt++) {
    let res: Response;
    try {
      res = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': options.apiKey },
        body: JSON.stringify(payload),
      });
    } catch (err) {
      last = { ok: false, detail: `cannot reach ${endpoint}: ${(err as Error).message}` };
      if (attempt < attempts) await sleep(Math.min(options.maxWaitMs ?? 60_000, 2 ** attempt * 1000));
      continue;
    }
    const text = await res.text();
    if (res.status === 200) {
      const body = safeJson(text);
      const stored = typeof body?.stored === 'number' ? body.stored : 0;
      const duplicates = typeof body?.duplicates === 'number' ? body.duplicates : 0;
      if (stored + duplicates > 0) return { ok: true, status: 200, detail: text };
    }
    last = { ok: false, status: res.status, detail: text.slice(0, 500) };
    if (res.status !== 429 && res.status < 500) return last;
    if (attempt < attempts) {
      const after = Number(res.headers.get('retry-after'));
      const ms = Number.isFinite(after) && after > 0 ? after * 1000 : 2 ** attempt * 1000;
      await sleep(Math.min(options.maxWaitMs ?? 60_000, ms));
    }
  }
  return last;
}

function safeJson(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
