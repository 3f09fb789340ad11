// Incidents as records: PagerDuty webhook events grouped per incident event in the database, folded into
// incidents here (incident-lifecycle.ts), with the Datadog alerts that paged them and MTTA / MTTR.
// FerretDB 1.24 implements `$sum` as the only `$group` accumulator and no expression operators ($min,
// $first, $cond, $ifNull, $subtract are all refused), so the database does what both servers can: the
// index range on (product, kind, occurredAt), the reduction of each event to a few key fields of its raw
// payload, and the grouping of duplicate deliveries. What remains (a handful of rows per incident) is
// folded here; no raw payload leaves the database.
import type { Collection, Filter } from 'mongodb';
import type {
  EventSummary,
  IncidentDetailResponse,
  IncidentSummary,
  IncidentsResponse,
  LinkedAlert,
  ProductReliability,
  ReliabilityResponse,
  ReliabilityWindow,
} from './api-types';
import { envFilter } from './environment';
import { SUMMARY_PROJECTION } from './events';
import { foldIncidents, type LifecycleRow, meanSeconds } from './incident-lifecycle';
import { oneOf } from './one-of';
import { type EventDocument, QUERY_MAX_TIME_MS, storedTime } from './store';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** Windows of the MTTA / MTTR figures. */
export const RELIABILITY_WINDOWS_DAYS = [7, 30, 90] as const;
/** Incidents one list answers with, newest first. */
export const MAX_INCIDENTS = 500;
/** Lifecycle rows one query reads; beyond, the answer says it is truncated. */
export const MAX_LIFECYCLE_ROWS = 50_000;
/** A Datadog alert links to an incident triggered up to this long after it (or LINK_AFTER before it). */
export const LINK_BEFORE_MS = 15 * MINUTE_MS;
export const LINK_AFTER_MS = 2 * MINUTE_MS;
/** The detail's event window: the incident window widened by this margin on both sides. */
export const DETAIL_MARGIN_MS = 30 * MINUTE_MS;
export const MAX_DETAIL_EVENTS = 500;
/** Datadog monitors page PagerDuty by mentioning the service in their message. */
const PAGING_MENTION = '@pagerduty-';

export interface IncidentScope {
  readonly product?: readonly string[];
  readonly env?: readonly string[];
}

/** The key fields of every PagerDuty incident event of the scope since `from`, one row per event. */
export async function lifecycleRows(
  events: Collection<EventDocument>,
  match: Filter<EventDocument>,
): Promise<{ rows: LifecycleRow[]; truncated: boolean }> {
  const grouped = await events
    .aggregate<{ _id: LifecycleRow }>(
      [
        { $match: { source: 'pagerduty', kind: 'incident', ...match } },
        {
          $group: {
            _id: {
              product: '$product',
              env: '$env',
              at: '$occurredAt',
              type: '$raw.event.event_type',
              dataType: '$raw.event.data.type',
              id: '$raw.event.data.id',
              ref: '$raw.event.data.incident.id',
              agent: '$raw.event.agent.summary',
              agentType: '$raw.event.agent.type',
              user: '$raw.event.data.user.summary',
              number: '$raw.event.data.number',
              title: '$raw.event.data.title',
              url: '$raw.event.data.html_url',
              service: '$raw.event.data.service.summary',
              priority: '$raw.event.data.priority.summary',
              urgency: '$raw.event.data.urgency',
              createdAt: '$raw.event.data.created_at',
            },
            n: { $sum: 1 },
          },
        },
        { $limit: MAX_LIFECYCLE_ROWS + 1 },
      ],
      { maxTimeMS: QUERY_MAX_TIME_MS },
    )
    .toArray();
  const rows = grouped.map((g) => g._id).filter((r) => typeof r.type === 'string');
  return { rows: rows.slice(0, MAX_LIFECYCLE_ROWS), truncated: grouped.length > MAX_LIFECYCLE_ROWS };
}

