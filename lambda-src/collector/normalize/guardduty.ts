// GuardDuty findings (`aws.guardduty` / `GuardDuty Finding`): one security_finding document per event.
import * as z from 'zod';
import type { Severity } from '../normalized-event';
import { consoleBase, explain, fail, isRegion, lookup, ok, PARSE_OPTIONS, toEvent } from './common';
import { type EventNormalizer, noTime, occurredAt } from './envelope';

const named = z.object({ name: z.string().optional() });

/** Only the fields the normalizer reads; everything else in the finding is ignored (and kept in `raw`). */
const finding = z.object({
  id: z.string().min(1),
  accountId: z.string().optional(),
  region: z.string().optional(),
  type: z.string().optional(),
  title: z.string().optional(),
  severity: z.number(),
  updatedAt: z.string().min(1),
  resource: z
    .object({
      resourceType: z.string().optional(),
      instanceDetails: z.object({ instanceId: z.string().optional() }).optional(),
      accessKeyDetails: z
        .object({ userName: z.string().optional(), accessKeyId: z.string().optional() })
        .optional(),
      s3BucketDetails: z.array(named).optional(),
      eksClusterDetails: named.optional(),
      ecsClusterDetails: named.optional(),
      rdsDbInstanceDetails: z.object({ dbInstanceIdentifier: z.string().optional() }).optional(),
      lambdaDetails: z.object({ functionName: z.string().optional() }).optional(),
    })
    .optional(),
  service: z.object({ archived: z.boolean().optional() }).optional(),
});

type Finding = z.infer<typeof finding>;

/** docs/normalized-event.md: ≥ 9.0 critical, 7.0–8.9 high, 4.0–6.9 medium, 1.0–3.9 low (below 1.0: info). */
export function guardDutySeverity(score: number): Severity {
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  if (score >= 1) return 'low';
  return 'info';
}

/** The affected resource's name, chosen by `resourceType`, else the first detail block present. */
function resourceName(r: Finding['resource']): string | undefined {
  if (!r) return undefined;
  const byType: Record<string, string | undefined> = {
    Instance: r.instanceDetails?.instanceId,
    AccessKey: r.accessKeyDetails?.userName ?? r.accessKeyDetails?.accessKeyId,
    S3Bucket: r.s3BucketDetails?.[0]?.name,
    EKSCluster: r.eksClusterDetails?.name,
    ECSCluster: r.ecsClusterDetails?.name,
    RDSDBInstance: r.rdsDbInstanceDetails?.dbInstanceIdentifier,
    Lambda: r.lambdaDetails?.functionName,
  };
  const chosen = lookup(byType, r.resourceType);
  return chosen ?? Object.values(byType).find((v) => v) ?? r.resourceType;
}

export const normalizeGuardDuty: EventNormalizer = (event, payload, ctx) => {
  const parsed = finding.safeParse(event.detail, PARSE_OPTIONS);
  if (!parsed.success) return fail(explain('GuardDuty finding', parsed.error, 'detail'));
  const f = parsed.data;
  const when = occurredAt(event, f.updatedAt);
  if (!when) return fail(noTime('GuardDuty finding', event));
  const region = f.region ?? event.region;
  return ok([
    toEvent(ctx, 'guardduty', [f.id, f.updatedAt], {
      kind: 'security_finding',
      severity: guardDutySeverity(f.severity),
      // An archived finding was dealt with (or suppressed) by someone in GuardDuty.
      status: f.service?.archived === true ? 'resolved' : 'open',
      title: f.title?.trim() || f.type || `GuardDuty finding ${f.id}`,
      occurredAt: when,
      account: f.accountId ?? event.account,
      region,
      resource: resourceName(f.resource),
      url: isRegion(region)
        ? `${consoleBase(region)}/guardduty/home?region=${region}#/findings?macros=current&fId=${encodeURIComponent(f.id)}`
        : undefined,
      raw: payload,
    }),
  ]);
};
