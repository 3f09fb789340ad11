import {
  type AnyBulkWriteOperation,
  BSON,
  type BulkWriteResult,
  type Db,
  MongoBulkWriteError,
  type WriteError,
} from 'mongodb';
import type { NormalizedEvent } from '../normalized-event';
import { type EventDocument, type QuarantineDocument, toEventDocument } from './documents';
import { DatabaseUnavailableError, isTransientWriteError, isUnavailable } from './errors';
import type { EventStore, SaveResult } from './event-store';
import { EVENTS_COLLECTION, QUARANTINE_COLLECTION } from './indexes';

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
 *
 * What counts is what the server acknowledged, not which error came back: the driver reports a connection
 * lost during the write as a `MongoBulkWriteError` with no write errors, so every result is checked by its
 * counts (upserted + matched + refused must cover every document sent).
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

  private async upsertAll(
    collection: string,
    docs: readonly (EventDocument | QuarantineDocument)[],
  ): Promise<SaveResult> {
    if (docs.length === 0) return { inserted: 0, duplicates: 0, refused: [] };
    // The same id twice in one request (a sender repeating a record) is one document.
    const unique = [...new Map(docs.map((d) => [d._id, d])).values()];
    const ops: AnyBulkWriteOperation<StoredDocument>[] = unique.map(({ _id, ...fields }) => ({
      updateOne: { filter: { _id }, update: { $setOnInsert: fields }, upsert: true },
    }));
    const sameRequest = docs.length - unique.length;
    let outcome: Outcome;
    try {
      const db = await this.db();
      const result = await db.collection<StoredDocument>(collection).bulkWrite(ops, { ordered: false });
      outcome = outcomeOf(result, [], unique);
    } catch (err) {
      if (err instanceof MongoBulkWriteError) {
        outcome = { ...outcomeOf(err.result, writeErrorsOf(err), unique), error: err.message };
        const concern = err.result.getWriteConcernError();
        if (concern) outcome = { ...outcome, unconfirmed: `write concern not satisfied: ${concern.errmsg}` };
      } else if (err instanceof BSON.BSONError) {
        // The driver could not encode the documents, so nothing was sent: refused, and the collector keeps
        // the delivery in quarantine as raw text (which always encodes).
        const reason = `not encodable as BSON: ${err.message}`;
        return { inserted: 0, duplicates: sameRequest, refused: unique.map((d) => ({ id: d._id, reason })) };
      } else if (isUnavailable(err)) {
        throw new DatabaseUnavailableError(`database unavailable: ${(err as Error).message}`, { cause: err });
      } else {
        throw err;
      }
    }
    const { inserted, duplicates, refused, unknown, unconfirmed, error } = outcome;
    // Nothing refused for good and something unaccounted for: the whole delivery must be sent again.
    if (unconfirmed || (unknown > 0 && refused.length === 0)) {
      throw new DatabaseUnavailableError(
        `database acknowledged ${inserted + duplicates} of ${unique.length} writes: ${unconfirmed ?? error ?? 'no error reported'}`,
      );
    }
    return { inserted, duplicates: duplicates + sameRequest, refused };
  }
}

interface Outcome {
  readonly inserted: number;
  readonly duplicates: number;
  readonly refused: { id: string; reason: string }[];
  /** Documents neither acknowledged nor refused: their fate is unknown. */
  readonly unknown: number;
  readonly unconfirmed?: string;
  /** The driver's message, when the write ended in an error. */
  readonly error?: string;
}

function writeErrorsOf(err: MongoBulkWriteError): WriteError[] {
  const w = err.writeErrors as WriteError[] | WriteError | undefined;
  if (w === undefined) return [];
  return Array.isArray(w) ? w : [w];
}

/** Counts, from the server's answer, what happened to each document. */
function outcomeOf(
  result: BulkWriteResult,
  writeErrors: readonly WriteError[],
  docs: readonly { _id: string }[],
): Outcome {
  const refused: { id: string; reason: string }[] = [];
  let raced = 0;
  for (const w of writeErrors) {
    if (w.code === DUPLICATE_KEY) raced++;
    // "Not now" errors (a lock or write conflict, a failover) leave the document unknown: retry.
    else if (!isTransientWriteError(w.code) && docs[w.index])
      refused.push({ id: docs[w.index]._id, reason: w.errmsg ?? `write error ${w.code}` });
  }
  const inserted = result.upsertedCount;
  const duplicates = result.matchedCount + raced;
  const unknown = Math.max(0, docs.length - inserted - duplicates - refused.length);
  return { inserted, duplicates, refused, unknown };
}
