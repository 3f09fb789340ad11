// Timeline: counts per product and severity per time bucket. One $match + $group per bucket, run a few
// at a time: DocumentDB before 8.0 has no $dateTrunc/$bin and FerretDB no date expressions, while a
// range match on occurredAt is an index scan on both.
import type { Collection, Filter } from 'mongodb';
import type { Severity } from '../collector/normalized-event';
import type { TimelineBucket, TimelineResponse } from './api-types';
import { MAX_TIMELINE_BUCKETS, type TimelineParams } from './params';
import { type EventDocument, QUERY_MAX_TIME_MS, storedTime } from './store';

/** Bucket sizes a timeline may use, smallest first. */
export const BUCKET_LADDER_SECONDS = [300, 900, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86_400] as const;
const PARALLEL_QUERIES = 6;

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

async function countBucket(
  events: Collection<EventDocument>,
  from: Date,
  to: Date,
  products: readonly string[] | undefined,
): Promise<TimelineBucket['counts']> {
  const match: Filter<EventDocument> = {
    occurredAt: { $gte: storedTime(from), $lt: storedTime(to) },
    ...(products ? { product: { $in: [...products] } } : {}),
  };
  const rows = await events
    .aggregate<Row>(
      [
        { $match: match },
        { $group: { _id: { product: '$product', severity: '$severity' }, n: { $sum: 1 } } },
      ],
      { maxTimeMS: QUERY_MAX_TIME_MS },
    )
    .toArray();
  const counts: Record<string, Partial<Record<Severity, number>>> = {};
  for (const row of rows) {
    const product = counts[row._id.product] ?? {};
    product[row._id.severity] = (product[row._id.severity] ?? 0) + row.n;
    counts[row._id.product] = product;
  }
  return counts;
}

export async function timeline(
  events: Collection<EventDocument>,
  params: TimelineParams,
): Promise<TimelineResponse> {
  const bucketSeconds = bucketSecondsFor(params.from, params.to);
  const starts = alignedStarts(params.from, params.to, bucketSeconds);
  const buckets: TimelineBucket[] = new Array(starts.length);
  for (let i = 0; i < starts.length; i += PARALLEL_QUERIES) {
    await Promise.all(
      starts.slice(i, i + PARALLEL_QUERIES).map(async (start, j) => {
        // The first and last buckets are clipped to the asked range.
        const lo = new Date(Math.max(start.getTime(), params.from.getTime()));
        const hi = new Date(Math.min(start.getTime() + bucketSeconds * 1000, params.to.getTime()));
        buckets[i + j] = {
          start: start.toISOString(),
          counts: await countBucket(events, lo, hi, params.product),
        };
      }),
    );
  }
  return { from: params.from.toISOString(), to: params.to.toISOString(), bucketSeconds, buckets };
}
