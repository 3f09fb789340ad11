// Events from toil automation (patching, log cleanup, Config triage, ...) put on the product account's
// default bus under the product's custom source. The `detail` schema is this project's own (docs/normalizers.md).
import * as z from 'zod';
import { SEVERITIES, type Severity, type Status } from '../normalized-event';
import { explain, fail, ok, PARSE_OPTIONS, toEvent } from './common';
import { type EventNormalizer, noTime, occurredAt } from './envelope';

export const TOIL_STATUSES = ['started', 'succeeded', 'failed', 'needs_attention', 'resolved'] as const;
export type ToilStatus = (typeof TOIL_STATUSES)[number];

/** The `detail` of a toil event. Extra fields are allowed and kept in `raw`. */
export const toilDetail = z.object({
  /** What the job does, e.g. `patch-instances`. */
  action: z.string().min(1),
  status: z.enum(TOIL_STATUSES),
  /** One line for humans, e.g. `Patched 12 of 12 instances`. */
  summary: z.string().min(1),
  /** Overrides the default derived from `status`. */
  severity: z.enum(SEVERITIES).optional(),
  /** What it acted on (an ARN, an instance id, a log group). */
  resource: z.string().optional(),
  /** Link to the run (logs, ticket). */
  url: z
    .string()
    .regex(/^https?:\/\//, 'must be an http(s) URL')
    .optional(),
  /** When it happened, ISO 8601; defaults to the event's `time`. */
  occurredAt: z.string().optional(),
});

/** failed / needs_attention → open (someone must act), resolved → resolved, started / succeeded → info. */
export function toilOutcome(
  status: ToilStatus,
  severity: Severity | undefined,
): { severity: Severity; status: Status } {
  switch (status) {
    case 'failed':
    case 'needs_attention':
      return { severity: severity ?? 'medium', status: 'open' };
    case 'resolved':
      return { severity: severity ?? 'info', status: 'resolved' };
    default:
      return { severity: severity ?? 'info', status: 'info' };
  }
}

export const normalizeToil: EventNormalizer = (event, payload, ctx) => {
  const parsed = toilDetail.safeParse(event.detail, PARSE_OPTIONS);
  if (!parsed.success) {
    return fail(explain(`toil event from custom source "${event.source}"`, parsed.error, 'detail'));
  }
  const d = parsed.data;
  const when = occurredAt(event, d.occurredAt);
  if (!when) return fail(noTime('toil event', event));
  const outcome = toilOutcome(d.status, d.severity);
  return ok([
    toEvent(ctx, 'toil', [event.id], {
      kind: 'toil',
      severity: outcome.severity,
      status: outcome.status,
      title: `${d.action}: ${d.summary}`,
      occurredAt: when,
      account: event.account,
      region: event.region,
      resource: d.resource,
      url: d.url,
      raw: payload,
    }),
  ]);
};
