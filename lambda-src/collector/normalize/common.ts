// Building blocks shared by every normalizer: ids, timestamps, one-line titles, results and reasons.
import { createHash } from 'node:crypto';
import type * as z from 'zod';
import type { DeliveryContext, NormalizedEvent, NormalizeResult, Source } from '../normalized-event';
import type { KindOf } from '../sources';

/** What a normalizer decides; `id`, `product` and `receivedAt` are added by {@link toEvent}. */
export interface Draft {
  readonly kind: NormalizedEvent['kind'];
  readonly severity: NormalizedEvent['severity'];
  readonly status: NormalizedEvent['status'];
  readonly title: string;
  readonly occurredAt: string;
  readonly account?: string;
  readonly region?: string;
  readonly resource?: string;
  readonly url?: string;
  readonly principal?: string;
  readonly action?: string;
  readonly sourceIp?: string;
  /** Set (to 1) on events that stand for repeats of the same id; the store counts the repeats. */
  readonly occurrences?: number;
  readonly raw: unknown;
}

/**
 * Deterministic document id: sha256 over product, source and the delivery's own stable identifiers.
 * Parts are JSON-encoded as one array so that `["a:b"]` and `["a", "b"]` never collide.
 */
export function documentId(product: string, source: Source, parts: readonly (string | number)[]): string {
  return createHash('sha256')
    .update(JSON.stringify([product, source, ...parts]))
    .digest('hex');
}

/** Completes a draft into the stored document; optional fields are left out rather than set to undefined. */
export function toEvent<S extends Source>(
  ctx: DeliveryContext,
  source: S,
  idParts: readonly (string | number)[],
  draft: Draft & { readonly kind: KindOf<S> },
): NormalizedEvent {
  const event: Record<string, unknown> = {
    id: documentId(ctx.product, source, idParts),
    product: ctx.product,
    source,
    kind: draft.kind,
    severity: draft.severity,
    status: draft.status,
    // Every source has a title field, but a sender can leave it blank.
    title: oneLine(draft.title) || `${source} ${draft.kind}`,
    occurredAt: draft.occurredAt,
    receivedAt: ctx.receivedAt,
  };
  const account = draft.account?.trim();
  const region = draft.region?.trim();
  const resource = draft.resource?.trim();
  if (account) event.account = account;
  if (region) event.region = region;
  if (resource) event.resource = resource;
  // Links are shown in the dashboard: only http(s), never `javascript:` or other schemes from a payload.
  if (draft.url && HTTP_URL.test(draft.url)) event.url = draft.url;
  for (const key of ['principal', 'action', 'sourceIp'] as const) {
    const value = draft[key]?.trim();
    if (value) event[key] = value;
  }
  if (draft.occurrences !== undefined) {
    event.occurrences = draft.occurrences;
    event.lastOccurredAt = draft.occurredAt;
  }
  event.raw = draft.raw;
  return event as unknown as NormalizedEvent;
}

