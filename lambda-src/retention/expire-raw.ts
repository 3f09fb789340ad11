// Retention of `raw`: the payload as received is removed from events older than the retention, the
// normalized fields stay (the dashboard keeps counting and listing them). A plain `updateMany` with
// `$unset` rather than a TTL index: a TTL index removes whole documents, and FerretDB has none, so this is
// the same operation, proven by the same test, on FerretDB and DocumentDB. Scheduled daily by the central
// stack when `central.privacy.rawRetentionDays` is set (docs/collector.md, "Personal data").
import type { Db, Filter } from 'mongodb';
import type { EventDocument } from '../collector/store/documents';
import { EVENTS_COLLECTION } from '../collector/store/indexes';

const DAY_MS = 86_400_000;

export interface ExpireRawOptions {
  /** Days after arrival that `raw` is kept. */
  readonly retentionDays: number;
  /** Products whose events are trimmed: the filter then starts on the `product_occurredAt` index. */
  readonly products: readonly string[];
  readonly now?: () => Date;
}

export interface ExpireRawReport {
  readonly cutoff: string;
  /** Events whose `raw` was removed in this run. */
  readonly trimmed: number;
}

export async function expireRaw(db: Db, opts: ExpireRawOptions): Promise<ExpireRawReport> {
  if (!Number.isInteger(opts.retentionDays) || opts.retentionDays < 1)
    throw new Error(`retentionDays must be a whole number of days, at least 1; got ${opts.retentionDays}`);
  const now = (opts.now ?? (() => new Date()))();
  const cutoff = new Date(now.getTime() - opts.retentionDays * DAY_MS).toISOString();
  // Arrival decides; `occurredAt` bounds the scan to the index (an event cannot arrive before it occurs,
  // give or take clock skew, which only keeps a payload a little longer).
  const filter: Filter<EventDocument> = {
    product: { $in: [...opts.products] },
    occurredAt: { $lt: cutoff },
    receivedAt: { $lt: cutoff },
    raw: { $exists: true },
  };
  const result = await db
    .collection<EventDocument>(EVENTS_COLLECTION)
    .updateMany(filter, { $unset: { raw: '' }, $set: { rawExpiredAt: now.toISOString() } });
  return { cutoff, trimmed: result.modifiedCount };
}
