import { createHash } from 'node:crypto';
import type { Route } from './normalized-event';
import type { QuarantineDocument } from './store/documents';

/**
 * Headers worth keeping with a quarantined delivery: what says how to read the body, what a normalizer
 * reads, and what traces the request. An allow-list, because credential headers have no common naming
 * (`dd-application-key`, `x-functions-key`, `x-authentication`, `private-key`…): anything else is dropped.
 */
export const KEPT_HEADERS: ReadonlySet<string> = new Set([
  'content-type',
  'content-encoding',
  'content-length',
  'user-agent',
  'x-amzn-trace-id',
  'x-request-id',
  // Read by the Sentry normalizer: a replay needs it.
  'sentry-hook-resource',
  'sentry-hook-timestamp',
  // PagerDuty v3 webhook delivery and subscription ids (not the signature).
  'x-webhook-id',
  'x-webhook-subscription',
  // Which page or URL sent it; query values that look like credentials are masked (see maskUrlSecrets).
  'referer',
  'x-original-url',
]);

const URL_HEADERS: ReadonlySet<string> = new Set(['referer', 'x-original-url']);
/** Query parameter names whose values are credentials or session ids. */
const SECRET_PARAM = /key|token|secret|sig|pass|auth|session|credential|code/i;
export const MASK = '***';

/** Allowed headers only (names lower-cased), with credential-looking query values in URLs masked. */
export function storableHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [raw, value] of Object.entries(headers)) {
    const name = raw.toLowerCase();
    if (!KEPT_HEADERS.has(name)) continue;
    out[name] = URL_HEADERS.has(name) ? maskUrlSecrets(value) : value;
  }
  return out;
}

/** `https://x/y?apiKey=abc&page=2` → `https://x/y?apiKey=***&page=2`; the rest of the URL unchanged. */
export function maskUrlSecrets(url: string): string {
  return url.replace(/([?&;#])([^=&;#]*)=([^&;#]*)/g, (whole, sep: string, name: string) =>
    SECRET_PARAM.test(safeDecode(name)) ? `${sep}${name}=${MASK}` : whole,
  );
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A delivery kept as it came, so it can be replayed once a normalizer understands it. */
export function quarantineDocument(args: {
  readonly product: string;
  readonly route: Route;
  readonly reason: string;
  readonly receivedAt: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}): QuarantineDocument {
  const { product, route, reason, receivedAt, headers, body } = args;
  let raw: string;
  let rawEncoding: 'utf8' | 'base64' = 'utf8';
  try {
    raw = utf8.decode(body);
  } catch {
    raw = body.toString('base64');
    rawEncoding = 'base64';
  }
  const source = deliverySource(route, rawEncoding === 'utf8' ? raw : undefined);
  const _id = `q-${createHash('sha256').update(`${product}\0${route}\0`).update(body).digest('hex')}`;
  return {
    _id,
    product,
    route,
    source,
    reason,
    receivedAt,
    headers: storableHeaders(headers),
    raw,
    rawEncoding,
    bodyBytes: body.length,
  };
}

/** An AWS service's EventBridge `source` (`aws.health`, `aws.guardduty`…); anything else is not a label. */
const AWS_SOURCE = /^aws\.[a-z0-9][a-z0-9-]{0,40}$/;

/**
 * What sent the delivery, for counting quarantined deliveries: the route of a webhook, the `source` of an
 * EventBridge event. Only AWS service names are taken from the payload, so a sender cannot create a new
 * metric dimension value per request; any other EventBridge delivery counts as `eventbridge`.
 */
export function deliverySource(route: Route, rawText: string | undefined): string {
  if (route !== 'eventbridge' || rawText === undefined) return route;
  let value: unknown;
  try {
    value = JSON.parse(rawText);
  } catch {
    return route;
  }
  const source = (value as { source?: unknown } | null)?.source;
  return typeof source === 'string' && AWS_SOURCE.test(source) ? source : route;
}
