// One event: the normalized document and its raw payload.
import type { Collection } from 'mongodb';
import type { EventResponse, EventSummary } from './api-types';
import { type EventDocument, QUERY_MAX_TIME_MS } from './store';

/** The event with `id`, or null when there is none. */
export async function getEvent(events: Collection<EventDocument>, id: string): Promise<EventResponse | null> {
  const doc = await events.findOne(
    { _id: id },
    { projection: { _id: 0, expiresAt: 0 }, maxTimeMS: QUERY_MAX_TIME_MS },
  );
  if (!doc) return null;
  return { event: doc as unknown as EventSummary & { raw: unknown } };
}
