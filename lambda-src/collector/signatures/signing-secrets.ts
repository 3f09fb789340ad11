import * as z from 'zod';

/** JSON of the `SIGNING_SECRETS_ARN` secret: per source, per product. */
export const SigningSecretsSchema = z.strictObject({
  pagerduty: z.record(z.string(), z.array(z.string().min(1)).min(1)).optional(),
  sentry: z.record(z.string(), z.string().min(1)).optional(),
});
export type SigningSecrets = z.infer<typeof SigningSecretsSchema>;

export function parseSigningSecrets(json: string): SigningSecrets {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (err) {
    throw new Error(`signing secrets are not JSON: ${(err as Error).message}`);
  }
  const parsed = SigningSecretsSchema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`signing secrets have the wrong shape (${issues})`);
  }
  return parsed.data;
}
