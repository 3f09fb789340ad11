// Replay of quarantined deliveries through today's normalizers (after a normalizer was added or fixed).
// A delivery that now normalizes is written to `events` exactly as the collector would have written it
// (same deterministic ids, same first-copy-wins upsert, so a replay run twice stores each event once),
// and only then removed from `quarantine`; one that still does not normalize keeps its place with the new
// reason. Runbook: docs/collector.md ("Replaying the quarantine").
import { gunzipSync } from 'node:zlib';
import type { Db, Filter } from 'mongodb';
import type { Normalize } from '../collector/collect';
import { jsonDepth, MAX_JSON_DEPTH, parseJson } from '../collector/http/json';
import { deliverySource } from '../collector/quarantine';
import type { QuarantineDocument } from '../collector/store/documents';
import type { EventStore } from '../collector/store/event-store';
import { QUARANTINE_COLLECTION } from '../collector/store/indexes';

export interface ReplayOptions {
  readonly db: Db;
  /** Where normalized events are written: the collector's own store. */
  readonly store: EventStore;
  /** The collector's normalizer, as the handler composes it. */
  readonly normalize: Normalize;
  /** Only this product's deliveries. */
  readonly product?: string;
  /** Only deliveries from this source: a webhook route (`sentry`) or an EventBridge source (`aws.health`). */
  readonly source?: string;
  /** Normalize and count, write nothing. */
  readonly dryRun?: boolean;
  /** Largest inflated body, as the collector's MAX_BODY_BYTES. @default 1048576 */
  readonly maxBodyBytes?: number;
  readonly now?: () => Date;
  readonly log?: (line: string) => void;
}

export interface ReplayReport {
  /** Quarantined deliveries that matched the filters. */
  readonly examined: number;
  /** Deliveries that now normalize: written to `events` and removed from `quarantine` (dry run: would be). */
  readonly moved: number;
  /** Events those deliveries gave. */
  readonly events: number;
  /** Of those events, already in `events` (an earlier replay, or the same event sent again). */
  readonly alreadyStored: number;
  /** Deliveries left in quarantine, their reason updated. */
  readonly stillQuarantined: number;
  /** Left in quarantine without trying: their signature was never checked and cannot be now. */
  readonly unverified: number;
}

/** The reason the collector gives a signed delivery it could not verify (collect.ts). */
const UNVERIFIED = /^signature not checked/;
const GZIP_MAGIC = [0x1f, 0x8b];
const PAGE = 200;

export async function replayQuarantine(opts: ReplayOptions): Promise<ReplayReport> {
  const now = opts.now ?? (() => new Date());
  const log = opts.log ?? (() => undefined);
  const quarantine = opts.db.collection<QuarantineDocument>(QUARANTINE_COLLECTION);
  const filter: Filter<QuarantineDocument> = opts.product ? { product: opts.product } : {};
  const report = { examined: 0, moved: 0, events: 0, alreadyStored: 0, stillQuarantined: 0, unverified: 0 };

  // Pages by _id, so documents removed or updated along the way do not shift the pages.
  let after: string | undefined;
  for (;;) {
    const page = await quarantine
      .find(after === undefined ? filter : { $and: [filter, { _id: { $gt: after } }] })
      .sort({ _id: 1 })
      .limit(PAGE)
      .toArray();
    if (page.length === 0) break;
    after = page[page.length - 1]._id;
    for (const doc of page) {
      if (opts.source && sourceOf(doc) !== opts.source) continue;
      report.examined++;
      if (UNVERIFIED.test(doc.reason)) {
        report.unverified++;
        continue;
      }
      const outcome = renormalize(doc, opts.normalize, opts.maxBodyBytes ?? 1_048_576);
      if (!outcome.ok) {
        report.stillQuarantined++;
        log(`${doc._id} (${doc.product}/${sourceOf(doc)}): still not recognized: ${outcome.reason}`);
        if (!opts.dryRun) {
          await quarantine.updateOne(
            { _id: doc._id },
            { $set: { reason: outcome.reason, replayedAt: now().toISOString() } },
          );
        }
        continue;
      }
      const events = outcome.events;
      if (opts.dryRun) {
        report.moved++;
        report.events += events.length;
        log(`${doc._id} (${doc.product}/${sourceOf(doc)}): would store ${events.length} event(s)`);
        continue;
      }
      const saved = await opts.store.saveEvents(doc.product, events);
      const written = saved.inserted + saved.duplicates;
      if (saved.refused.length > 0 || written !== events.length) {
        // Kept in quarantine: the next replay tries again; nothing was lost.
        const reason = `replay: database stored ${written} of ${events.length} events${saved.refused
          .slice(0, 3)
          .map((r) => `; ${r.id}: ${r.reason}`)
          .join('')}`;
        report.stillQuarantined++;
        log(`${doc._id}: ${reason}`);
        await quarantine.updateOne({ _id: doc._id }, { $set: { reason, replayedAt: now().toISOString() } });
        continue;
      }
      // Removed only after the events are acknowledged: a crash in between leaves the delivery here, and
      // the next replay finds its events already stored and removes it then.
      await quarantine.deleteOne({ _id: doc._id });
      report.moved++;
      report.events += events.length;
      report.alreadyStored += saved.duplicates;
      log(`${doc._id} (${doc.product}/${sourceOf(doc)}): stored ${saved.inserted} new event(s)`);
    }
  }
  return report;
}

function sourceOf(doc: QuarantineDocument): string {
  return doc.source ?? deliverySource(doc.route, doc.rawEncoding === 'utf8' ? doc.raw : undefined);
}

/** The steps of collect.ts after the signature check: bytes, JSON, depth, normalizer. */
function renormalize(doc: QuarantineDocument, normalize: Normalize, maxBodyBytes: number) {
  let bytes = Buffer.from(doc.raw, doc.rawEncoding === 'base64' ? 'base64' : 'utf8');
  // Kept as received when it could not be inflated, inflated otherwise: only gzip bytes are inflated.
  if (bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1]) {
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: maxBodyBytes });
    } catch (err) {
      return { ok: false as const, reason: `body is not valid gzip: ${(err as Error).message}` };
    }
  }
  const parsed = parseJson(bytes);
  if (!parsed.ok) return parsed;
  if (jsonDepth(parsed.value) > MAX_JSON_DEPTH)
    return { ok: false as const, reason: `payload nested deeper than ${MAX_JSON_DEPTH} levels` };
  try {
    return normalize(doc.route, parsed.value, {
      product: doc.product,
      // The original arrival time: the events read as if the collector had understood them then.
      receivedAt: doc.receivedAt,
      headers: doc.headers,
    });
  } catch (err) {
    return { ok: false as const, reason: `normalizer error: ${(err as Error).message}` };
  }
}
