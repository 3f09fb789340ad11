// The normalized event: the contract between the collector, the store and the dashboard.
// Keep it stable; extend rather than rename (docs/normalized-event.md).

// Sources, kinds and routes come from the source registry (sources.ts); re-exported for the readers here.
export {
  KINDS,
  type Kind,
  ROUTES,
  type Route,
  SOURCES,
  type Source,
} from './sources';

import type { Kind, Source } from './sources';

/** Ordered worst first. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const STATUSES = ['open', 'acknowledged', 'resolved', 'info'] as const;
export type Status = (typeof STATUSES)[number];

/** One document per event in the `events` collection (`_id` equals `id`). */
export interface NormalizedEvent {
  /** Deterministic dedupe key: the same input always gives the same id. */
  readonly id: string;
  /** Product name, from the API key the event arrived with. */
  readonly product: string;
  readonly source: Source;
  readonly kind: Kind;
  readonly severity: Severity;
  readonly status: Status;
  /** One line a human can read. */
  readonly title: string;
  /** ISO 8601 UTC, from the event itself. */
  readonly occurredAt: string;
  /** ISO 8601 UTC arrival time. */
  readonly receivedAt: string;
  readonly account?: string;
  /**
   * Environment of the product account the event belongs to (`prod`, `stg`), set by the collector from the
   * product's accounts; absent when it cannot be told (collector/environment.ts).
   */
  readonly env?: string;
  readonly region?: string;
  readonly resource?: string;
  /** Link back to the originating tool. */
  readonly url?: string;
  /** Who acted: the IAM principal's ARN (for an assumed role, the role's), when the source says. */
  readonly principal?: string;
  /** What was attempted, `<service>:<API>` as IAM names actions (`s3:GetObject`). */
  readonly action?: string;
  /** IP address (or AWS service name) the call came from. */
  readonly sourceIp?: string;
  /**
   * For an event that stands for repeats (denials of one principal and action within an hour): how many
   * deliveries of its id arrived. The store adds each repeat (docs/normalized-event.md, "Repeated events").
   */
  readonly occurrences?: number;
  /** With `occurrences`: the latest `occurredAt` among the repeats. */
  readonly lastOccurredAt?: string;
  /** The original payload, unchanged (for multi-finding events: the finding's own payload is in `raw`). */
  readonly raw: unknown;
}

/** What a normalizer knows about the delivery besides the payload. */
export interface DeliveryContext {
  /** Product the API key belongs to (never from the payload). */
  readonly product: string;
  /** ISO 8601 UTC arrival time. */
  readonly receivedAt: string;
  /** Request headers, keys lower-cased. */
  readonly headers: Readonly<Record<string, string>>;
}

export type NormalizeResult =
  | { readonly ok: true; readonly events: readonly NormalizedEvent[] }
  | { readonly ok: false; readonly reason: string };
