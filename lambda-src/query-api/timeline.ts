// Timeline: counts per product and severity per time bucket. When the range holds few events, one
// projected range read counted here; otherwise one $match + $group per bucket, a few at a time. DocumentDB
// before 8.0 has no $dateTrunc/$bin and FerretDB no date or string expressions, while a range match on
// occurredAt is an index scan on DocumentDB, so neither path needs more than $match and $group.
import type { Collection, Filter } from 'mongodb';
import type { Severity } from '../collector/normalized-event';
import type { TimelineBucket, TimelineResponse } from './api-types';
import { envFilter } from './environment';
import { MAX_TIMELINE_BUCKETS, type TimelineParams } from './params';
import { type EventDocument, QUERY_MAX_TIME_MS, storedTime } from './store';

/** Bucket sizes a timeline may use, smallest first. */
export const BUCKET_LADDER_SECONDS = [300, 900, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86_400] as const;
const PARALLEL_QUERIES = 6;
/** Up to this many events in the range, they are read (three fields each) and counted here. */
export const DEFAULT_SMALL_RANGE_EVENTS = 5000;

/** The smallest bucket size that covers [from, to) in at most MAX_TIMELINE_BUCKETS aligned buckets. */
export function bucketSecondsFor(from: Date, to: Date): number {
  for (const seconds of BUCKET_LADDER_SECONDS) {
    if (alignedStarts(from, to, seconds).length <= MAX_TIMELINE_BUCKETS) return seconds;
  }
  return BUCKET_LADDER_SECONDS.at(-1)!;
}

/** Bucket starts aligned to multiples of the bucket size (UTC), covering [from, to). */
export function alignedStarts(from: Date, to: Date, bucketSeconds: number): Date[] {
  const size = bucketSeconds * 1000;
  const starts: Date[] = [];
  for (let t = Math.floor(from.getTime() / size) * size; t < to.getTime(); t += size) {
    starts.push(new Date(t));
    if (starts.length > MAX_TIMELINE_BUCKETS + 1) break;
  }
  return starts;
}

interface Row {
  readonly _id: { readonly product: string; readonly severity: Severity };
  readonly n: number;
}

/** Products and environments a timeline counts. */
interface Scope {
  readonly product?: readonly string[];
  readonly env?: readonly string[];
}

function rangeMatch(from: Date, to: Date, scope: Scope): Filter<EventDocument> {
  return {
    ...(scope.product ? { product: { $in: [...scope.product] } } : {}),
    occurredAt: { $gte: storedTime(from), $lt: storedTime(to) },
    ...envFilter(scope.env),
  };
}

function add(counts: Counts, product: string, severity: Severity, n: number): void {
  const forProduct = counts[product] ?? {};
  forProduct[severity] = (forProduct[severity] ?? 0) + n;
  counts[product] = forProduct;
}

type Counts = Record<string, Partial<Record<Severity, number>>>;

async function countBucket(
  events: Collection<EventDocument>,
  from: Date,
  to: Date,
  scope: Scope,
): Promise<Counts> {
  const rows = await events
    .aggregate<Row>(
      [
        { $match: rangeMatch(from, to, scope) },
        { $group: { _id: { product: '$product', severity: '$severity' }, n: { $sum: 1 } } },
      ],
      { maxTimeMS: QUERY_MAX_TIME_MS },
    )
    .toArray();
  const counts: Counts = {};
  for (const row of rows) add(counts, row._id.product, row._id.severity, row.n);
  return counts;
}

/** Every event of the range (three fields each), or null when there are more than `limit`. */
async function readSmallRange(
  events: Collection<EventDocument>,
  params: TimelineParams,
  limit: number,
): Promise<Pick<EventDocument, 'product' | 'severity' | 'occurredAt'>[] | null> {
  if (limit <= 0) return null;
  const docs = await events
    .find(rangeMatch(params.from, params.to, params), {
      projection: { _id: 0, product: 1, severity: 1, occurredAt: 1 },
      limit: limit + 1,
      maxTimeMS: QUERY_MAX_TIME_MS,
    })
    .toArray();
  return docs.length > limit ? null : (docs as Pick<EventDocument, 'product' | 'severity' | 'occurredAt'>[]);
}

export async function timeline(
  events: Collection<EventDocument>,
  params: TimelineParams,
  smallRangeEvents = DEFAULT_SMALL_RANGE_EVENTS,
): Promise<TimelineResponse> {
  const bucketSeconds = bucketSecondsFor(params.from, params.to);
  const starts = alignedStarts(params.from, params.to, bucketSeconds);
  const size = bucketSeconds * 1000;
  const first = starts[0].getTime();
  const buckets: TimelineBucket[] = starts.map((start) => ({ start: start.toISOString(), counts: {} }));

  const few = await readSmallRange(events, params, smallRangeEvents);
  if (few) {
    for (const e of few) {
      const bucket = buckets[Math.floor((Date.parse(e.occurredAt) - first) / size)];
      if (bucket) add(bucket.counts as Counts, e.product, e.severity, 1);
    }
  } else {
    for (let i = 0; i < starts.length; i += PARALLEL_QUERIES) {
      await Promise.all(
        starts.slice(i, i + PARALLEL_QUERIES).map(async (start, j) => {
          // The first and last buckets are clipped to the asked range.
          const lo = new Date(Math.max(start.getTime(), params.from.getTime()));
          const hi = new Date(Math.min(start.getTime() + size, params.to.getTime()));
          buckets[i + j] = {
            start: start.toISOString(),
            counts: await countBucket(events, lo, hi, params),
          };
        }),
      );
    }
  }
  return { from: params.from.toISOString(), to: params.to.toISOString(), bucketSeconds, buckets };
}
