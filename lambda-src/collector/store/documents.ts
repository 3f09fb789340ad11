import type { NormalizedEvent, Route } from '../normalized-event';

/** An `events` document: the normalized event, `_id` = `id`, and `expiresAt` on `log` documents only. */
export interface EventDocument extends NormalizedEvent {
  readonly _id: string;
  /** Set on `kind: "log"` only; the TTL index removes the document once this time has passed. */
  readonly expiresAt?: Date;
}

/** A `quarantine` document: a delivery no normalizer recognized, kept as it came. */
export interface QuarantineDocument {
  /** Deterministic (product, route, body): a retried delivery lands on the same document. */
  readonly _id: string;
  readonly product: string;
  readonly route: Route;
  /** The webhook route, or the EventBridge event's AWS `source` (`aws.health`); absent on older documents. */
  readonly source?: string;
  readonly reason: string;
  /** ISO 8601 UTC arrival time of the first copy. */
  readonly receivedAt: string;
  /** Request headers, lower-cased, without credentials. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body exactly as received: UTF-8 text, or base64 when it was not valid UTF-8 (see `rawEncoding`). */
  readonly raw: string;
  readonly rawEncoding: 'utf8' | 'base64';
  readonly bodyBytes: number;
}

const DAY_MS = 86_400_000;

export function toEventDocument(
  event: NormalizedEvent,
  product: string,
  logRetentionDays: number,
): EventDocument {
  // The product always comes from the API key, whatever a normalizer copied from the payload.
  const doc: EventDocument = { ...event, product, _id: event.id };
  if (event.kind !== 'log') return doc;
  const from = Date.parse(event.receivedAt);
  const base = Number.isNaN(from) ? Date.now() : from;
  return { ...doc, expiresAt: new Date(base + logRetentionDays * DAY_MS) };
}