const HTTP_URL = /^https?:\/\/[^\s/?#]+[^\s]*$/i;

export function ok(events: readonly NormalizedEvent[]): NormalizeResult {
  return { ok: true, events };
}

export function fail(reason: string): NormalizeResult {
  return { ok: false, reason };
}

/** A schema failure as one readable reason: `<what>: <path>: <problem>` for the first few issues. */
export function explain(what: string, error: z.ZodError, pathPrefix = ''): string {
  const shown = error.issues.slice(0, 3).map((issue) => {
    const path = [pathPrefix, ...issue.path.map(pathSegment)].filter(Boolean).join('.').replace(/\.\[/g, '[');
    return `${path || '(payload)'}: ${issue.message}`;
  });
  const more = error.issues.length > 3 ? ` (and ${error.issues.length - 3} more)` : '';
  return `${what}: ${shown.join('; ')}${more}`;
}

/**
 * Options for every normalizer's `safeParse`: each issue says what was expected and what arrived, in
 * this project's words, instead of the schema library's default messages (which change between releases
 * and read like "Invalid input"). A message a schema sets itself is kept.
 */
export const PARSE_OPTIONS = { error: issueMessage } as const;

/** The problem of one schema issue: what was expected, and what the payload held instead. */
export function issueMessage(issue: z.core.$ZodRawIssue): string {
  const got = describeValue(issue.input);
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? `missing (${issue.expected} expected)`
        : `expected ${issue.expected}, got ${got}`;
    case 'too_small':
      if (issue.origin === 'string') {
        return Number(issue.minimum) <= 1
          ? 'must not be empty'
          : `must have at least ${issue.minimum} characters`;
      }
      if (issue.origin === 'array') return `must list at least ${issue.minimum} item(s)`;
      return `must be ${issue.inclusive ? 'at least' : 'more than'} ${issue.minimum}, got ${got}`;
    case 'too_big':
      if (issue.origin === 'string') return `must have at most ${issue.maximum} characters`;
      if (issue.origin === 'array') return `must list at most ${issue.maximum} item(s)`;
      return `must be ${issue.inclusive ? 'at most' : 'less than'} ${issue.maximum}, got ${got}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${got}`;
    case 'invalid_format':
      return `expected ${issue.format} format, got ${got}`;
    case 'invalid_union':
      return `matches none of the accepted shapes, got ${got}`;
    default:
      return `not accepted (${issue.code}), got ${got}`;
  }
}

/** A short description of a payload value for a reason: its type, and scalars' value (cut at 40 characters). */
function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  switch (typeof value) {
    case 'string':
      return `string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 39)}…` : value)}`;
    case 'number':
    case 'boolean':
      return `${typeof value} ${String(value)}`;
    case 'object':
      return 'an object';
    case 'undefined':
      return 'nothing';
    default:
      return typeof value;
  }
}

function pathSegment(segment: PropertyKey): string {
  return typeof segment === 'number' ? `[${segment}]` : String(segment);
}

const MAX_TITLE_CHARS = 300;

/** Collapses whitespace (newlines included) and caps the length, so a title is always one line. */
export function oneLine(text: string, maxChars = MAX_TITLE_CHARS): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > maxChars ? `${line.slice(0, maxChars - 1)}…` : line;
}

/** First non-empty line of a text (log lines, messages), whitespace collapsed. */
export function firstLine(text: string): string {
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed) return oneLine(trimmed);
  }
  return '';
}

// 2000-01-01 .. 2200-01-01: anything outside is a unit mistake or garbage, not an event time.
const MIN_MS = 946684800000;
const MAX_MS = 7258118400000;

const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
// Inspector's own format: "Wed Sep 04 17:00:36.951 UTC 2024".
const INSPECTOR_DATE =
  /^[A-Z][a-z]{2} ([A-Z][a-z]{2}) (\d{1,2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d+))? UTC (\d{4})$/;
// HTTP dates (RFC 1123), as AWS Health writes them: "Sat, 05 Jun 2016 15:10:09 GMT".
const HTTP_DATE =
  /^(?:[A-Z][a-z]{2}, )?(\d{1,2}) ([A-Z][a-z]{2}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) (?:GMT|UTC)$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * A timestamp from a payload as ISO 8601 UTC, or undefined when it is not one.
 * Accepts ISO 8601 strings (no zone = UTC, any number of fraction digits), Inspector's
 * "Wed Sep 04 17:00:36.951 UTC 2024", HTTP dates ("Sat, 05 Jun 2016 15:10:09 GMT", AWS Health), and
 * epoch numbers or numeric strings (seconds, or milliseconds when larger than 1e11).
 */
export function isoUtc(value: unknown): string | undefined {
  if (typeof value === 'number') return fromEpoch(value);
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (/^\d+(?:\.\d+)?$/.test(text)) return fromEpoch(Number(text));
  const iso = ISO_DATE.exec(text);
  if (iso) {
    const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone = 'Z'] = iso;
    const ms = frac.padEnd(3, '0').slice(0, 3);
    const offset =
      zone.toUpperCase() === 'Z' ? 'Z' : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
    return fromMs(Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}${offset}`));
  }
  const http = HTTP_DATE.exec(text);
  if (http) {
    const [, d, mon, y, h, mi, s] = http;
    const month = MONTHS.indexOf(mon);
    const ms = Date.UTC(Number(y), month, Number(d), Number(h), Number(mi), Number(s));
    // Date.UTC rolls 31 Feb over into March; a date that does not read back the same is not a date.
    const back = new Date(ms);
    if (month < 0 || back.getUTCDate() !== Number(d) || back.getUTCHours() !== Number(h)) return undefined;
    if (back.getUTCMinutes() !== Number(mi) || back.getUTCSeconds() !== Number(s)) return undefined;
    return fromMs(ms);
  }
  const inspector = INSPECTOR_DATE.exec(text);
  if (inspector) {
    const [, mon, d, h, mi, s, frac = '', y] = inspector;
    const month = MONTHS.indexOf(mon);
    if (month < 0) return undefined;
    const ms = Number(frac.padEnd(3, '0').slice(0, 3));
    return fromMs(Date.UTC(Number(y), month, Number(d), Number(h), Number(mi), Number(s), ms));
  }
  return undefined;
}

