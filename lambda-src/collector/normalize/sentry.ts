// Sentry integration-platform webhooks (`POST /webhooks/sentry`), told apart by the Sentry-Hook-Resource
// header: issue, error, event_alert and metric_alert.
import * as z from 'zod';
import type { DeliveryContext, NormalizeResult, Severity, Status } from '../normalized-event';
import { explain, fail, isoUtc, lookup, ok, PARSE_OPTIONS, toEvent } from './common';

/** The error event carried by `error` and `event_alert` webhooks. */
const sentryEvent = z.object({
  event_id: z.string().min(1),
  title: z.string().optional(),
  level: z.string().optional(),
  datetime: z.string().optional(),
  timestamp: z.number().optional(),
  web_url: z.string().optional(),
  url: z.string().optional(),
  project: z.union([z.string(), z.number()]).optional(),
});

const issueWebhook = z.object({
  action: z.string().min(1),
  data: z.object({
    issue: z.object({
      id: z.string().min(1),
      title: z.string().optional(),
      shortId: z.string().optional(),
      level: z.string().optional(),
      status: z.string().optional(),
      firstSeen: z.string().optional(),
      lastSeen: z.string().optional(),
      permalink: z.string().nullish(),
      web_url: z.string().nullish(),
      project: z.object({ slug: z.string().optional(), name: z.string().optional() }).optional(),
    }),
  }),
});

const errorWebhook = z.object({ action: z.string().optional(), data: z.object({ error: sentryEvent }) });

const eventAlertWebhook = z.object({
  action: z.string().optional(),
  data: z.object({ event: sentryEvent, triggered_rule: z.string().optional() }),
});

const metricAlertWebhook = z.object({
  action: z.string().min(1),
  data: z.object({
    description_title: z.string().optional(),
    web_url: z.string().optional(),
    metric_alert: z.object({
      id: z.string().min(1),
      title: z.string().optional(),
      date_started: z.string().nullish(),
      date_detected: z.string().nullish(),
      date_closed: z.string().nullish(),
      alert_rule: z
        .object({ name: z.string().optional(), projects: z.array(z.string()).optional() })
        .optional(),
    }),
  }),
});

const LEVELS: Record<string, Severity> = {
  fatal: 'critical',
  error: 'high',
  warning: 'medium',
  info: 'info',
  debug: 'info',
};

/** Sentry levels: fatal critical, error high, warning medium, info/debug info; none → high (Sentry's default is error). */
export function sentryLevelSeverity(level: string | undefined): Severity {
  return lookup(LEVELS, level?.toLowerCase()) ?? 'high';
}

/** Issue actions: resolved/ignored/archived → resolved, assigned → acknowledged, created/unresolved → open. */
export function sentryIssueStatus(action: string, issueStatus: string | undefined): Status {
  switch (action) {
    case 'resolved':
    case 'ignored':
    case 'archived':
      return 'resolved';
    case 'assigned':
      return 'acknowledged';
    case 'created':
    case 'unresolved':
      return 'open';
  }
  return issueStatus === 'resolved' || issueStatus === 'ignored' ? 'resolved' : 'open';
}

/** Metric alert actions: critical → critical, warning → medium (open); resolved → info (resolved). */
export function sentryMetricAlertOutcome(action: string): { severity: Severity; status: Status } {
  switch (action) {
    case 'critical':
      return { severity: 'critical', status: 'open' };
    case 'warning':
      return { severity: 'medium', status: 'open' };
    case 'resolved':
      return { severity: 'info', status: 'resolved' };
    default:
      return { severity: 'info', status: 'info' };
  }
}

/** Project slug from an event's API URL (`.../projects/<org>/<project>/events/...`), else its numeric id. */
function projectOf(e: z.infer<typeof sentryEvent>): string | undefined {
  const slug = e.url ? /\/projects\/[^/]+\/([^/]+)\//.exec(e.url)?.[1] : undefined;
  return slug ?? (e.project !== undefined ? String(e.project) : undefined);
}

