import {
  type AnyBulkWriteOperation,
  type Db,
  MongoBulkWriteError,
  type UpdateFilter,
  type WriteError,
} from 'mongodb';
import type { NormalizedEvent } from '../normalized-event';
import { type EventDocument, type QuarantineDocument, toEventDocument } from './documents';
import { DatabaseUnavailableError, isUnavailable } from './errors';
import type { EventStore, SaveResult } from './event-store';
import { EVENTS_COLLECTION, QUARANTINE_COLLECTION } from './indexes';
import { mergeRepeat, type Repeatable, upsertUpdate } from './repeats';

type StoredDocument = { _id: string };

/** MongoDB "DuplicateKey": two concurrent upserts of the same _id; the other one stored it. */
const DUPLICATE_KEY = 11000;

export interface MongoEventStoreOptions {
  /** Days a `log` document is kept after arrival (TTL via `expiresAt`). */
  readonly logRetentionDays: number;
}

/**
 * Writes through the official driver. Each save is ONE unordered `bulkWrite` of `updateOne` upserts with
 * `$setOnInsert`: the driver sends it as one `update` command (one round trip for a whole Fluent Bit
 * batch), and a retried delivery matches the existing `_id` and changes nothing, so the first copy
 * (with its first `receivedAt`) is the one kept. Unordered: one refused document does not stop the others.
 */
export class MongoEventStore implements EventStore {
  constructor(
    private readonly db: () => Promise<Db>,
    private readonly options: MongoEventStoreOptions,
  ) {}

  saveEvents(product: string, events: readonly NormalizedEvent[]): Promise<SaveResult> {
    const docs = events.map((e) => toEventDocument(e, product, this.options.logRetentionDays));
    return this.upsertAll(EVENTS_COLLECTION, docs);
  }

  saveQuarantine(docs: readonly QuarantineDocument[]): Promise<SaveResult> {
    return this.upsertAll(QUARANTINE_COLLECTION, docs);
  }

  private async upsertAll(collection: string, docs: readonly (EventDocument | QuarantineDocument)[]) {
    if (docs.length === 0) return { inserted: 0, duplicates: 0, refused: [] };
    // The same id twice in one request (a sender repeating a record) is one document (repeats: counted).
    const byId = new Map<string, (EventDocument | QuarantineDocument) & Repeatable>();
    for (const d of docs as readonly ((EventDocument | QuarantineDocument) & Repeatable)[]) {
      const seen = byId.get(d._id);
      byId.set(d._id, seen ? mergeRepeat(seen, d) : d);
    }
    const unique = [...byId.values()];
    const ops: AnyBulkWriteOperation<StoredDocument>[] = unique.map(({ _id, ...fields }) => ({
      updateOne: {
        filter: { _id },
        update: upsertUpdate(fields) as UpdateFilter<StoredDocument>,
        upsert: true,
      },
    }));
    const sameRequest = docs.length - unique.length;
    try {
      const db = await this.db();
      const result = await db.collection<StoredDocument>(collection).bulkWrite(ops, { ordered: false });
      return { inserted: result.upsertedCount, duplicates: result.matchedCount + sameRequest, refused: [] };
    } catch (err) {
      if (isUnavailable(err))
        throw new DatabaseUnavailableError(`database unavailable: ${(err as Error).message}`, { cause: err });
      if (!(err instanceof MongoBulkWriteError)) throw err;
      return partialResult(err, unique, sameRequest);
    }
  }
}

function partialResult(
  err: MongoBulkWriteError,
  docs: readonly { _id: string }[],
  sameRequest: number,
): SaveResult {
  const refused: { id: string; reason: string }[] = [];
  let raced = 0;
  const errors: WriteError[] = Array.isArray(err.writeErrors) ? err.writeErrors : [err.writeErrors];
  for (const w of errors) {
    if (w.code === DUPLICATE_KEY) raced++;
    else refused.push({ id: docs[w.index]._id, reason: w.errmsg ?? `write error ${w.code}` });
  }
  return {
    inserted: err.result.upsertedCount,
    duplicates: err.result.matchedCount + raced + sameRequest,
    refused,
  };
}
