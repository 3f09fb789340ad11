import type { NormalizedEvent } from '../../../lambda-src/collector/normalized-event';
import { type QuarantineDocument, toEventDocument } from '../../../lambda-src/collector/store/documents';
import { DatabaseUnavailableError } from '../../../lambda-src/collector/store/errors';
import type { EventStore, SaveResult } from '../../../lambda-src/collector/store/event-store';

/**
 * In-memory stand-in for the database with the same upsert semantics (first copy wins) and the same
 * refusal a MongoDB-wire server gives to `$`-prefixed field names, so the collector's fallback runs.
 */
export class MemoryStore implements EventStore {
  readonly events = new Map<string, Record<string, unknown>>();
  readonly quarantine = new Map<string, QuarantineDocument>();
  /** Number of save calls: each one is a single bulk write in the real store. */
  writes = 0;
  down = false;

  async saveEvents(product: string, events: readonly NormalizedEvent[]): Promise<SaveResult> {
    return this.upsert(
      this.events,
      events.map((e) => toEventDocument(e, product, 14) as unknown as { _id: string }),
    );
  }

  async saveQuarantine(docs: readonly QuarantineDocument[]): Promise<SaveResult> {
    return this.upsert(this.quarantine as Map<string, any>, docs);
  }

  private upsert(into: Map<string, any>, docs: readonly { _id: string }[]): SaveResult {
    if (this.down) throw new DatabaseUnavailableError('database unavailable: connect ECONNREFUSED');
    this.writes++;
    let inserted = 0;
    let duplicates = 0;
    const refused: { id: string; reason: string }[] = [];
    for (const doc of docs) {
      if (hasDollarKey(doc)) refused.push({ id: doc._id, reason: 'invalid key (key must not start with $)' });
      else if (into.has(doc._id)) {
        duplicates++;
        // Repeats (docs/normalized-event.md, "Repeated events"): counted, as the real store's $inc does.
        const stored = into.get(doc._id);
        const next = doc as { occurrences?: number; lastOccurredAt?: string };
        if (next.occurrences !== undefined && stored.occurrences !== undefined) {
          stored.occurrences += next.occurrences;
          if ((next.lastOccurredAt ?? '') > (stored.lastOccurredAt ?? ''))
            stored.lastOccurredAt = next.lastOccurredAt;
        }
      } else {
        into.set(doc._id, doc);
        inserted++;
      }
    }
    return { inserted, duplicates, refused };
  }
}

function hasDollarKey(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some(hasDollarKey);
  return Object.entries(value).some(([k, v]) => k.startsWith('$') || hasDollarKey(v));
}
