// What the queries read: the collector's `events` collection. Times are compared as stored by the
// collector (ISO 8601 UTC strings, which sort like the instants they name).
import type { Collection, Db } from 'mongodb';
import type { NormalizedEvent } from '../collector/normalized-event';

export type EventDocument = NormalizedEvent & { readonly _id: string };

export const EVENTS_COLLECTION = 'events';

export function eventsCollection(db: Db): Collection<EventDocument> {
  return db.collection<EventDocument>(EVENTS_COLLECTION);
}

/** The stored form of an instant, for range filters on `occurredAt`. */
export function storedTime(date: Date): string {
  return date.toISOString();
}

/** Bounds every query on the server as well, so that a slow scan cannot hold the Lambda. */
export const QUERY_MAX_TIME_MS = 10_000;
