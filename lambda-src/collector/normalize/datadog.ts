// Datadog webhooks (`POST /webhooks/datadog`): the JSON rendered from DATADOG_WEBHOOK_PAYLOAD
// (constructs/datadog/webhook-payload.ts), or Datadog's default payload (id, title, date, body, ...).
import * as z from 'zod';
import type { DeliveryContext, NormalizeResult, Severity, Status } from '../normalized-event';
import { explain, fail, isoUtc, lookup, ok, PARSE_OPTIONS, PRIORITY_SEVERITY, toEvent } from './common';

const text = z.union([z.string(), z.number()]).nullish();

/** Field names are those of DATADOG_WEBHOOK_PAYLOAD; all but `id` may be missing or unrendered. */
const webhook = z.object({
  id: z.union([z.string().min(1), z.number()]),
  event_type: text,
  transition: text,
  alert_id: text,
  alert_type: text,
  alert_priority: text,
  alert_title: text,
  alert_query: text,
  alert_scope: text,
  title: text,
  body: text,
  date: text,
  last_updated: text,
  link: text,
  hostname: text,
});

/** A rendered value, or undefined for absent, empty and unrendered (`$HOSTNAME`) or null-like ones. */
function value(v: string | number | null | undefined): string | undefined {
  if (v === null || v === undefined) return undefined;
  const s = String(v).trim();
  if (!s || /^\$[A-Z_]+$/.test(s) || s === 'None' || s === 'null') return undefined;
  return s;
}

export type DatadogTransition = 'triggered' | 'warn' | 'no_data' | 'recovered' | 'other';

/**
 * `$ALERT_TRANSITION` (Triggered/Re-Triggered, Warn/Re-Warn, No Data/Re-No Data, Recovered, Renotify, Null),
 * else the `[Triggered]`-style prefix of the title, else `$ALERT_TYPE` (error, warning, success).
 */
export function datadogTransition(
  transition: string | undefined,
  title: string | undefined,
  alertType: string | undefined,
): DatadogTransition {
  const fromText = (t: string): DatadogTransition | undefined => {
    const s = t.toLowerCase();
    if (s.includes('recover')) return 'recovered';
    if (s.includes('no data')) return 'no_data';
    if (s.includes('warn')) return 'warn';
    if (s.includes('trigger') || s.includes('renotify')) return 'triggered';
    return undefined;
  };
  if (transition) return fromText(transition) ?? 'other';
  const prefix = title ? /^\s*(?:\[P\d\]\s*)?\[([^\]]+)\]/.exec(title) : null;
  const fromTitle = prefix ? fromText(prefix[1]) : undefined;
  if (fromTitle) return fromTitle;
  switch (alertType) {
    case 'error':
      return 'triggered';
    case 'warning':
      return 'warn';
    case 'success':
      return 'recovered';
    default:
      return 'other';
  }
}

/**
 * triggered/renotify → the monitor priority (P1 critical … P5 info; none → high), open;
 * warn → medium, open; no data → low, open; recovered → info, resolved; anything else → info, info.
 */
export function datadogOutcome(
  transition: DatadogTransition,
  priority: string | undefined,
): { severity: Severity; status: Status } {
  switch (transition) {
    case 'triggered':
      return { severity: lookup(PRIORITY_SEVERITY, priority?.toUpperCase()) ?? 'high', status: 'open' };
    case 'warn':
      return { severity: 'medium', status: 'open' };
    case 'no_data':
      return { severity: 'low', status: 'open' };
    case 'recovered':
      return { severity: 'info', status: 'resolved' };
    default:
      return { severity: 'info', status: 'info' };
  }
}

/** SLO alerts: an `slo` event type, or a monitor query on an SLO's error budget or burn rate. */
export function isSloAlert(eventType: string | undefined, query: string | undefined): boolean {
  return (
    (eventType !== undefined && /slo/i.test(eventType)) ||
    (query !== undefined && /^\s*(?:error_budget|burn_rate)\s*\(/.test(query))
  );
}

// The monitor's status link inside Datadog's default message body, when the template has no $LINK.
const MONITOR_LINK = /https:\/\/[a-z0-9.-]*datadoghq\.[a-z]+\/monitors\/\d+[^\s)\]]*/;

export function normalizeDatadog(payload: unknown, ctx: DeliveryContext): NormalizeResult {
  const parsed = webhook.safeParse(payload, PARSE_OPTIONS);
  if (!parsed.success) return fail(explain('Datadog webhook', parsed.error));
  const p = parsed.data;
  const id = value(p.id);
  if (!id) return fail(`Datadog webhook: id ${JSON.stringify(p.id)} is not a rendered event id ($ID)`);
  const title = value(p.title) ?? value(p.alert_title);
  if (!title)
    return fail('Datadog webhook: neither title ($EVENT_TITLE) nor alert_title ($ALERT_TITLE) is set');
  const rawDate = value(p.date) ?? value(p.last_updated);
  const when = isoUtc(rawDate);
  if (!when)
    return fail(
      `Datadog webhook: date ${JSON.stringify(p.date ?? p.last_updated)} is not an epoch timestamp ($DATE)`,
    );
  const transition = datadogTransition(value(p.transition), title, value(p.alert_type));
  const body = value(p.body);
  const outcome = datadogOutcome(transition, value(p.alert_priority));
  return ok([
    toEvent(ctx, 'datadog', [id], {
      kind: isSloAlert(value(p.event_type), value(p.alert_query)) ? 'slo' : 'alert',
      severity: outcome.severity,
      status: outcome.status,
      title,
      occurredAt: when,
      resource: value(p.hostname) ?? value(p.alert_scope),
      url: value(p.link) ?? (body ? MONITOR_LINK.exec(body)?.[0] : undefined),
      raw: payload,
    }),
  ]);
}
