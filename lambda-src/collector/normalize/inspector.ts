// Amazon Inspector findings (`aws.inspector2` / `Inspector2 Finding`): one vulnerability document per event.
import * as z from 'zod';
import type { Severity, Status } from '../normalized-event';
import { consoleBase, explain, fail, isRegion, ok, PARSE_OPTIONS, toEvent } from './common';
import { type EventNormalizer, noTime, occurredAt } from './envelope';

const finding = z.object({
  findingArn: z.string().min(1),
  awsAccountId: z.string().optional(),
  severity: z.string().min(1),
  status: z.string().optional(),
  title: z.string().optional(),
  type: z.string().optional(),
  updatedAt: z.string().optional(),
  packageVulnerabilityDetails: z.object({ vulnerabilityId: z.string().optional() }).optional(),
  resources: z.array(z.object({ id: z.string().optional(), region: z.string().optional() })).optional(),
});

/** docs/normalized-event.md: CRITICAL, HIGH, MEDIUM, LOW by name; INFORMATIONAL, UNTRIAGED (and anything else) → info. */
export function inspectorSeverity(label: string): Severity {
  switch (label.toUpperCase()) {
    case 'CRITICAL':
      return 'critical';
    case 'HIGH':
      return 'high';
    case 'MEDIUM':
      return 'medium';
    case 'LOW':
      return 'low';
    default:
      return 'info';
  }
}

/** ACTIVE → open; CLOSED (fixed) and SUPPRESSED (by a rule) → resolved. */
export function inspectorStatus(status: string | undefined): Status {
  const s = status?.toUpperCase();
  return s === 'CLOSED' || s === 'SUPPRESSED' ? 'resolved' : 'open';
}

export const normalizeInspector: EventNormalizer = (event, payload, ctx) => {
  const parsed = finding.safeParse(event.detail, PARSE_OPTIONS);
  if (!parsed.success) return fail(explain('Inspector finding', parsed.error, 'detail'));
  const f = parsed.data;
  const when = occurredAt(event, f.updatedAt);
  if (!when) return fail(noTime('Inspector finding', event));
  const resource = f.resources?.[0];
  const region = resource?.region ?? event.region;
  const search = encodeURIComponent(encodeURIComponent(f.findingArn));
  return ok([
    toEvent(ctx, 'inspector', [f.findingArn, f.updatedAt ?? event.time], {
      kind: 'vulnerability',
      severity: inspectorSeverity(f.severity),
      status: inspectorStatus(f.status),
      title:
        f.title?.trim() || f.packageVulnerabilityDetails?.vulnerabilityId || f.type || 'Inspector finding',
      occurredAt: when,
      account: f.awsAccountId ?? event.account,
      region,
      resource: resource?.id,
      url: isRegion(region)
        ? `${consoleBase(region)}/inspector/v2/home?region=${region}#/findings/all?search=findingArn%3D%255Coperator%255C%253AEQUALS%255C%253A${search}`
        : undefined,
      raw: payload,
    }),
  ]);
};
