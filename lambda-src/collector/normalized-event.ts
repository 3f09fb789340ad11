// The normalized event: the contract between the collector, the store and the dashboard.
// Keep it stable; extend rather than rename (see DESIGN.md, "Normalized event").

export const SOURCES = [
  'pagerduty',
  'datadog',
  'sentry',
  'guardduty',
  'inspector',
  'securityhub',
  'ecs',
  'config',
  'applog',
  'toil',
] as const;
export type Source = (typeof SOURCES)[number];

export const KINDS = [
  'incident',
  'alert',
  'slo',
  'exception',
  'security_finding',
  'vulnerability',
  'compliance',
  'cluster_state',
  'log',
  'toil',
] as const;
export type Kind = (typeof KINDS)[number];

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
  /** The original payload, unchanged (for multi-finding events: the finding's own payload is in `raw`). */
  readonly raw: unknown;
}

/** Routes the collector accepts: `POST /events` and `POST /webhooks/{source}`. */
export const ROUTES = ['eventbridge', 'pagerduty', 'datadog', 'sentry', 'fluentbit'] as const;
export type Route = (typeof ROUTES)[number];

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
