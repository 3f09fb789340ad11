import { hmacSha256Matches } from './hmac';

/**
 * PagerDuty v3 webhooks: `X-PagerDuty-Signature: v1=<hex>[,v1=<hex>...]`, HMAC-SHA256 of the raw body
 * with the subscription's secret. While a secret is being rotated PagerDuty signs with each secret, and
 * several secrets may be configured here: any (signature, secret) pair that matches is enough.
 */
export function pagerDutySignatureValid(
  body: Buffer,
  header: string | undefined,
  secrets: readonly string[],
): boolean {
  if (!header) return false;
  const signatures = header
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.startsWith('v1='))
    .map((s) => s.slice(3));
  return signatures.some((sig) => secrets.some((secret) => hmacSha256Matches(body, secret, sig)));
}
