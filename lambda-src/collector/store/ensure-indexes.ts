import { type Collection, type Db, type IndexDescription, MongoServerError } from 'mongodb';
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
 * Creates the indexes that do not exist yet (by name: changing an index means giving it a new name).
 * Listing first keeps a warm cluster from re-running index builds on every cold start, and avoids a
 * FerretDB 1.24 crash on re-creating several existing indexes at once. The missing ones go in one
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
    const existing = new Set(await indexNames(coll));
    const missing = indexes.filter((i) => !existing.has(i.name!));
    if (missing.length === 0) continue;
    try {
      await coll.createIndexes([...missing]);
      created.push(...missing.map((i) => i.name!));
      continue;
    } catch (err) {
      if (isUnavailable(err)) throw err;
    }
    for (const index of missing) {
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

/** MongoDB "NamespaceNotFound": the collection does not exist yet, so it has no indexes. */
const NAMESPACE_NOT_FOUND = 26;

async function indexNames(coll: Collection): Promise<string[]> {
  try {
    return (await coll.listIndexes().toArray()).map((i) => String(i.name));
  } catch (err) {
    if (err instanceof MongoServerError && err.code === NAMESPACE_NOT_FOUND) return [];
    throw err;
  }
}
