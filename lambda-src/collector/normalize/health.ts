// AWS Health events (`aws.health` / `AWS Health Event`): one `health` document per event update.
import * as z from 'zod';
import type { Severity, Status } from '../normalized-event';
import { explain, fail, firstLine, lookup, ok, PARSE_OPTIONS, toEvent } from './common';
import { type EventNormalizer, firstResource, noTime, occurredAt } from './envelope';

/** Only the fields the normalizer reads; the rest of the event is kept in `raw`. */
const healthDetail = z.object({
  eventArn: z.string().min(1),
  service: z.string().optional(),
  eventTypeCode: z.string().optional(),
  eventTypeCategory: z.string().min(1),
  statusCode: z.string().optional(),
  startTime: z.string().optional(),
  endTime: z.string().optional(),
  lastUpdatedTime: z.string().optional(),
  eventRegion: z.string().optional(),
  affectedAccount: z.string().optional(),
  eventDescription: z
    .array(z.object({ language: z.string().optional(), latestDescription: z.string().optional() }))
    .optional(),
  affectedEntities: z.array(z.object({ entityValue: z.string().optional() })).optional(),
});

const CATEGORY_SEVERITY: Readonly<Record<string, Severity>> = { issue: 'high', scheduledchange: 'medium' };

/**
 * docs/normalized-event.md: `eventTypeCategory` issue → high, scheduledChange → medium, accountNotification
 * (and anything else) → info; `statusCode` closed → resolved, otherwise an issue or scheduled change is
 * open and the rest is information. AWS documents the category in camel case; it is compared ignoring case.
 */
export function healthOutcome(
  category: string,
  statusCode: string | undefined,
): { severity: Severity; status: Status } {
  const severity = lookup(CATEGORY_SEVERITY, category.toLowerCase()) ?? 'info';
  if (statusCode?.toLowerCase() === 'closed') return { severity, status: 'resolved' };
  return { severity, status: severity === 'info' ? 'info' : 'open' };
}

type Description = NonNullable<z.infer<typeof healthDetail>['eventDescription']>;

/** The English description when there is one, else the first one. */
function description(descriptions: Description | undefined): string | undefined {
  const chosen = descriptions?.find((d) => d.language === 'en_US') ?? descriptions?.[0];
  const text = chosen?.latestDescription ? firstLine(chosen.latestDescription) : '';
  return text || undefined;
}

export const normalizeHealth: EventNormalizer = (event, payload, ctx) => {
  const parsed = healthDetail.safeParse(event.detail, PARSE_OPTIONS);
  if (!parsed.success) return fail(explain('AWS Health event', parsed.error, 'detail'));
  const d = parsed.data;
  // Health dates read "Sat, 05 Jun 2016 15:10:09 GMT"; an update is dated by its last change.
  const when = occurredAt(event, d.lastUpdatedTime, d.startTime);
  if (!when) return fail(noTime('AWS Health event', event));
  const outcome = healthOutcome(d.eventTypeCategory, d.statusCode);
  const what = [d.service, d.eventTypeCode].filter(Boolean).join(' ') || d.eventTypeCategory;
  const text = description(d.eventDescription);
  const account = d.affectedAccount ?? event.account;
  return ok([
    // Health sends an event again when it changes (new description, closed): each update is a document.
    toEvent(ctx, 'health', [d.eventArn, account ?? '', d.lastUpdatedTime ?? event.id], {
      kind: 'health',
      severity: outcome.severity,
      status: outcome.status,
      title: `AWS Health ${what}${text ? `: ${text}` : ''}`,
      occurredAt: when,
      account,
      region: d.eventRegion ?? event.region,
      resource: d.affectedEntities?.find((e) => e.entityValue)?.entityValue ?? firstResource(event),
      url: `https://health.aws.amazon.com/health/home#/account/event-log?eventID=${encodeURIComponent(d.eventArn)}`,
      raw: payload,
    }),
  ]);
};
