// The quarantine panel: deliveries the collector kept aside because no normalizer recognized them,
// counted per product, source and reason over the period, and the newest ones with their body.
import type { Collection, Filter } from 'mongodb';
import { redactSentryPersonalData } from '../collector/privacy/redact-sentry';
import { storableHeaders } from '../collector/quarantine';
import type { QuarantineDocument } from '../collector/store/documents';
import type { QuarantinedDelivery, QuarantineGroup, QuarantineResponse } from './api-types';
import type { QuarantineParams } from './params';
import { QUERY_MAX_TIME_MS, storedTime } from './store';

/** Groups listed; a flood of distinct reasons must not make the answer large. */
export const MAX_QUARANTINE_GROUPS = 50;
export const NEWEST_DELIVERIES = 20;
/** Characters of a body shown; the panel is for reading, the replay works on the stored body. */
export const RAW_PREVIEW_CHARS = 4096;

export async function quarantinePanel(
  quarantine: Collection<QuarantineDocument>,
  params: QuarantineParams & { product?: string[] },
): Promise<QuarantineResponse> {
  const filter: Filter<QuarantineDocument> = {
    receivedAt: { $gte: storedTime(params.from), $lt: storedTime(params.to) },
    ...(params.product ? { product: { $in: params.product } } : {}),
  };
  const [grouped, newest] = await Promise.all([
    quarantine
      .aggregate<{
        _id: { product: string; source?: string | null; route: string; reason: string };
        count: number;
      }>(
        [
          { $match: filter },
          {
            $group: {
              _id: { product: '$product', source: '$source', route: '$route', reason: '$reason' },
              // Only `$sum`: FerretDB implements no other accumulator ($max, $first…).
              count: { $sum: 1 },
            },
          },
        ],
        { maxTimeMS: QUERY_MAX_TIME_MS },
      )
      .toArray(),
    quarantine
      .find(filter, {
        sort: { receivedAt: -1, _id: -1 },
        limit: NEWEST_DELIVERIES,
        maxTimeMS: QUERY_MAX_TIME_MS,
      })
      .toArray(),
  ]);
  // Documents from before `source` was stored count under their route. Merged here rather than with
  // `$ifNull`, which FerretDB does not implement.
  const groups = new Map<string, QuarantineGroup>();
  for (const g of grouped) {
    const source = g._id.source ?? g._id.route;
    const key = JSON.stringify([g._id.product, source, g._id.reason]);
    const seen = groups.get(key);
    groups.set(key, {
      product: g._id.product,
      source,
      reason: g._id.reason,
      count: (seen?.count ?? 0) + g.count,
    });
  }
  const sorted = [...groups.values()].sort(
    (a, b) =>
      b.count - a.count ||
      a.product.localeCompare(b.product) ||
      a.source.localeCompare(b.source) ||
      a.reason.localeCompare(b.reason),
  );
  return {
    from: params.from.toISOString(),
    to: params.to.toISOString(),
    total: sorted.reduce((n, g) => n + g.count, 0),
    groups: sorted.slice(0, MAX_QUARANTINE_GROUPS),
    deliveries: newest.map(shown),
  };
}

function shown(doc: QuarantineDocument): QuarantinedDelivery {
  const raw = doc.route === 'sentry' && doc.rawEncoding === 'utf8' ? withoutPersonalData(doc.raw) : doc.raw;
  return {
    id: doc._id,
    product: doc.product,
    source: doc.source ?? doc.route,
    reason: doc.reason,
    receivedAt: doc.receivedAt,
    // Filtered again on the way out: documents stored before the allow-list kept more headers.
    headers: storableHeaders(doc.headers ?? {}),
    raw: raw.slice(0, RAW_PREVIEW_CHARS),
    rawEncoding: doc.rawEncoding,
    rawTruncated: raw.length > RAW_PREVIEW_CHARS,
    bodyBytes: doc.bodyBytes,
  };
}

/** The quarantine keeps a Sentry body as received (for replay); the panel shows it without end users' data. */
function withoutPersonalData(raw: string): string {
  try {
    return JSON.stringify(redactSentryPersonalData(JSON.parse(raw)).value);
  } catch {
    return raw;
  }
}
