import * as z from 'zod';
import { parseSecretJson, SecretFormatError } from '../aws/secret-json';

/** JSON of the `SIGNING_SECRETS_ARN` secret: per source, per product. */
export const SigningSecretsSchema = z.strictObject({
  pagerduty: z.record(z.string(), z.array(z.string().min(1)).min(1)).optional(),
  sentry: z.record(z.string(), z.string().min(1)).optional(),
});
export type SigningSecrets = z.infer<typeof SigningSecretsSchema>;

const SECRET_NAME = 'signing secrets (SIGNING_SECRETS_ARN)';

/** Throws `SecretFormatError` naming what is wrong where, never quoting a value or an unknown key. */
export function parseSigningSecrets(json: string): SigningSecrets {
  const parsed = SigningSecretsSchema.safeParse(parseSecretJson(SECRET_NAME, json));
  if (!parsed.success) {
    const issues = parsed.error.issues.map(describeIssue).join('; ');
    throw new SecretFormatError(`${SECRET_NAME} have the wrong shape (${issues})`);
  }
  return parsed.data;
}

// Zod's own messages can repeat what they received (an unknown key may be a pasted secret): say which
// place is wrong and what is expected there instead.
function describeIssue(issue: z.core.$ZodIssue): string {
  const at = issue.path.map(String).join('.') || '(root)';
  switch (issue.code) {
    case 'unrecognized_keys':
      return `${at}: ${issue.keys.length} unknown key(s); allowed: pagerduty, sentry`;
    case 'invalid_type':
      return `${at}: expected ${issue.expected}`;
    case 'too_small':
      return `${at}: must not be empty`;
    default:
      return `${at}: not allowed here (${issue.code})`;
  }
}
