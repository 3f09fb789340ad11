import { createHash } from 'node:crypto';
import type { Route } from './normalized-event';
import type { QuarantineDocument } from './store/documents';

/** Headers that carry credentials (or could): never stored. */
const SECRET_HEADER =
  /(^|-)(api-?key|authorization|cookie|token|secret|password|auth)($|-)|^x-amz-security-token$/i;
/** Field names MongoDB-wire servers accept everywhere (no `$` prefix, no dots). */
const STORABLE_NAME = /^[a-z0-9][a-z0-9_-]*$/;

export function storableHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (STORABLE_NAME.test(name) && !SECRET_HEADER.test(name)) out[name] = value;
  }
  return out;
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
  const _id = `q-${createHash('sha256').update(`${product}\0${route}\0`).update(body).digest('hex')}`;
  return {
    _id,
    product,
    route,
    reason,
    receivedAt,
    headers: storableHeaders(headers),
    raw,
    rawEncoding,
    bodyBytes: body.length,
  };
}
