// Query parameters of every query, validated with zod: a bad parameter is a 400 that names it and says
// what is allowed. Every query is bounded in time range and in size.
import * as z from 'zod';
import { KINDS, SEVERITIES, SOURCES, STATUSES } from '../collector/normalized-event';
import { decodeCursor } from './cursor';

const HOUR_MS = 3_600_000;
/** The longest time range any query reads. */
export const MAX_RANGE_HOURS = 24 * 31;
export const DEFAULT_RANGE_HOURS = 24;
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;
export const MAX_OVERVIEW_HOURS = 24 * 7;
/** Most buckets a timeline answers with. */
export const MAX_TIMELINE_BUCKETS = 48;

export type Query = Readonly<Record<string, string | undefined>>;

/** A request the API refuses; `problems` say which parameter and what is allowed. */
export class BadRequest extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid query: ${problems.join('; ')}`);
  }
}

const isoTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/, {
    error: 'must be an ISO 8601 time with a zone, e.g. 2026-01-31T09:00:00Z',
  })
  .refine((s) => !Number.isNaN(Date.parse(s)), { error: 'must be a real date and time' })
  .transform((s) => new Date(s));

/** A comma-separated list of allowed values, e.g. `severity=critical,high`. */
function listOf<T extends string>(values: readonly T[]) {
  const allowed = values.join(', ');
  return z
    .string()
    .transform((s) => s.split(',').map((v) => v.trim()))
    .pipe(
      z
        .array(z.enum(values as unknown as [T, ...T[]], { error: `must be one or more of: ${allowed}` }))
        .min(1)
        .max(values.length),
    );
}

const productName = z.string().regex(/^[a-z][a-z0-9-]{0,23}$/, {
  error: 'must be product names (a-z 0-9 -, at most 24 characters), comma-separated',
});
const products = z
  .string()
  .transform((s) => s.split(',').map((v) => v.trim()))
  .pipe(z.array(productName).min(1).max(50));

const envName = z.string().regex(/^([a-z][a-z0-9]{0,9}|unattributed)$/, {
  error:
    'must be environment names (a-z 0-9, at most 10 characters, e.g. prod) or "unattributed", comma-separated',
});
/** `env=prod,stg`: events of those environments; `unattributed` selects events without one. */
const envs = z
  .string()
  .transform((s) => s.split(',').map((v) => v.trim()))
  .pipe(z.array(envName).min(1).max(20));

const timeRange = {
  from: isoTime.optional(),
  to: isoTime.optional(),
};

export interface TimeRange {
  readonly from: Date;
  readonly to: Date;
}

/** Fills the defaults (the last 24 hours) and checks that the range is ordered and bounded. */
function resolveRange(input: { from?: Date; to?: Date }, now: Date, ctx: z.RefinementCtx): TimeRange {
  const to = input.to ?? now;
  const from = input.from ?? new Date(to.getTime() - DEFAULT_RANGE_HOURS * HOUR_MS);
  if (from.getTime() >= to.getTime()) {
    ctx.addIssue({ code: 'custom', path: ['from'], message: 'must be before "to"' });
  } else if (to.getTime() - from.getTime() > MAX_RANGE_HOURS * HOUR_MS) {
    ctx.addIssue({
      code: 'custom',
      path: ['from'],
      message: `must be at most ${MAX_RANGE_HOURS} hours (31 days) before "to"`,
    });
  }
  return { from, to };
}

const CURSOR_ERROR = 'must be a nextCursor from a previous page';
const cursor = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,400}$/, { error: CURSOR_ERROR })
  .transform((text, ctx) => {
    const position = decodeCursor(text);
    if (!position) ctx.addIssue({ code: 'custom', message: CURSOR_ERROR });
    return position ?? z.NEVER;
  });

export function overviewParams(now: Date) {
  return z
    .strictObject({
      hours: z.coerce
        .number({ error: `must be a whole number of hours from 1 to ${MAX_OVERVIEW_HOURS}` })
        .int({ error: `must be a whole number of hours from 1 to ${MAX_OVERVIEW_HOURS}` })
        .min(1, { error: `must be a whole number of hours from 1 to ${MAX_OVERVIEW_HOURS}` })
        .max(MAX_OVERVIEW_HOURS, { error: `must be a whole number of hours from 1 to ${MAX_OVERVIEW_HOURS}` })
        .default(DEFAULT_RANGE_HOURS),
      env: envs.optional(),
    })
    .transform(({ hours, env }) => ({
      hours,
      env,
      to: now,
      from: new Date(now.getTime() - hours * HOUR_MS),
      previousFrom: new Date(now.getTime() - 2 * hours * HOUR_MS),
    }));
}

export function eventsParams(now: Date) {
  return z
    .strictObject({
      ...timeRange,
      product: products.optional(),
      env: envs.optional(),
      source: listOf(SOURCES).optional(),
      kind: listOf(KINDS).optional(),
      severity: listOf(SEVERITIES).optional(),
      status: listOf(STATUSES).optional(),
      limit: z.coerce
        .number({ error: `must be a whole number from 1 to ${MAX_PAGE_SIZE}` })
        .int({ error: `must be a whole number from 1 to ${MAX_PAGE_SIZE}` })
        .min(1, { error: `must be a whole number from 1 to ${MAX_PAGE_SIZE}` })
        .max(MAX_PAGE_SIZE, { error: `must be a whole number from 1 to ${MAX_PAGE_SIZE}` })
        .default(DEFAULT_PAGE_SIZE),
      cursor: cursor.optional(),
    })
    .transform(({ from, to, ...rest }, ctx) => ({ ...rest, ...resolveRange({ from, to }, now, ctx) }));
}

export function timelineParams(now: Date) {
  return z
    .strictObject({ ...timeRange, product: products.optional(), env: envs.optional() })
    .transform(({ from, to, ...rest }, ctx) => ({ ...rest, ...resolveRange({ from, to }, now, ctx) }));
}

export function quarantineParams(now: Date) {
  return z
    .strictObject({
      hours: z.coerce
        .number({ error: `must be a whole number of hours from 1 to ${MAX_OVERVIEW_HOURS}` })
        .int({ error: `must be a whole number of hours from 1 to ${MAX_OVERVIEW_HOURS}` })
        .min(1, { error: `must be a whole number of hours from 1 to ${MAX_OVERVIEW_HOURS}` })
        .max(MAX_OVERVIEW_HOURS, { error: `must be a whole number of hours from 1 to ${MAX_OVERVIEW_HOURS}` })
        .default(DEFAULT_RANGE_HOURS),
      product: products.optional(),
    })
    .transform(({ hours, product }) => ({
      product,
      to: now,
      from: new Date(now.getTime() - hours * HOUR_MS),
    }));
}

/** Windows the incident list and MTTA / MTTR are asked for. */
export const INCIDENT_DAYS = ['7', '30', '90'] as const;

export const incidentsParams = z.strictObject({
  days: z
    .enum(INCIDENT_DAYS, { error: `must be one of: ${INCIDENT_DAYS.join(', ')}` })
    .default('7')
    .transform(Number),
  product: products.optional(),
  env: envs.optional(),
});
export const reliabilityParams = z.strictObject({ product: products.optional(), env: envs.optional() });
export const incidentDetailParams = z.strictObject({ product: products.optional() });

/** PagerDuty object ids: letters and digits. */
export const incidentIdParam = z.string().regex(/^[A-Za-z0-9]{1,40}$/, {
  error: 'must be a PagerDuty incident id (letters and digits, at most 40)',
});

export const INCIDENTS_PARAMS = ['days', 'product', 'env'] as const;
export const RELIABILITY_PARAMS = ['product', 'env'] as const;
export const INCIDENT_DETAIL_PARAMS = ['product'] as const;

export const OVERVIEW_PARAMS = ['hours', 'env'] as const;
export const QUARANTINE_PARAMS = ['hours', 'product'] as const;
export const EVENTS_PARAMS = [
  'from',
  'to',
  'product',
  'env',
  'source',
  'kind',
  'severity',
  'status',
  'limit',
  'cursor',
] as const;
export const TIMELINE_PARAMS = ['from', 'to', 'product', 'env'] as const;

/** For routes that take no query parameters. */
export const NO_PARAMS = z.strictObject({});

export const eventIdParam = z
  .string()
  .min(1, { error: 'must be an event id' })
  .max(512, { error: 'must be an event id (at most 512 characters)' });

export type OverviewParams = z.output<ReturnType<typeof overviewParams>>;
export type EventsParams = z.output<ReturnType<typeof eventsParams>>;
export type TimelineParams = z.output<ReturnType<typeof timelineParams>>;
export type QuarantineParams = z.output<ReturnType<typeof quarantineParams>>;

/** Parses `input` with `schema`, or throws BadRequest with one line per bad parameter. */
export function parseQuery<S extends z.ZodType>(
  schema: S,
  input: unknown,
  allowed: readonly string[],
): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new BadRequest(result.error.issues.map((issue) => describeIssue(issue, allowed)));
}

function describeIssue(issue: z.core.$ZodIssue, allowed: readonly string[]): string {
  if (issue.code === 'unrecognized_keys') {
    const names = issue.keys.map((k) => `"${k}"`).join(', ');
    const known = allowed.length > 0 ? `allowed: ${allowed.join(', ')}` : 'this query takes no parameters';
    return `unknown parameter${issue.keys.length > 1 ? 's' : ''} ${names} (${known})`;
  }
  const name = issue.path.filter((p) => typeof p === 'string')[0] ?? 'query';
  return `${String(name)}: ${issue.message}`;
}
