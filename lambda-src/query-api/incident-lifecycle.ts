// Folds the lifecycle rows of PagerDuty incidents (one per webhook event, grouped by the database) into
// incident records: when each was triggered, first acknowledged and finally resolved, escalations and
// responders. Pure: no database here, so the rules can be read and tested on their own.
import type { IncidentChange, IncidentStatus, IncidentSummary } from './api-types';

/** One PagerDuty webhook event as the lifecycle pipeline groups it (fields from `raw.event`). */
export interface LifecycleRow {
  readonly product: string;
  readonly env?: string | null;
  readonly at: string;
  readonly type: string;
  /** `event.data.type`: `incident` for incident events, else the attached object (`incident_responder`…). */
  readonly dataType?: string | null;
  readonly id?: string | null;
  /** `event.data.incident.id` on events about something attached to an incident. */
  readonly ref?: string | null;
  readonly agent?: string | null;
  readonly agentType?: string | null;
  /** `event.data.user.summary` on incident.responder.added. */
  readonly user?: string | null;
  readonly number?: number | null;
  readonly title?: string | null;
  readonly url?: string | null;
  readonly service?: string | null;
  readonly priority?: string | null;
  readonly urgency?: string | null;
  readonly createdAt?: string | null;
}

/** Event types that set the incident's state; any other incident.* event leaves it as it was. */
const STATE_OF: Readonly<Record<string, IncidentStatus>> = {
  'incident.triggered': 'triggered',
  'incident.reopened': 'triggered',
  'incident.unacknowledged': 'triggered',
  'incident.acknowledged': 'acknowledged',
  'incident.resolved': 'resolved',
};

/** Event types whose (human) agent took part in the response. */
const RESPONDING = new Set([
  'incident.acknowledged',
  'incident.resolved',
  'incident.annotated',
  'incident.reassigned',
  'incident.delegated',
  'incident.status_update_published',
  'incident.responder.replied',
]);

/** The incident an event belongs to, by the same rule as the normalizer's title. */
export function incidentIdOf(row: Pick<LifecycleRow, 'dataType' | 'id' | 'ref'>): string | undefined {
  const isIncident = row.dataType === 'incident' || row.ref == null;
  return (isIncident ? row.id : row.ref) ?? undefined;
}

/**
 * Priority and urgency changes along the incident's own events (sorted by time). Every incident event
 * carries the incident whole, so a missing priority is "none set" (PagerDuty sends `priority: null`).
 */
export function priorityChanges(incidentRows: readonly LifecycleRow[]): IncidentChange[] {
  const changes: IncidentChange[] = [];
  for (const field of ['priority', 'urgency'] as const) {
    let current: string | null | undefined;
    for (const r of incidentRows) {
      const value = r[field] ?? null;
      if (current !== undefined && value !== current)
        changes.push({ at: r.at, field, from: current, to: value, by: r.agent ?? null });
      current = value;
    }
  }
  return changes.sort((a, b) => a.at.localeCompare(b.at) || a.field.localeCompare(b.field));
}

const seconds = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 1000);

/**
 * Incident records from their events. Time to acknowledge: first acknowledgement after the trigger; time
 * to resolve: the last resolution, when the incident is resolved now (a reopened incident runs on).
 * The trigger time is the `incident.triggered` event, or the incident's `created_at` when that one was
 * not received.
 */
export function foldIncidents(rows: readonly LifecycleRow[]): Omit<IncidentSummary, 'alerts'>[] {
  const byIncident = new Map<string, LifecycleRow[]>();
  for (const row of rows) {
    const id = incidentIdOf(row);
    if (!id) continue;
    const key = JSON.stringify([row.product, id]);
    const list = byIncident.get(key) ?? [];
    list.push(row);
    byIncident.set(key, list);
  }
  const out: Omit<IncidentSummary, 'alerts'>[] = [];
  for (const [key, list] of byIncident) {
    const [product, id] = JSON.parse(key) as [string, string];
    list.sort((a, b) => a.at.localeCompare(b.at) || a.type.localeCompare(b.type));
    const incidentRows = list.filter((r) => r.dataType === 'incident' || r.ref == null);
    const triggered = list.find((r) => r.type === 'incident.triggered')?.at;
    const created = incidentRows.find((r) => r.createdAt)?.createdAt ?? undefined;
    const triggeredAt = triggered ?? (created ? new Date(created).toISOString() : list[0].at);
    let status: IncidentStatus = 'triggered';
    let acknowledgedAt: string | null = null;
    let resolvedAt: string | null = null;
    let escalations = 0;
    const responders = new Set<string>();
    for (const r of list) {
      const state = STATE_OF[r.type];
      if (state) status = state;
      if (r.type === 'incident.acknowledged' && acknowledgedAt === null && r.at >= triggeredAt)
        acknowledgedAt = r.at;
      if (r.type === 'incident.resolved') resolvedAt = r.at;
      if (r.type === 'incident.escalated') escalations++;
      if (r.type === 'incident.responder.added' && r.user) responders.add(r.user);
      if (RESPONDING.has(r.type) && r.agent && r.agentType === 'user_reference') responders.add(r.agent);
    }
    if (status !== 'resolved') resolvedAt = null;
    // The newest incident event describes it best (priority and title may have changed).
    const latest = incidentRows.at(-1) ?? list.at(-1)!;
    const env = list.find((r) => r.env)?.env ?? null;
    out.push({
      id,
      product,
      env,
      number: latest.number ?? null,
      title: latest.title ?? `PagerDuty incident ${id}`,
      url: latest.url ?? null,
      service: latest.service ?? null,
      priority: latest.priority ?? null,
      urgency: latest.urgency ?? null,
      status,
      triggeredAt,
      acknowledgedAt,
      resolvedAt,
      acknowledgeSeconds: acknowledgedAt ? seconds(triggeredAt, acknowledgedAt) : null,
      resolveSeconds: resolvedAt ? seconds(triggeredAt, resolvedAt) : null,
      escalations,
      responders: [...responders].sort(),
      changes: priorityChanges(incidentRows),
    });
  }
  return out.sort((a, b) => b.triggeredAt.localeCompare(a.triggeredAt) || a.id.localeCompare(b.id));
}

/** Mean of the values, rounded to whole seconds; null for none. */
export function meanSeconds(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return Math.round(values.reduce((s, v) => s + v, 0) / values.length);
}