function issue(payload: unknown, ctx: DeliveryContext): NormalizeResult {
  const parsed = issueWebhook.safeParse(payload, PARSE_OPTIONS);
  if (!parsed.success) return fail(explain('Sentry issue webhook', parsed.error));
  const { action, data } = parsed.data;
  const i = data.issue;
  // A new issue happened when it was first seen; later actions are dated by its latest event.
  const when = isoUtc(action === 'created' ? (i.firstSeen ?? i.lastSeen) : (i.lastSeen ?? i.firstSeen));
  if (!when) return fail('Sentry issue webhook: data.issue has no firstSeen/lastSeen timestamp');
  const title = i.title?.trim() || i.shortId || `Sentry issue ${i.id}`;
  return ok([
    toEvent(ctx, 'sentry', ['issue', i.id, action, i.lastSeen ?? ''], {
      kind: 'exception',
      severity: sentryLevelSeverity(i.level),
      status: sentryIssueStatus(action, i.status),
      title: action === 'created' ? title : `${title} (${action})`,
      occurredAt: when,
      resource: i.project?.slug ?? i.project?.name,
      url: i.web_url ?? i.permalink ?? undefined,
      raw: payload,
    }),
  ]);
}

function error(payload: unknown, ctx: DeliveryContext): NormalizeResult {
  const parsed = errorWebhook.safeParse(payload, PARSE_OPTIONS);
  if (!parsed.success) return fail(explain('Sentry error webhook', parsed.error));
  const e = parsed.data.data.error;
  const when = isoUtc(e.datetime) ?? isoUtc(e.timestamp);
  if (!when) return fail('Sentry error webhook: data.error has no datetime/timestamp');
  return ok([
    toEvent(ctx, 'sentry', ['error', e.event_id], {
      kind: 'exception',
      severity: sentryLevelSeverity(e.level),
      status: 'open',
      title: e.title?.trim() || `Sentry error ${e.event_id}`,
      occurredAt: when,
      resource: projectOf(e),
      url: e.web_url,
      raw: payload,
    }),
  ]);
}

function eventAlert(payload: unknown, ctx: DeliveryContext): NormalizeResult {
  const parsed = eventAlertWebhook.safeParse(payload, PARSE_OPTIONS);
  if (!parsed.success) return fail(explain('Sentry event_alert webhook', parsed.error));
  const { event: e, triggered_rule: rule } = parsed.data.data;
  const when = isoUtc(e.datetime) ?? isoUtc(e.timestamp);
  if (!when) return fail('Sentry event_alert webhook: data.event has no datetime/timestamp');
  const title = e.title?.trim() || `Sentry event ${e.event_id}`;
  return ok([
    toEvent(ctx, 'sentry', ['event_alert', e.event_id, rule ?? ''], {
      kind: 'alert',
      severity: sentryLevelSeverity(e.level),
      status: 'open',
      title: rule ? `${rule}: ${title}` : title,
      occurredAt: when,
      resource: projectOf(e),
      url: e.web_url,
      raw: payload,
    }),
  ]);
}

function metricAlert(payload: unknown, ctx: DeliveryContext): NormalizeResult {
  const parsed = metricAlertWebhook.safeParse(payload, PARSE_OPTIONS);
  if (!parsed.success) return fail(explain('Sentry metric_alert webhook', parsed.error));
  const { action, data } = parsed.data;
  const m = data.metric_alert;
  const when =
    (action === 'resolved' ? isoUtc(m.date_closed) : undefined) ??
    isoUtc(m.date_detected) ??
    isoUtc(m.date_started);
  if (!when) return fail('Sentry metric_alert webhook: data.metric_alert has no date_detected/date_started');
  const outcome = sentryMetricAlertOutcome(action);
  return ok([
    toEvent(ctx, 'sentry', ['metric_alert', m.id, action, m.date_detected ?? '', m.date_closed ?? ''], {
      kind: 'alert',
      severity: outcome.severity,
      status: outcome.status,
      title: data.description_title?.trim() || m.alert_rule?.name || m.title || `Sentry metric alert ${m.id}`,
      occurredAt: when,
      resource: m.alert_rule?.projects?.[0],
      url: data.web_url,
      raw: payload,
    }),
  ]);
}

const RESOURCES: Readonly<Record<string, (payload: unknown, ctx: DeliveryContext) => NormalizeResult>> = {
  issue,
  error,
  event_alert: eventAlert,
  metric_alert: metricAlert,
};

export function normalizeSentry(payload: unknown, ctx: DeliveryContext): NormalizeResult {
  const resource = ctx.headers['sentry-hook-resource'];
  if (!resource) return fail('Sentry webhook: missing Sentry-Hook-Resource header');
  if (!Object.hasOwn(RESOURCES, resource)) {
    return fail(
      `Sentry webhook: unsupported Sentry-Hook-Resource "${resource}" (expected issue, error, event_alert or metric_alert)`,
    );
  }
  return RESOURCES[resource](payload, ctx);
}
