// End users' personal data in Sentry payloads, removed before the payload is stored as an event's `raw`.
// Sentry error events carry the affected end user (`user`: IP address, e-mail, user name, name, location),
// the request's client address and cookies, and `user` tags repeating them. The dashboard shows `raw` to
// every signed-in engineer and, without a retention of its own, keeps it as long as the event: a stack
// trace and the user's id are enough to triage. On by default; `REDACT_PERSONAL_DATA=false` turns it off.
import type { Normalize } from '../collect';

export const REDACTED = '[redacted]';

/** Fields of Sentry's `user` interface that identify a person (`id` stays: it is the product's own key). */
const USER_FIELDS = ['ip_address', 'email', 'username', 'name', 'geo'];
/** Request headers that carry a client address or a session (compared lower-case). */
const REQUEST_HEADERS = new Set([
  'x-forwarded-for',
  'x-real-ip',
  'forwarded',
  'true-client-ip',
  'cf-connecting-ip',
  'cookie',
  'authorization',
]);
const REQUEST_ENV = ['REMOTE_ADDR', 'REMOTE_HOST', 'HTTP_X_FORWARDED_FOR'];

/** A copy of `payload` without the personal fields above; counts what was removed. */
export function redactSentryPersonalData(payload: unknown): { value: unknown; redacted: number } {
  const value = structuredClone(payload);
  let redacted = 0;
  const hide = (obj: Record<string, unknown>, key: string) => {
    if (Object.hasOwn(obj, key) && obj[key] !== null && obj[key] !== REDACTED) {
      obj[key] = REDACTED;
      redacted++;
    }
  };
  // Iterative walk: a hostile payload's depth is bounded by the collector, but no recursion is needed.
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      stack.push(...node);
      continue;
    }
    const obj = node as Record<string, unknown>;
    const user = obj.user;
    if (isObject(user)) for (const f of USER_FIELDS) hide(user, f);
    const request = obj.request;
    if (isObject(request)) {
      if (isObject(request.env)) for (const f of REQUEST_ENV) hide(request.env, f);
      hide(request, 'cookies');
      redacted += redactHeaders(request.headers);
    }
    if (Array.isArray(obj.tags)) redacted += redactUserTags(obj.tags);
    for (const child of Object.values(obj))
      if (child !== null && typeof child === 'object') stack.push(child);
  }
  return { value, redacted };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Sentry sends headers as `[[name, value], …]` (or, from some SDKs, an object). */
function redactHeaders(headers: unknown): number {
  let n = 0;
  if (Array.isArray(headers)) {
    for (const pair of headers) {
      if (Array.isArray(pair) && typeof pair[0] === 'string' && REQUEST_HEADERS.has(pair[0].toLowerCase())) {
        pair[1] = REDACTED;
        n++;
      }
    }
  } else if (isObject(headers)) {
    for (const name of Object.keys(headers)) {
      if (REQUEST_HEADERS.has(name.toLowerCase())) {
        headers[name] = REDACTED;
        n++;
      }
    }
  }
  return n;
}

/** Tags `user` (`ip:…`, `email:…`, `username:…`), `user.ip`, `user.email`…; `id:` values stay. */
function redactUserTags(tags: unknown[]): number {
  let n = 0;
  for (const tag of tags) {
    const pair = Array.isArray(tag) ? tag : isObject(tag) ? [tag.key, tag.value] : undefined;
    if (!pair || typeof pair[0] !== 'string' || !/^user(\.|$)/.test(pair[0])) continue;
    if (typeof pair[1] === 'string' && pair[1].startsWith('id:')) continue;
    if (Array.isArray(tag)) tag[1] = REDACTED;
    else (tag as Record<string, unknown>).value = REDACTED;
    n++;
  }
  return n;
}

/** The normalizer, with Sentry events' `raw` redacted (every other field comes from non-personal data). */
export function withPersonalDataRedaction(normalize: Normalize, enabled: boolean): Normalize {
  if (!enabled) return normalize;
  return (route, payload, ctx) => {
    const result = normalize(route, payload, ctx);
    if (!result.ok || route !== 'sentry') return result;
    return {
      ok: true,
      events: result.events.map((e) => ({ ...e, raw: redactSentryPersonalData(e.raw).value })),
    };
  };
}
