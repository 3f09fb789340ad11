// One scheduled run: reads the application logs (`source: applog`) of the last complete window and of the
// baseline before it, splits them into streams (product, environment, service), detects per stream and
// writes the findings as `anomaly` events through the collector's store (upserts by deterministic id:
// a re-run, or an overlapping retry, adds nothing).
import type { Db } from 'mongodb';
import type { NormalizedEvent } from '../collector/normalized-event';
import type { EventDocument } from '../collector/store/documents';
import { EVENTS_COLLECTION } from '../collector/store/indexes';
import { MongoEventStore } from '../collector/store/mongo-store';
import { type DetectorSettings, detectWindow, type LogLine } from './detect';
import { anomalyEvent, type Stream, type Window } from './events';

export interface RunOptions {
  readonly settings: DetectorSettings;
  readonly now: Date;
  /** Most lines read for the window (all streams); the newest are dropped beyond it and reported. */
  readonly maxWindowLines: number;
  /** Most baseline lines read (all streams); the oldest are dropped beyond it and reported. */
  readonly maxBaselineLines: number;
}

export interface RunReport {
  readonly window: { readonly start: string; readonly end: string };
  readonly streams: number;
  readonly windowLines: number;
  readonly baselineLines: number;
  readonly truncated: { readonly window: boolean; readonly baseline: boolean };
  readonly findings: number;
  readonly suppressedPatterns: number;
  readonly inserted: number;
  readonly duplicates: number;
}

type LogDoc = Pick<EventDocument, 'product' | 'env' | 'severity' | 'title' | 'occurredAt'> & {
  readonly raw?: { readonly container_name?: unknown; readonly ecs_task_definition?: unknown };
};

const PROJECTION = {
  _id: 0,
  product: 1,
  env: 1,
  severity: 1,
  title: 1,
  occurredAt: 1,
  'raw.container_name': 1,
  'raw.ecs_task_definition': 1,
} as const;

/** The window that ended last before `now`, and its baseline. */
export function windowAt(
  now: Date,
  settings: Pick<DetectorSettings, 'windowMs' | 'baselineWindows'>,
): Window {
  const end = Math.floor(now.getTime() / settings.windowMs) * settings.windowMs;
  const start = end - settings.windowMs;
  return { start, end, baselineStart: start - settings.baselineWindows * settings.windowMs };
}

/** The service of a log record: its container, else its task definition's family, else `unknown`. */
export function serviceOf(raw: LogDoc['raw']): string {
  if (typeof raw?.container_name === 'string' && raw.container_name.trim()) return raw.container_name.trim();
  if (typeof raw?.ecs_task_definition === 'string') {
    // `family:revision`, or the task definition ARN `arn:aws:ecs:…:task-definition/family:revision`.
    const family = raw.ecs_task_definition.split('/').pop()?.split(':')[0]?.trim();
    if (family) return family;
  }
  return 'unknown';
}

/** The log line of a stored event: the title without the `[container] ` prefix the normalizer adds. */
function lineOf(doc: LogDoc): LogLine {
  const container = typeof doc.raw?.container_name === 'string' ? doc.raw.container_name : undefined;
  const prefix = container ? `[${container}] ` : undefined;
  const message = prefix && doc.title.startsWith(prefix) ? doc.title.slice(prefix.length) : doc.title;
  return {
    at: Date.parse(doc.occurredAt),
    message,
    error: doc.severity === 'critical' || doc.severity === 'high',
  };
}

const streamKey = (s: Stream) => JSON.stringify([s.product, s.env ?? null, s.service]);

function byStream(docs: readonly LogDoc[]): Map<string, { stream: Stream; lines: LogLine[] }> {
  const out = new Map<string, { stream: Stream; lines: LogLine[] }>();
  for (const doc of docs) {
    const stream: Stream = {
      product: doc.product,
      ...(doc.env ? { env: doc.env } : {}),
      service: serviceOf(doc.raw),
    };
    const key = streamKey(stream);
    const entry = out.get(key) ?? { stream, lines: [] };
    entry.lines.push(lineOf(doc));
    out.set(key, entry);
  }
  return out;
}

async function readLogs(db: Db, from: number, to: number, limit: number, newestFirst: boolean) {
  const docs = await db
    .collection(EVENTS_COLLECTION)
    .find(
      {
        source: 'applog',
        occurredAt: { $gte: new Date(from).toISOString(), $lt: new Date(to).toISOString() },
      },
      { projection: PROJECTION },
    )
    // On `source_occurredAt`. The window keeps its oldest lines, the baseline its newest.
    .sort({ occurredAt: newestFirst ? -1 : 1 })
    .limit(limit + 1)
    .toArray();
  const truncated = docs.length > limit;
  const kept = (truncated ? docs.slice(0, limit) : docs) as unknown as LogDoc[];
  return { docs: newestFirst ? kept.reverse() : kept, truncated };
}

export async function detectAnomalies(db: Db, opts: RunOptions): Promise<RunReport> {
  const { settings } = opts;
  const window = windowAt(opts.now, settings);
  const current = await readLogs(db, window.start, window.end, opts.maxWindowLines, false);
  const baseline = await readLogs(db, window.baselineStart, window.start, opts.maxBaselineLines, true);
  const currentStreams = byStream(current.docs);
  const baselineStreams = byStream(baseline.docs);

  const receivedAt = opts.now.toISOString();
  const events = new Map<string, NormalizedEvent[]>();
  let findings = 0;
  let suppressedPatterns = 0;
  for (const [key, { stream, lines }] of currentStreams) {
    const result = detectWindow(baselineStreams.get(key)?.lines ?? [], lines, window.start, settings);
    findings += result.findings.length;
    suppressedPatterns += result.suppressedPatterns;
    const list = events.get(stream.product) ?? [];
    for (const f of result.findings) list.push(anomalyEvent(stream, f, window, settings, receivedAt));
    events.set(stream.product, list);
  }

  // Anomaly documents are not logs: no `expiresAt`, so the retention of logs does not apply to them.
  const store = new MongoEventStore(async () => db, { logRetentionDays: 0 });
  let inserted = 0;
  let duplicates = 0;
  for (const [product, list] of events) {
    const saved = await store.saveEvents(product, list);
    if (saved.refused.length > 0)
      throw new Error(
        `the database refused ${saved.refused.length} anomaly event(s) of ${product}: ${saved.refused[0].reason}`,
      );
    inserted += saved.inserted;
    duplicates += saved.duplicates;
  }
  return {
    window: { start: new Date(window.start).toISOString(), end: new Date(window.end).toISOString() },
    streams: currentStreams.size,
    windowLines: current.docs.length,
    baselineLines: baseline.docs.length,
    truncated: { window: current.truncated, baseline: baseline.truncated },
    findings,
    suppressedPatterns,
    inserted,
    duplicates,
  };
}
