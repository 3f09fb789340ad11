// Drift of a deployed stack (`POST /webhooks/drift`), posted by the nightly drift workflow with
// `npm run review -- drift-events` (review/drift-event.ts writes this payload). One event per stack whose
// plan found changes made outside terraform, or failed.
import { createHash } from 'node:crypto';
import * as z from 'zod';
import type { DeliveryContext, NormalizeResult, Severity } from '../normalized-event';
import { explain, fail, isoUtc, ok, PARSE_OPTIONS, toEvent } from './common';

const change = z.object({
  address: z.string().min(1),
  type: z.string(),
  action: z.string().min(1),
  outside: z.boolean(),
});

/** The payload; extra fields are allowed and kept in `raw`. */
export const driftPayload = z.object({
  version: z.literal(1),
  stack: z.string().min(1),
  status: z.enum(['drift', 'error']),
  checkedAt: z.string().min(1),
  account: z.string().optional(),
  region: z.string().optional(),
  product: z.string().optional(),
  summary: z.string(),
  changes: z.array(change).max(10_000),
  error: z.string().optional(),
  report: z.string().optional(),
  url: z.string().optional(),
});
export type DriftChange = z.infer<typeof change>;

// Resource types whose drift is about access or protection: identities and policies, keys, secrets,
// network exposure, and the services that watch the account.
const SECURITY_TYPE =
  /^aws_(iam_|kms_|secretsmanager_|security_group|vpc_security_group|network_acl|wafv2?_|guardduty_|securityhub_|cloudtrail|config_|accessanalyzer_|macie2_|inspector2?_|organizations_policy|s3_bucket_(policy|public_access_block|acl|server_side_encryption)|s3_account_public_access_block|lambda_permission|api_gateway_(authorizer|api_key|usage_plan)|ssoadmin_|cognito_)/;

/**
 * Deletions (something gone or being removed) and any IAM/KMS/security change are high; every other
 * drift is medium. A failed check is medium: nobody knows yet whether anything drifted.
 */
export function driftSeverity(changes: readonly DriftChange[]): Severity {
  const high = changes.some(
    (c) => c.action === 'delete' || c.action === 'replace' || SECURITY_TYPE.test(c.type),
  );
  return high ? 'high' : 'medium';
}

/** The same drift reported night after night is one event: its id depends on what drifted, not when. */
function fingerprint(payload: z.infer<typeof driftPayload>): string {
  const what =
    payload.status === 'error'
      ? ['error', payload.checkedAt.slice(0, 10)]
      : payload.changes.map((c) => `${c.outside ? 'outside' : 'plan'} ${c.action} ${c.address}`).sort();
  return createHash('sha256').update(JSON.stringify(what)).digest('hex').slice(0, 32);
}

export function normalizeDrift(payload: unknown, ctx: DeliveryContext): NormalizeResult {
  const parsed = driftPayload.safeParse(payload, PARSE_OPTIONS);
  if (!parsed.success) return fail(explain('drift event', parsed.error));
  const d = parsed.data;
  const when = isoUtc(d.checkedAt);
  if (!when) return fail(`drift event: checkedAt: "${d.checkedAt}" is not an ISO 8601 time`);
  const outside = d.changes.filter((c) => c.outside).length;
  const title =
    d.status === 'error'
      ? `Drift check failed for ${d.stack}: ${d.summary}`
      : `Drift in ${d.stack}: ${outside > 0 ? `${outside} changed outside terraform; ` : ''}${d.summary}`;
  return ok([
    toEvent(ctx, 'drift', [d.stack, d.status, fingerprint(d)], {
      kind: 'drift',
      severity: d.status === 'error' ? 'medium' : driftSeverity(d.changes),
      status: 'open',
      title,
      occurredAt: when,
      account: d.account,
      region: d.region,
      resource: d.stack,
      url: d.url,
      raw: payload,
    }),
  ]);
}
