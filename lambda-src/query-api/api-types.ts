// Response shapes of the query API: shared by the Lambda, the dev server and the page.
import type { NormalizedEvent, Severity } from '../collector/normalized-event';

export type SeverityCounts = Record<Severity, number>;

/** One cell of the overview grid: one signal of one product over the period. */
export interface SignalSummary {
  readonly count: number;
  /** The same count over the previous period of the same length. */
  readonly previousCount: number;
  readonly bySeverity: SeverityCounts;
  /** Worst severity among the counted events; null when there are none. */
  readonly worst: Severity | null;
}

/** One row of the overview: one environment of a product. */
export interface ProductOverview {
  readonly product: string;
  /** The environment (`prod`, `stg`); null for the product's events that carry none. */
  readonly env: string | null;
  readonly worst: Severity | null;
  readonly signals: Record<SignalId, SignalSummary>;
}

export interface OverviewResponse {
  readonly from: string;
  readonly to: string;
  readonly previousFrom: string;
  /** Product environments ordered worst first. */
  readonly products: readonly ProductOverview[];
}

export const SIGNAL_IDS = [
  'incidents',
  'alerts',
  'security',
  'vulnerabilities',
  'compliance',
  'ecs',
  'exceptions',
  'logErrors',
  'deniedCalls',
  'anomalies',
] as const;
export type SignalId = (typeof SIGNAL_IDS)[number];

/** An event as listed: everything but the raw payload. */
export type EventSummary = Omit<NormalizedEvent, 'raw'>;

export interface EventsResponse {
  readonly events: readonly EventSummary[];
  /** Pass back as `cursor` for the next (older) page; null on the last page. */
  readonly nextCursor: string | null;
}

export interface EventResponse {
  readonly event: NormalizedEvent;
}

export interface TimelineBucket {
  /** Start of the bucket, ISO 8601 UTC. */
  readonly start: string;
  /** product -> severity -> count (products without events in the bucket are absent). */
  readonly counts: Record<string, Partial<SeverityCounts>>;
}

export interface TimelineResponse {
  readonly from: string;
  readonly to: string;
  readonly bucketSeconds: number;
  readonly buckets: readonly TimelineBucket[];
}

/** Quarantined deliveries of one product, source and reason over the period. */
export interface QuarantineGroup {
  readonly product: string;
  /** Webhook route, or the EventBridge event's AWS source (`aws.health`). */
  readonly source: string;
  readonly reason: string;
  readonly count: number;
}

/** One quarantined delivery as the panel shows it: headers masked, body cut to a readable length. */
export interface QuarantinedDelivery {
  readonly id: string;
  readonly product: string;
  readonly source: string;
  readonly reason: string;
  readonly receivedAt: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The body as received (UTF-8 text, or base64), cut after `RAW_PREVIEW_CHARS`; Sentry personal data redacted. */
  readonly raw: string;
  readonly rawEncoding: 'utf8' | 'base64';
  readonly rawTruncated: boolean;
  readonly bodyBytes: number;
}

export interface QuarantineResponse {
  readonly from: string;
  readonly to: string;
  /** Quarantined deliveries in the period. */
  readonly total: number;
  /** Most frequent first (at most MAX_QUARANTINE_GROUPS). */
  readonly groups: readonly QuarantineGroup[];
  /** Newest first. */
  readonly deliveries: readonly QuarantinedDelivery[];
}

export interface ErrorResponse {
  readonly error: string;
  /** For validation errors: one line per bad parameter, naming it and what is allowed. */
  readonly problems?: readonly string[];
}

export type IncidentStatus = 'triggered' | 'acknowledged' | 'resolved';

/** A Datadog alert that paged PagerDuty (its message mentions `@pagerduty-…`) just before an incident. */
export interface LinkedAlert {
  readonly id: string;
  readonly title: string;
  readonly occurredAt: string;
  readonly url: string | null;
}

/** One PagerDuty incident, folded from its webhook events. */
/** A change of the incident's priority or urgency, told by one of its webhook events. */
export interface IncidentChange {
  readonly at: string;
  readonly field: 'priority' | 'urgency';
  readonly from: string | null;
  readonly to: string | null;
  /** Who made it (the event's agent), when PagerDuty says. */
  readonly by: string | null;
}

