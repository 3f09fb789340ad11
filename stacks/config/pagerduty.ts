import { z } from 'zod';
import { INCIDENT_TIMEOUT_DEFAULTS } from '../../constructs/pagerduty/pagerduty-service';
import type {
  CollectorEndpoint,
  ProductEscalationRule,
  ProductPagerdutyProps,
} from '../../constructs/pagerduty/product-pagerduty';
import { closestKey } from './problems';

// Users, schedules, services and policies have 7-character ids: "P" and 6 of A-Z 0-9 (e.g. PXPGF42).
// Longer "Q…"/"R…" ids are used for incidents and log entries, never for users or schedules.
export const PAGERDUTY_ID = /^P[0-9A-Z]{6}$/;

const pagerdutyId = (what: string) =>
  z.string({ error: `must be a PagerDuty ${what} id such as PABC123` }).regex(PAGERDUTY_ID, {
    error: `must be a PagerDuty ${what} id: "P" followed by 6 upper-case letters or digits (e.g. PABC123)`,
  });

const isTimeZone = (tz: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return tz.length > 0;
  } catch {
    return false;
  }
};

const timeZone = z
  .string({ error: 'must be an IANA time zone such as Asia/Tokyo' })
  .refine(isTimeZone, { error: 'must be an IANA time zone such as Asia/Tokyo or Europe/Berlin' });

/** Config names of schedules double as construct ids and PagerDuty names. */
const scheduleName = z.string({ error: 'must be a string' }).regex(/^[a-z][a-z0-9-]{0,39}$/, {
  error: 'must be 1-40 of a-z 0-9 "-", starting with a letter (e.g. primary)',
});

/** PagerDuty's escalation delay minimum (its API refuses 0). */
export const MIN_ESCALATION_DELAY_MINUTES = 1;

const TARGET_KINDS = ['user', 'scheduleId', 'schedule'] as const;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** One target of an escalation rule: exactly one of user, scheduleId, schedule. */
export const escalationTargetConfig = z.strictObject({
  /** A PagerDuty user, by id. */
  user: pagerdutyId('user').optional(),
  /** An existing PagerDuty schedule, by id. */
  scheduleId: pagerdutyId('schedule').optional(),
  /** One of this product's `schedules`, by name. */
  schedule: scheduleName.optional(),
});

const escalationRuleConfig = z.strictObject({
  /** Minutes before an unacknowledged incident escalates away from this level. */
  delayMinutes: z
    .number({ error: 'must be a number of minutes' })
    .int({ error: 'must be a whole number of minutes' })
    .min(MIN_ESCALATION_DELAY_MINUTES, {
      error: `must be at least ${MIN_ESCALATION_DELAY_MINUTES} minute (PagerDuty's minimum escalation delay)`,
    }),
  /** Who is notified at this level, all at once. */
  targets: z
    .array(escalationTargetConfig, {
      error: 'must be a list of targets ({ user }, { scheduleId } or { schedule })',
    })
    .min(1, { error: 'must list at least one target' })
    .max(10, { error: 'must list at most 10 targets (PagerDuty limit per rule)' }),
});

export const escalationConfig = z.strictObject({
  /** How many times the policy repeats when nobody acknowledges. @default 0 */
  loops: z
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(0, { error: 'must be from 0 to 9' })
    .max(9, { error: 'must be from 0 to 9 (PagerDuty repeats a policy at most 9 times)' })
    .default(0),
  /** Ordered levels, first notified first. */
  rules: z.array(escalationRuleConfig, { error: 'must be a list of rules' }),
});

const onCallLayerConfig = z.strictObject({
  /** @default - "Layer <n>" */
  name: z.string().min(1).optional(),
  /** PagerDuty user ids, in rotation order. */
  users: z.array(pagerdutyId('user')).min(1, { error: 'must list at least one user' }),
  /** Length of one on-call turn in hours (168 = weekly). */
  rotationTurnLengthHours: z
    .number({ error: 'must be a number of hours' })
    .int({ error: 'must be a whole number of hours' })
    .min(1, { error: 'must be at least 1 hour' }),
  /** ISO 8601 instant with offset that anchors the rotation: hand-offs happen at this time of day/week. */
  rotationVirtualStart: z
    .string({ error: 'must be an ISO 8601 date-time with offset' })
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$/, {
      error: 'must be an ISO 8601 date-time with offset, e.g. 2026-01-05T09:00:00+09:00',
    })
    .refine((s) => !Number.isNaN(Date.parse(s)), { error: 'must be a real date and time' }),
});

