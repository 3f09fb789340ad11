// PagerDuty v3 webhooks (`POST /webhooks/pagerduty`): `{ event: { id, event_type, occurred_at, data } }`.
// incident.* events become incident documents; other event types (service.*, pagey.ping, ...) are kept as info.
import * as z from 'zod';
import type { DeliveryContext, NormalizeResult, Severity, Status } from '../normalized-event';
import { explain, fail, isoUtc, lookup, ok, PARSE_OPTIONS, PRIORITY_SEVERITY, toEvent } from './common';

const reference = z.object({
  id: z.string().optional(),
  summary: z.string().optional(),
  html_url: z.string().optional(),
});

const data = z.object({
  id: z.string().optional(),
  type: z.string().optional(),
  number: z.number().optional(),
  title: z.string().optional(),
  summary: z.string().optional(),
  name: z.string().optional(),
  status: z.string().optional(),
  urgency: z.string().optional(),
  html_url: z.string().optional(),
  priority: reference.nullish(),
  service: reference.nullish(),
  // Events about something attached to an incident (notes, responders, status updates) carry a reference.
  incident: reference.nullish(),
});

const webhook = z.object({
  event: z.object({
    id: z.string().min(1),
    event_type: z.string().min(1),
    occurred_at: z.string().min(1),
    data: data.nullish(),
  }),
});

/** Priority P1–P5 when set (P1 critical … P5 info), else urgency (high → high, low → low), else info. */
export function pagerDutySeverity(priority: string | undefined, urgency: string | undefined): Severity {
  const byPriority = lookup(PRIORITY_SEVERITY, priority?.trim().toUpperCase());
  if (byPriority) return byPriority;
  if (urgency === 'high') return 'high';
  if (urgency === 'low') return 'low';
  return 'info';
}

/**
 * Lifecycle event types decide the status; other incident.* events report the incident's own `status`
 * (triggered → open, acknowledged → acknowledged, resolved → resolved), or info when they carry none.
 */
export function pagerDutyStatus(eventType: string, incidentStatus: string | undefined): Status {
  switch (eventType) {
    case 'incident.triggered':
    case 'incident.reopened':
    case 'incident.unacknowledged':
      return 'open';
    case 'incident.acknowledged':
      return 'acknowledged';
    case 'incident.resolved':
      return 'resolved';
  }
  switch (incidentStatus) {
    case 'triggered':
      return 'open';
    case 'acknowledged':
      return 'acknowledged';
    case 'resolved':
      return 'resolved';
    default:
      return 'info';
  }
}

export function normalizePagerDuty(payload: unknown, ctx: DeliveryContext): NormalizeResult {
  const parsed = webhook.safeParse(payload, PARSE_OPTIONS);
  if (!parsed.success) return fail(explain('PagerDuty v3 webhook', parsed.error));
  const { event } = parsed.data;
  const d = event.data ?? {};
  const when = isoUtc(event.occurred_at);
  if (!when)
    return fail(
      `PagerDuty v3 webhook: event.occurred_at ${JSON.stringify(event.occurred_at)} is not a timestamp`,
    );
  const what = event.event_type.replace(/^incident\./, '').replace(/[._]/g, ' ');

  if (event.event_type.startsWith('incident.')) {
    const isIncident = d.type === 'incident' || d.incident == null;
    const title = isIncident ? d.title : d.incident?.summary;
    const number = isIncident && d.number !== undefined ? `#${d.number} ` : '';
    return ok([
      toEvent(ctx, 'pagerduty', [event.id], {
        kind: 'incident',
        severity: pagerDutySeverity(d.priority?.summary, d.urgency),
        status: pagerDutyStatus(event.event_type, isIncident ? d.status : undefined),
        title: `${number}${title?.trim() || `PagerDuty incident ${d.id ?? d.incident?.id ?? ''}`.trim()} (${what})`,
        occurredAt: when,
        resource: d.service?.summary,
        url: (isIncident ? d.html_url : d.incident?.html_url) ?? undefined,
        raw: payload,
      }),
    ]);
  }

  const subject = d.summary ?? d.name ?? d.title ?? d.id;
  return ok([
    toEvent(ctx, 'pagerduty', [event.id], {
      kind: 'incident',
      severity: 'info',
      status: 'info',
      title: `PagerDuty ${event.event_type}${subject ? `: ${subject}` : ''}`,
      occurredAt: when,
      resource: d.summary ?? d.name,
      url: d.html_url,
      raw: payload,
    }),
  ]);
}