function fromEpoch(n: number): string | undefined {
  if (!Number.isFinite(n)) return undefined;
  return fromMs(n > 1e11 ? Math.round(n) : Math.round(n * 1000));
}

function fromMs(ms: number): string | undefined {
  if (!Number.isFinite(ms) || ms < MIN_MS || ms > MAX_MS) return undefined;
  return new Date(ms).toISOString();
}

/** Parts of an ARN (`arn:partition:service:region:account:resource`), or undefined. */
export function parseArn(
  arn: string | undefined,
): { service: string; region: string; account: string; resource: string } | undefined {
  if (!arn?.startsWith('arn:')) return undefined;
  const parts = arn.split(':');
  if (parts.length < 6) return undefined;
  return { service: parts[2], region: parts[3], account: parts[4], resource: parts.slice(5).join(':') };
}

/** A 12-digit AWS account id, or undefined (placeholders such as "xxxxxxxxxxxx" are not accounts). */
export function awsAccount(value: string | undefined): string | undefined {
  return value && /^\d{12}$/.test(value) ? value : undefined;
}

/** The last `/`-separated segment of an ARN or path (a task id, a service name). */
export function lastSegment(value: string): string {
  const i = value.lastIndexOf('/');
  return i >= 0 ? value.slice(i + 1) : value;
}

/** Console URL host for a region (China regions have their own domain). */
export function consoleBase(region: string): string {
  return region.startsWith('cn-')
    ? `https://${region}.console.amazonaws.cn`
    : `https://${region}.console.aws.amazon.com`;
}

/** Region names only: never build a URL from an arbitrary string taken from the payload. */
export function isRegion(value: string | undefined): value is string {
  return value !== undefined && /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/.test(value);
}

/**
 * The value a table holds for a key taken from a payload. Only the table's own keys count: a key such as
 * "__proto__" or "constructor" must not reach Object.prototype.
 */
export function lookup<T>(table: Readonly<Record<string, T>>, key: string | undefined): T | undefined {
  return key !== undefined && Object.hasOwn(table, key) ? table[key] : undefined;
}

/** Priorities P1 (highest) to P5 as Datadog monitors and PagerDuty incidents name them: P1 critical … P5 info. */
export const PRIORITY_SEVERITY: Readonly<Record<string, NormalizedEvent['severity']>> = {
  P1: 'critical',
  P2: 'high',
  P3: 'medium',
  P4: 'low',
  P5: 'info',
};
