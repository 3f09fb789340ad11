import { createHmac, timingSafeEqual } from 'node:crypto';

const HEX_SHA256 = /^[0-9a-f]{64}$/i;

/** Whether `hexDigest` is HMAC-SHA256(secret, body), compared in constant time. */
export function hmacSha256Matches(body: Buffer, secret: string, hexDigest: string): boolean {
  if (!HEX_SHA256.test(hexDigest)) return false;
  const expected = createHmac('sha256', secret).update(body).digest();
  return timingSafeEqual(expected, Buffer.from(hexDigest, 'hex'));
}
