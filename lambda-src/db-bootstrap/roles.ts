// Least-privilege database users, one per function: what each may do, and nothing else. DocumentDB keeps
// users and user-defined roles in the `admin` database; a role's privileges name single collections.
import { EVENTS_COLLECTION, POSTMORTEMS_COLLECTION, QUARANTINE_COLLECTION } from '../collector/store/indexes';

export interface Privilege {
  readonly collection: string;
  readonly actions: readonly string[];
}

export interface DatabaseUserSpec {
  /** Key of the user in the bootstrap input and the construct (`collector`, `query`). */
  readonly id: string;
  /** User name in the database. */
  readonly user: string;
  /** Its role (created in `admin`), holding exactly `privileges`. */
  readonly role: string;
  readonly privileges: readonly Privilege[];
}

/**
 * The collector writes events and quarantined deliveries: each save is an upsert (`update` with
 * `$setOnInsert`, which needs `insert` too); it never reads, deletes or creates indexes. The query API
 * reads events and quarantined deliveries (the dashboard's quarantine panel), and reads, creates and
 * changes postmortems, the one collection it writes; it never deletes one (their history is append-only).
 * The log anomaly detector reads the application logs in `events` and upserts its `anomaly` events there,
 * the way the collector saves (privileges name collections, not documents: the code only ever upserts new
 * ids with `$setOnInsert`); it never touches quarantine.
 */
export const DATABASE_USERS = [
  {
    id: 'collector',
    user: 'observability_collector',
    role: 'observability_collector_writes',
    privileges: [
      { collection: EVENTS_COLLECTION, actions: ['insert', 'update'] },
      { collection: QUARANTINE_COLLECTION, actions: ['insert', 'update'] },
    ],
  },
  {
    id: 'query',
    user: 'observability_query',
    role: 'observability_query_reads',
    privileges: [
      { collection: EVENTS_COLLECTION, actions: ['find'] },
      { collection: QUARANTINE_COLLECTION, actions: ['find'] },
      { collection: POSTMORTEMS_COLLECTION, actions: ['find', 'insert', 'update'] },
    ],
  },
  {
    id: 'detector',
    user: 'observability_detector',
    role: 'observability_detector_reads_logs',
    privileges: [{ collection: EVENTS_COLLECTION, actions: ['find', 'insert', 'update'] }],
  },
] as const satisfies readonly DatabaseUserSpec[];

export type DatabaseUserId = (typeof DATABASE_USERS)[number]['id'];

/** The `privileges` of a role in `createRole`/`updateRole`, for the events database `dbName`. */
export function rolePrivileges(spec: DatabaseUserSpec, dbName: string) {
  return spec.privileges.map((p) => ({
    resource: { db: dbName, collection: p.collection },
    actions: [...p.actions],
  }));
}