export const onCallScheduleConfig = z.strictObject({
  /** Name rules refer to (`{ schedule: <name> }`); PagerDuty shows `<product> <name> (<env>)`. */
  name: scheduleName,
  /** IANA time zone the schedule is shown in. */
  timeZone,
  /** Layers, lowest first. */
  layers: z.array(onCallLayerConfig).min(1, { error: 'must list at least one layer' }),
});

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;

const timeOfDay = z.string({ error: 'must be a time of day HH:MM' }).regex(TIME_OF_DAY, {
  error: 'must be a time of day HH:MM (24-hour, e.g. 09:00)',
});

export const supportHoursConfig = z.strictObject({
  /** IANA time zone of the support hours. */
  timeZone,
  /** Days with support hours. */
  days: z
    .array(z.enum(WEEKDAYS, { error: `must be one of ${WEEKDAYS.join(', ')}` }))
    .min(1, { error: 'must list at least one day' }),
  /** Start of support hours, HH:MM. */
  start: timeOfDay,
  /** End of support hours, HH:MM (after start). */
  end: timeOfDay,
});

const timeoutSeconds = (fallback: number) =>
  z
    .number({ error: 'must be a number of seconds, or null to disable' })
    .int({ error: 'must be a whole number of seconds' })
    .min(1, { error: 'must be at least 1 second (null disables it)' })
    .nullable()
    .default(fallback);

/** Per-product PagerDuty settings: one service per product account, paged by the product's monitors. */
function unknownScheduleMessage(name: string, defined: string[]): string {
  const hint = closestKey(name, defined);
  return `unknown schedule${hint ? ` (did you mean "${hint}"?)` : ''}; defined schedules: ${defined.length ? defined.join(', ') : 'none'}`;
}

export const pagerdutyConfig = z
  .strictObject({
    /** Whether the product pages anyone at all. @default true */
    pages: z.boolean({ error: 'must be true or false' }).default(true),
    /** Base name of the service and escalation policy; the env is appended. @default - the product name */
    serviceName: z.string().min(1, { error: 'must not be empty' }).max(200).optional(),
    /** Who is paged, in order. Required when the product pages. */
    escalation: escalationConfig.optional(),
    /** On-call schedules created for the product, which escalation rules can target by name. @default [] */
    schedules: z.array(onCallScheduleConfig).default([]),
    /** Seconds before an acknowledged, still open incident triggers again; null disables. @default 1800 */
    acknowledgementTimeoutSeconds: timeoutSeconds(INCIDENT_TIMEOUT_DEFAULTS.acknowledgementTimeoutSeconds),
    /** Seconds before an open incident is resolved automatically; null disables. @default 14400 */
    autoResolveTimeoutSeconds: timeoutSeconds(INCIDENT_TIMEOUT_DEFAULTS.autoResolveTimeoutSeconds),
    /**
     * When set, incidents are high urgency in support hours and low urgency (no escalation) outside them.
     * @default - always high urgency
     */
    supportHours: supportHoursConfig.optional(),
  })
  // Runs even when fields above failed (`when`), so that every problem is reported at once; it therefore
  // reads the value defensively.
  .superRefine(
    (value, ctx) => {
      const pd = value as unknown as Record<string, unknown>;
      const escalation = isRecord(pd.escalation) ? pd.escalation : undefined;
      const rules = Array.isArray(escalation?.rules) ? (escalation.rules as unknown[]) : [];
      const hasTarget = (r: unknown) => isRecord(r) && Array.isArray(r.targets) && r.targets.length > 0;
      if (pd.pages !== false && !rules.some(hasTarget)) {
        ctx.addIssue({
          code: 'custom',
          path: escalation ? ['escalation', 'rules'] : ['escalation'],
          message:
            'a product that pages needs at least one escalation rule with a target (or set pages: false)',
          input: escalation ? escalation.rules : undefined,
        });
      }

      const names = new Set<string>();
      (Array.isArray(pd.schedules) ? pd.schedules : []).forEach((s: unknown, i) => {
        if (!isRecord(s) || typeof s.name !== 'string') return;
        if (names.has(s.name)) {
          ctx.addIssue({
            code: 'custom',
            path: ['schedules', i, 'name'],
            message: 'duplicate schedule name; schedule names must be unique within a product',
            input: s.name,
          });
        }
        names.add(s.name);
      });

      rules.forEach((rule, r) => {
        if (!isRecord(rule) || !Array.isArray(rule.targets)) return;
        rule.targets.forEach((target: unknown, t) => {
          if (!isRecord(target)) return;
          const kinds = TARGET_KINDS.filter((k) => target[k] !== undefined);
          if (kinds.length !== 1) {
            ctx.addIssue({
              code: 'custom',
              path: ['escalation', 'rules', r, 'targets', t],
              message: `must have exactly one of ${TARGET_KINDS.join(', ')}`,
              input: target,
            });
          }
          if (typeof target.schedule === 'string' && !names.has(target.schedule)) {
            ctx.addIssue({
              code: 'custom',
              path: ['escalation', 'rules', r, 'targets', t, 'schedule'],
              message: unknownScheduleMessage(target.schedule, [...names]),
              input: target.schedule,
            });
          }
        });
      });

      const hours = isRecord(pd.supportHours) ? pd.supportHours : undefined;
      const valid = (t: unknown): t is string => typeof t === 'string' && TIME_OF_DAY.test(t);
      if (hours && valid(hours.start) && valid(hours.end) && hours.end <= hours.start) {
        ctx.addIssue({
          code: 'custom',
          path: ['supportHours', 'end'],
          message: `must be after start (${hours.start}); support hours cannot span midnight`,
          input: hours.end,
        });
      }
    },
    { when: () => true },
  );

