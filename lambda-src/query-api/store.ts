// What the queries read: the collector's `events` collection (with the collector's indexes). Times are
// compared as the collector stores them: ISO 8601 UTC strings, which sort like the instants they name.
import type { Collection, Db } from 'mongodb';
import type { EventDocument, QuarantineDocument } from '../collector/store/documents';
import { EVENTS_COLLECTION, POSTMORTEMS_COLLECTION, QUARANTINE_COLLECTION } from '../collector/store/indexes';
import type { PostmortemDocument } from './postmortems';

export type { EventDocument, QuarantineDocument };
export { EVENTS_COLLECTION };

export function eventsCollection(db: Db): Collection<EventDocument> {
  return db.collection<EventDocument>(EVENTS_COLLECTION);
}

/** Read for the quarantine panel only. */
export function quarantineCollection(db: Db): Collection<QuarantineDocument> {
  return db.collection<QuarantineDocument>(QUARANTINE_COLLECTION);
}

/** The one collection the query API writes: postmortems, `_id` = the PagerDuty incident id. */
export function postmortemsCollection(db: Db): Collection<PostmortemDocument> {
  return db.collection<PostmortemDocument>(POSTMORTEMS_COLLECTION);
}

/** The stored form of an instant, for range filters on `occurredAt`. */
export function storedTime(date: Date): string {
  return date.toISOString();
}

/** Bounds every query on the server as well, so that a slow scan cannot hold the Lambda. */
export const QUERY_MAX_TIME_MS = 10_000;