function scopeMatch(scope: IncidentScope): Filter<EventDocument> {
  return {
    ...(scope.product ? { product: oneOf(scope.product) } : {}),
    ...envFilter(scope.env),
  };
}

interface AlertRow {
  readonly _id: {
    readonly id: string;
    readonly product: string;
    readonly env?: string | null;
    readonly at: string;
    readonly title: string;
    readonly url?: string | null;
  };
}

/** Datadog alerts that paged PagerDuty in [from, to), per product and env. */
async function pagingAlerts(
  events: Collection<EventDocument>,
  scope: IncidentScope,
  from: Date,
  to: Date,
): Promise<AlertRow['_id'][]> {
  const rows = await events
    .aggregate<AlertRow>(
      [
        {
          $match: {
            ...scopeMatch(scope),
            kind: 'alert',
            source: 'datadog',
            status: 'open',
            occurredAt: { $gte: storedTime(from), $lt: storedTime(to) },
            'raw.body': { $regex: PAGING_MENTION },
          },
        },
        {
          $group: {
            _id: {
              id: '$_id',
              product: '$product',
              env: '$env',
              at: '$occurredAt',
              title: '$title',
              url: '$url',
            },
          },
        },
        { $limit: MAX_LIFECYCLE_ROWS },
      ],
      { maxTimeMS: QUERY_MAX_TIME_MS },
    )
    .toArray();
  return rows.map((r) => r._id);
}

/** Alerts of the same product and env that fired from LINK_BEFORE before to LINK_AFTER after the trigger. */
export function linkAlerts(
  incident: Omit<IncidentSummary, 'alerts'>,
  alerts: readonly AlertRow['_id'][],
): LinkedAlert[] {
  const t = Date.parse(incident.triggeredAt);
  return alerts
    .filter(
      (a) =>
        a.product === incident.product &&
        (a.env ?? null) === incident.env &&
        Date.parse(a.at) >= t - LINK_BEFORE_MS &&
        Date.parse(a.at) <= t + LINK_AFTER_MS,
    )
    .sort((a, b) => a.at.localeCompare(b.at))
    .map((a) => ({ id: a.id, title: a.title, occurredAt: a.at, url: a.url ?? null }));
}

/** Incidents triggered in [now - days, now), each with its linked alerts. */
async function incidentsSince(
  events: Collection<EventDocument>,
  scope: IncidentScope,
  from: Date,
  to: Date,
): Promise<{ incidents: IncidentSummary[]; truncated: boolean }> {
  // Events from `from` on: an incident triggered earlier is not listed even if it changed since.
  const { rows, truncated } = await lifecycleRows(events, {
    ...scopeMatch(scope),
    occurredAt: { $gte: storedTime(from) },
  });
  const folded = foldIncidents(rows).filter(
    (i) => i.triggeredAt >= storedTime(from) && i.triggeredAt < storedTime(to),
  );
  const alerts =
    folded.length > 0 ? await pagingAlerts(events, scope, new Date(from.getTime() - LINK_BEFORE_MS), to) : [];
  return { incidents: folded.map((i) => ({ ...i, alerts: linkAlerts(i, alerts) })), truncated };
}

export async function listIncidents(
  events: Collection<EventDocument>,
  params: IncidentScope & { readonly days: number },
  now: Date,
): Promise<IncidentsResponse> {
  const from = new Date(now.getTime() - params.days * DAY_MS);
  const { incidents, truncated } = await incidentsSince(events, params, from, now);
  return {
    from: from.toISOString(),
    to: now.toISOString(),
    incidents: incidents.slice(0, MAX_INCIDENTS),
    truncated: truncated || incidents.length > MAX_INCIDENTS,
  };
}

