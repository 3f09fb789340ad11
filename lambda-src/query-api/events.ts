// The filtered event list: newest first, keyset pagination on (occurredAt, _id), without raw payloads.
import type { Collection, Filter } from 'mongodb';
import type { EventSummary, EventsResponse } from './api-types';
import { encodeCursor } from './cursor';
import { envFilter } from './environment';
import type { EventsParams } from './params';
import { type EventDocument, QUERY_MAX_TIME_MS, storedTime } from './store';

/** Fields of a listed event: everything but `raw`, which can be large. */
export const SUMMARY_PROJECTION = {
  _id: 0,
  id: 1,
  product: 1,
  source: 1,
  kind: 1,
  severity: 1,
  status: 1,
  title: 1,
  occurredAt: 1,
  receivedAt: 1,
  account: 1,
  env: 1,
  region: 1,
  resource: 1,
  url: 1,
  principal: 1,
  action: 1,
  sourceIp: 1,
  occurrences: 1,
  lastOccurredAt: 1,
} as const;

export function eventsFilter(params: EventsParams): Filter<EventDocument> {
  const and: Filter<EventDocument>[] = [
    { occurredAt: { $gte: storedTime(params.from), $lt: storedTime(params.to) } },
  ];
  if (params.product) and.push({ product: { $in: params.product } });
  const env = envFilter(params.env);
  if (env) and.push(env);
  if (params.source) and.push({ source: { $in: params.source } });
  if (params.kind) and.push({ kind: { $in: params.kind } });
  if (params.severity) and.push({ severity: { $in: params.severity } });
  if (params.status) and.push({ status: { $in: params.status } });
  if (params.cursor) {
    const after = params.cursor;
    and.push({
      $or: [
        { occurredAt: { $lt: after.occurredAt } },
        { occurredAt: after.occurredAt, _id: { $lt: after.id } },
      ],
    });
  }
  return { $and: and };
}

export async function listEvents(
  events: Collection<EventDocument>,
  params: EventsParams,
): Promise<EventsResponse> {
  // One more than the page tells whether there is a next page without a count.
  const docs = await events
    .find(eventsFilter(params), {
      projection: SUMMARY_PROJECTION,
      sort: { occurredAt: -1, _id: -1 },
      limit: params.limit + 1,
      maxTimeMS: QUERY_MAX_TIME_MS,
    })
    .toArray();
  const page = docs.slice(0, params.limit) as unknown as EventSummary[];
  const last = page.at(-1);
  const nextCursor =
    docs.length > params.limit && last ? encodeCursor({ occurredAt: last.occurredAt, id: last.id }) : null;
  return { events: page, nextCursor };
}