export interface IncidentSummary {
  /** PagerDuty incident id. */
  readonly id: string;
  readonly product: string;
  readonly env: string | null;
  readonly number: number | null;
  readonly title: string;
  readonly url: string | null;
  readonly service: string | null;
  readonly priority: string | null;
  readonly urgency: string | null;
  readonly status: IncidentStatus;
  readonly triggeredAt: string;
  /** First acknowledgement after the trigger; null if never acknowledged. */
  readonly acknowledgedAt: string | null;
  /** Last resolution, when the incident is resolved now. */
  readonly resolvedAt: string | null;
  readonly acknowledgeSeconds: number | null;
  readonly resolveSeconds: number | null;
  readonly escalations: number;
  /** People who acknowledged, resolved, annotated or were added as responders. */
  readonly responders: readonly string[];
  /** Priority and urgency changes, oldest first (the first event's values are the start, not a change). */
  readonly changes: readonly IncidentChange[];
  readonly alerts: readonly LinkedAlert[];
}

export interface IncidentsResponse {
  readonly from: string;
  readonly to: string;
  /** Incidents triggered in [from, to), newest first (at most MAX_INCIDENTS). */
  readonly incidents: readonly IncidentSummary[];
  readonly truncated: boolean;
}

/** MTTA / MTTR of one product environment over one window. */
export interface ReliabilityWindow {
  readonly days: number;
  readonly incidents: number;
  readonly acknowledged: number;
  readonly resolved: number;
  /** Mean time to acknowledge over acknowledged incidents; null when none. */
  readonly mttaSeconds: number | null;
  /** Mean time to resolve over resolved incidents; null when none. */
  readonly mttrSeconds: number | null;
}

export interface ProductReliability {
  readonly product: string;
  readonly env: string | null;
  readonly windows: readonly ReliabilityWindow[];
}

export interface ReliabilityResponse {
  readonly to: string;
  readonly products: readonly ProductReliability[];
}

/** An event of the incident's product/env around the incident window (the postmortem timeline source). */
export interface IncidentDetailResponse {
  readonly incident: IncidentSummary;
  readonly windowFrom: string;
  readonly windowTo: string;
  readonly events: readonly EventSummary[];
  readonly eventsTruncated: boolean;
}

export interface ActionItem {
  readonly id: string;
  readonly text: string;
  readonly owner: string;
  /** YYYY-MM-DD, or null. */
  readonly due: string | null;
  readonly done: boolean;
}

/** One line of a postmortem's timeline: an event of the incident window, or one the author added. */
export interface PostmortemTimelineEntry {
  readonly id: string;
  readonly at: string;
  readonly title: string;
  /** The event it came from; null for an entry the author added. */
  readonly eventId: string | null;
  readonly source: string | null;
  readonly kind: string | null;
  readonly severity: string | null;
  readonly note: string;
  readonly hidden: boolean;
  /** Who added it (entries from events: null). */
  readonly addedBy: string | null;
}

/** Who changed what, when: appended on every write, never rewritten. */
export interface PostmortemHistoryEntry {
  readonly at: string;
  readonly by: string;
  readonly action: 'created' | 'updated';
  readonly changes: readonly string[];
}

export interface Postmortem {
  readonly incidentId: string;
  readonly product: string;
  readonly env: string | null;
  readonly incidentTitle: string;
  readonly incidentUrl: string | null;
  readonly triggeredAt: string;
  readonly resolvedAt: string;
  readonly summary: string;
  readonly impact: string;
  readonly rootCause: string;
  readonly actionItems: readonly ActionItem[];
  readonly timeline: readonly PostmortemTimelineEntry[];
  readonly createdAt: string;
  readonly createdBy: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
  /** Increases by one on every change; a write names the version it edited. */
  readonly version: number;
  readonly history: readonly PostmortemHistoryEntry[];
}

export interface PostmortemResponse {
  readonly postmortem: Postmortem;
  /** Whether the caller may change it (member of the writers' group). */
  readonly canWrite: boolean;
}

/** A burn-rate alert of an SLO. */
export interface SloAlert {
  readonly at: string;
  readonly status: 'burning' | 'recovered';
  readonly title: string;
}

/** One SLO of a product environment, from its Datadog burn-rate alerts. */
export interface SloStatus {
  readonly product: string;
  readonly env: string | null;
  /** The monitor's name (`payments-prod Availability SLO burning fast`). */
  readonly slo: string;
  readonly sloId: string | null;
  /** `burning` while its burn-rate alert is open. */
  readonly status: 'burning' | 'ok';
  /** Time of the latest alert or recovery. */
  readonly since: string;
  readonly windowDays: number;
  readonly burnRateThreshold: number | null;
  /** Time with the burn-rate alert open within the SLO window. */
  readonly burningSeconds: number;
  /**
   * Upper bound of the error budget left, in percent: the alerts spent at least burning time × threshold.
   * Null when the alert's threshold is unknown.
   */
  readonly budgetLeftAtMostPercent: number | null;
  /** Newest first, within the window. */
  readonly alerts: readonly SloAlert[];
}

export interface SloStatusResponse {
  readonly to: string;
  /** Burning first. */
  readonly slos: readonly SloStatus[];
}
