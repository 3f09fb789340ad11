// Indexes of the two collections. Exported so the query API can rely on them (and tests can check them).
import type { IndexDescription } from 'mongodb';

export const EVENTS_COLLECTION = 'events';
export const QUARANTINE_COLLECTION = 'quarantine';
/** Written by the query API only (the dashboard's postmortems); `_id` is the PagerDuty incident id. */
export const POSTMORTEMS_COLLECTION = 'postmortems';

/**
 * `events` indexes. Every list query is "by product and/or one dimension, newest first", so each
 * dimension is paired with `occurredAt` (ISO 8601 strings sort in time order).
 * Log expiry uses an `expiresAt` Date set on `log` documents only, with `expireAfterSeconds: 0`: a TTL
 * index with a `partialFilterExpression` is not available on every DocumentDB version, and documents
 * without the field are never expired.
 */
export const EVENT_INDEXES = [
  { name: 'product_occurredAt', key: { product: 1, occurredAt: -1 } },
  { name: 'product_kind_occurredAt', key: { product: 1, kind: 1, occurredAt: -1 } },
  { name: 'source_occurredAt', key: { source: 1, occurredAt: -1 } },
  { name: 'kind_occurredAt', key: { kind: 1, occurredAt: -1 } },
  { name: 'severity_occurredAt', key: { severity: 1, occurredAt: -1 } },
  { name: 'status_occurredAt', key: { status: 1, occurredAt: -1 } },
  { name: 'log_expiry', key: { expiresAt: 1 }, expireAfterSeconds: 0 },
] as const satisfies readonly IndexDescription[];

/** `quarantine` indexes: triage lists the newest first, per product. No TTL: nothing here expires. */
export const QUARANTINE_INDEXES = [
  { name: 'product_receivedAt', key: { product: 1, receivedAt: -1 } },
  { name: 'receivedAt', key: { receivedAt: -1 } },
] as const satisfies readonly IndexDescription[];