/** MTTA / MTTR per product environment over the last 7, 30 and 90 days (one read of 90 days). */
export async function reliability(
  events: Collection<EventDocument>,
  scope: IncidentScope,
  now: Date,
  knownProducts: readonly string[] = [],
): Promise<ReliabilityResponse> {
  const longest = Math.max(...RELIABILITY_WINDOWS_DAYS);
  const { rows } = await lifecycleRows(events, {
    ...scopeMatch(scope),
    occurredAt: { $gte: storedTime(new Date(now.getTime() - longest * DAY_MS)) },
  });
  const incidents = foldIncidents(rows);
  const keys = new Map<string, { product: string; env: string | null }>();
  for (const p of knownProducts)
    if (!scope.product || scope.product.includes(p))
      keys.set(JSON.stringify([p, null]), { product: p, env: null });
  for (const i of incidents) {
    keys.delete(JSON.stringify([i.product, null]));
    keys.set(JSON.stringify([i.product, i.env]), { product: i.product, env: i.env });
  }
  const products: ProductReliability[] = [...keys.values()]
    .sort((a, b) => a.product.localeCompare(b.product) || (a.env ?? '').localeCompare(b.env ?? ''))
    .map(({ product, env }) => ({
      product,
      env,
      windows: RELIABILITY_WINDOWS_DAYS.map((days): ReliabilityWindow => {
        const since = storedTime(new Date(now.getTime() - days * DAY_MS));
        const inWindow = incidents.filter(
          (i) =>
            i.product === product &&
            i.env === env &&
            i.triggeredAt >= since &&
            i.triggeredAt < storedTime(now),
        );
        const acked = inWindow.flatMap((i) => (i.acknowledgeSeconds === null ? [] : [i.acknowledgeSeconds]));
        const resolved = inWindow.flatMap((i) => (i.resolveSeconds === null ? [] : [i.resolveSeconds]));
        return {
          days,
          incidents: inWindow.length,
          acknowledged: acked.length,
          resolved: resolved.length,
          mttaSeconds: meanSeconds(acked),
          mttrSeconds: meanSeconds(resolved),
        };
      }),
    }));
  return { to: now.toISOString(), products };
}

/** One incident with its linked alerts and every event of its product/env in its window ± the margin. */
export async function incidentDetail(
  events: Collection<EventDocument>,
  id: string,
  scope: IncidentScope,
  now: Date,
): Promise<IncidentDetailResponse | null> {
  const { rows } = await lifecycleRows(events, {
    ...scopeMatch(scope),
    $or: [{ 'raw.event.data.id': id }, { 'raw.event.data.incident.id': id }],
  } as Filter<EventDocument>);
  const folded = foldIncidents(rows).find((i) => i.id === id);
  if (!folded) return null;
  const windowFrom = new Date(Date.parse(folded.triggeredAt) - DETAIL_MARGIN_MS);
  const end = folded.resolvedAt ? Date.parse(folded.resolvedAt) : now.getTime();
  const windowTo = new Date(end + DETAIL_MARGIN_MS);
  const here: IncidentScope = { product: [folded.product], env: [folded.env ?? 'unattributed'] };
  const alerts = await pagingAlerts(
    events,
    here,
    new Date(Date.parse(folded.triggeredAt) - LINK_BEFORE_MS),
    new Date(Date.parse(folded.triggeredAt) + LINK_AFTER_MS + 1),
  );
  const around = await events
    .find(
      { ...scopeMatch(here), occurredAt: { $gte: storedTime(windowFrom), $lt: storedTime(windowTo) } },
      {
        projection: SUMMARY_PROJECTION,
        sort: { occurredAt: 1, _id: 1 },
        limit: MAX_DETAIL_EVENTS + 1,
        maxTimeMS: QUERY_MAX_TIME_MS,
      },
    )
    .toArray();
  return {
    incident: { ...folded, alerts: linkAlerts(folded, alerts) },
    windowFrom: windowFrom.toISOString(),
    windowTo: windowTo.toISOString(),
    events: around.slice(0, MAX_DETAIL_EVENTS) as unknown as EventSummary[],
    eventsTruncated: around.length > MAX_DETAIL_EVENTS,
  };
}
