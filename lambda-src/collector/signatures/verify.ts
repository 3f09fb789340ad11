import type { Route } from '../normalized-event';
import { pagerDutySignatureValid } from './pagerduty';
import { sentrySignatureValid } from './sentry';
import type { SigningSecrets } from './signing-secrets';

export type SignatureCheck =
  /** No secret configured for this source and product: nothing to check. */
  | { readonly verdict: 'unsigned' }
  | { readonly verdict: 'valid' }
  | { readonly verdict: 'invalid'; readonly reason: string };

/** Checks the signature a source puts on its deliveries, when the product has a secret for it. */
export function checkSignature(
  route: Route,
  product: string,
  body: Buffer,
  headers: Readonly<Record<string, string>>,
  secrets: SigningSecrets | undefined,
): SignatureCheck {
  if (route === 'pagerduty') {
    const list = secrets?.pagerduty?.[product];
    if (!list) return { verdict: 'unsigned' };
    return pagerDutySignatureValid(body, headers['x-pagerduty-signature'], list)
      ? { verdict: 'valid' }
      : { verdict: 'invalid', reason: 'X-PagerDuty-Signature is missing or matches no configured secret' };
  }
  if (route === 'sentry') {
    const secret = secrets?.sentry?.[product];
    if (!secret) return { verdict: 'unsigned' };
    return sentrySignatureValid(body, headers['sentry-hook-signature'], secret)
      ? { verdict: 'valid' }
      : {
          verdict: 'invalid',
          reason: 'Sentry-Hook-Signature is missing or does not match the client secret',
        };
  }
  return { verdict: 'unsigned' };
}
