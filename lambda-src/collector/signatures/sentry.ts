import { hmacSha256Matches } from './hmac';

/** Sentry integration webhooks: `Sentry-Hook-Signature: <hex>`, HMAC-SHA256 of the raw body with the client secret. */
export function sentrySignatureValid(
  body: Buffer,
  header: string | undefined,
  clientSecret: string,
): boolean {
  return header !== undefined && hmacSha256Matches(body, clientSecret, header.trim());
}
