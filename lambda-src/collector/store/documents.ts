import type { NormalizedEvent, Route } from '../normalized-event';

/** An `events` document: the normalized event, `_id` = `id`, and `expiresAt` on `log` documents only. */
export interface EventDocument extends NormalizedEvent {
  readonly _id: string;
  /**
   * `json` when `raw` is the payload's exact JSON text instead of the payload itself: a payload with a NUL
   * character in a field name, or text that is not valid Unicode (an unpaired UTF-16 surrogate), cannot be
   * written as BSON without changing it. `JSON.parse(raw)` gives the payload back, unchanged.
   */
  readonly rawEncoding?: 'json';
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
  const faithful = bsonFaithful(event.raw);
  const doc: EventDocument = {
    ...event,
    product,
    _id: event.id,
    ...(faithful ? {} : { raw: JSON.stringify(event.raw), rawEncoding: 'json' as const }),
  };
  if (event.kind !== 'log') return doc;
  const from = Date.parse(event.receivedAt);
  const base = Number.isNaN(from) ? Date.now() : from;
  return { ...doc, expiresAt: new Date(base + logRetentionDays * DAY_MS) };
}

/** In `u` mode a surrogate pair is one code point, so this finds unpaired surrogates only. */
const LONE_SURROGATE = /\p{Surrogate}/u;

/**
 * Whether BSON can carry the value unchanged: field names are C strings (no NUL), and strings are UTF-8,
 * so an unpaired UTF-16 surrogate would come back as U+FFFD. JSON text escapes both (`\u0000`, `\ud800`).
 * Iterative: a hostile payload must not blow the stack.
 */
export function bsonFaithful(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (LONE_SURROGATE.test(v)) return false;
    } else if (Array.isArray(v)) {
      for (const item of v) stack.push(item);
    } else if (v !== null && typeof v === 'object') {
      for (const [key, item] of Object.entries(v)) {
        if (key.includes('\0') || LONE_SURROGATE.test(key)) return false;
        stack.push(item);
      }
    }
  }
  return true;
}
