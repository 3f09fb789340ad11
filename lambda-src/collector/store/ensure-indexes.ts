import type { Db, IndexDescription } from 'mongodb';
import { isUnavailable } from './errors';
import { EVENT_INDEXES, EVENTS_COLLECTION, QUARANTINE_COLLECTION, QUARANTINE_INDEXES } from './indexes';

export interface IndexReport {
  readonly created: readonly string[];
  /** Indexes the server refused (e.g. FerretDB 1.x has no TTL indexes), with its message. */
  readonly refused: readonly {
    readonly collection: string;
    readonly name: string;
    readonly reason: string;
  }[];
}

/**
 * Creates the indexes; idempotent (an existing identical index is a no-op on the server). One
 * `createIndexes` per collection; if the server refuses the batch, each index is tried alone so one
 * unsupported option does not leave the collection without the others. Refusals are logged, not thrown:
 * events must still be stored.
 */
export async function ensureIndexes(db: Db, log: Pick<Console, 'error'>): Promise<IndexReport> {
  const created: string[] = [];
  const refused: { collection: string; name: string; reason: string }[] = [];
  const plan: [string, readonly IndexDescription[]][] = [
    [EVENTS_COLLECTION, EVENT_INDEXES],
    [QUARANTINE_COLLECTION, QUARANTINE_INDEXES],
  ];
  for (const [collection, indexes] of plan) {
    const coll = db.collection(collection);
    try {
      await coll.createIndexes([...indexes]);
      created.push(...indexes.map((i) => i.name!));
      continue;
    } catch (err) {
      if (isUnavailable(err)) throw err;
    }
    for (const index of indexes) {
      try {
        await coll.createIndexes([index]);
        created.push(index.name!);
      } catch (err) {
        if (isUnavailable(err)) throw err;
        refused.push({ collection, name: index.name!, reason: (err as Error).message });
      }
    }
  }
  for (const r of refused) log.error(`index ${r.collection}.${r.name} not created: ${r.reason}`);
  return { created, refused };
}
