import { gunzipSync } from 'node:zlib';

export type BodyResult =
  | { readonly ok: true; readonly bytes: Buffer }
  | { readonly ok: false; readonly status: 400 | 413; readonly reason: string; readonly bytes?: Buffer };

/**
 * The raw request bytes, exactly as sent (signatures are computed over them). API Gateway hands over
 * a string, base64 when the content type is a binary media type; gzip bodies (Fluent Bit `compress gzip`)
 * are inflated. `maxBytes` applies to the decoded bytes and is checked before decoding anything; a gzip
 * body may inflate to `maxInflatedBytes` (Fluent Bit sends whole chunks, larger than most webhooks).
 */
export function readBody(
  body: string | null,
  isBase64Encoded: boolean,
  contentEncoding: string | undefined,
  maxBytes: number,
  maxInflatedBytes = maxBytes,
): BodyResult {
  if (body === null || body.length === 0)
    return { ok: false, status: 400, reason: 'empty body; send a JSON document' };
  const declared = isBase64Encoded ? base64DecodedLength(body) : Buffer.byteLength(body, 'utf8');
  if (declared > maxBytes) return tooLarge(`body is ${declared} bytes`, maxBytes);
  let bytes = isBase64Encoded ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8');
  if (contentEncoding && /\bgzip\b/i.test(contentEncoding)) {
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: maxInflatedBytes });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
        return tooLarge('inflated gzip body is too large', maxInflatedBytes, 'MAX_INFLATED_BODY_BYTES');
      return { ok: false, status: 400, reason: `body is not valid gzip: ${(err as Error).message}`, bytes };
    }
  }
  return { ok: true, bytes };
}

function tooLarge(what: string, maxBytes: number, setting = 'MAX_BODY_BYTES'): BodyResult {
  return { ok: false, status: 413, reason: `${what}; the limit is ${maxBytes} bytes (${setting})` };
}

function base64DecodedLength(b64: string): number {
  const trimmed = b64.replace(/=+$/, '').replace(/\s+/g, '');
  return Math.floor((trimmed.length * 3) / 4);
}