export type PagerdutyConfig = z.infer<typeof pagerdutyConfig>;
export type EscalationTargetConfig = z.infer<typeof escalationTargetConfig>;
export type SupportHoursConfig = z.infer<typeof supportHoursConfig>;

const WEEKDAY_NUMBER: Record<(typeof WEEKDAYS)[number], number> = {
  mon: 1,
  tue: 2,
  wed: 3,
  thu: 4,
  fri: 5,
  sat: 6,
  sun: 7,
};

/**
 * The construct props of a product account's PagerDuty section (`undefined` when the account gets no
 * service). `lowUrgency` (a non-paging environment that keeps a service) makes every incident low urgency.
 */
export function productPagerdutyProps(
  config: PagerdutyConfig & { readonly lowUrgency?: boolean },
  where: { readonly product: string; readonly env: string; readonly collector: CollectorEndpoint },
): ProductPagerdutyProps | undefined {
  if (!config.pages || !config.escalation) return undefined;
  const hours = config.supportHours;
  return {
    product: where.product,
    env: where.env,
    collector: where.collector,
    serviceName: config.serviceName,
    loops: config.escalation.loops,
    rules: config.escalation.rules.map((rule) => ({
      delayMinutes: rule.delayMinutes,
      targets: rule.targets.map(toTarget),
    })),
    schedules: config.schedules.map((s) => ({
      name: s.name,
      timeZone: s.timeZone,
      layers: s.layers.map((layer) => ({
        name: layer.name,
        userIds: layer.users,
        rotationTurnLengthSeconds: layer.rotationTurnLengthHours * 3600,
        rotationVirtualStart: layer.rotationVirtualStart,
      })),
    })),
    acknowledgementTimeoutSeconds: config.acknowledgementTimeoutSeconds,
    autoResolveTimeoutSeconds: config.autoResolveTimeoutSeconds,
    urgency: config.lowUrgency
      ? { type: 'always-low' }
      : hours
        ? {
            type: 'support-hours',
            timeZone: hours.timeZone,
            daysOfWeek: [...new Set(hours.days)].map((d) => WEEKDAY_NUMBER[d]).sort(),
            startTime: `${hours.start}:00`,
            endTime: `${hours.end}:00`,
          }
        : { type: 'always-high' },
  };
}

function toTarget(target: EscalationTargetConfig): ProductEscalationRule['targets'][number] {
  if (target.user !== undefined) return { type: 'user', id: target.user };
  if (target.scheduleId !== undefined) return { type: 'schedule', id: target.scheduleId };
  return { type: 'schedule-name', name: target.schedule! };
}
