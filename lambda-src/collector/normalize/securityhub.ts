// Security Hub findings, both formats, one document per finding (an event may carry several):
// ASFF (`Security Hub Findings - Imported`) and OCSF (`Findings Imported V2`).
// `raw` is the finding itself, unchanged: the envelope's own fields are in account/region/occurredAt.
import * as z from 'zod';
import type { DeliveryContext, NormalizedEvent, Severity, Status } from '../normalized-event';
import { consoleBase, explain, fail, isRegion, lookup, ok, PARSE_OPTIONS, toEvent } from './common';
import { type EventBridgeEvent, type EventNormalizer, noTime, occurredAt } from './envelope';

const findingsDetail = z.object({ findings: z.array(z.unknown()).min(1) });

const asffFinding = z.object({
  Id: z.string().min(1),
  AwsAccountId: z.string().optional(),
  Region: z.string().optional(),
  Title: z.string().optional(),
  UpdatedAt: z.string().min(1),
  Severity: z.object({ Label: z.string().optional(), Normalized: z.number().optional() }).optional(),
  Workflow: z.object({ Status: z.string().optional() }).optional(),
  WorkflowState: z.string().optional(),
  RecordState: z.string().optional(),
  Resources: z.array(z.object({ Id: z.string().optional(), Region: z.string().optional() })).optional(),
});

const ocsfFinding = z.object({
  finding_info: z.object({
    uid: z.string().min(1),
    title: z.string().optional(),
    modified_time_dt: z.string().optional(),
    modified_time: z.number().optional(),
  }),
  severity_id: z.number().optional(),
  severity: z.string().optional(),
  status_id: z.number().optional(),
  status: z.string().optional(),
  activity_id: z.number().optional(),
  time_dt: z.string().optional(),
  time: z.number().optional(),
  cloud: z
    .object({ account: z.object({ uid: z.string().optional() }).optional(), region: z.string().optional() })
    .optional(),
  resources: z.array(z.object({ uid: z.string().optional(), region: z.string().optional() })).optional(),
});

const BY_NAME: Record<string, Severity> = {
  CRITICAL: 'critical',
  FATAL: 'critical',
  HIGH: 'high',
  MEDIUM: 'medium',
  LOW: 'low',
  INFORMATIONAL: 'info',
};

/** docs/normalized-event.md: ASFF `Severity.Label` by name; without a label, AWS's `Normalized` ranges (0 info … 90+ critical). */
export function asffSeverity(label: string | undefined, normalized: number | undefined): Severity {
  if (label) return lookup(BY_NAME, label.toUpperCase()) ?? 'info';
  if (normalized === undefined) return 'info';
  if (normalized >= 90) return 'critical';
  if (normalized >= 70) return 'high';
  if (normalized >= 40) return 'medium';
  if (normalized >= 1) return 'low';
  return 'info';
}

/**
 * ASFF workflow: NEW → open, NOTIFIED → acknowledged, RESOLVED/SUPPRESSED → resolved; an ARCHIVED record
 * (the provider closed it) → resolved. Legacy `WorkflowState` is read when `Workflow.Status` is absent.
 */
export function asffStatus(workflow: string | undefined, recordState: string | undefined): Status {
  if (recordState?.toUpperCase() === 'ARCHIVED') return 'resolved';
  switch (workflow?.toUpperCase()) {
    case 'NOTIFIED':
    case 'ASSIGNED':
    case 'IN_PROGRESS':
      return 'acknowledged';
    case 'RESOLVED':
    case 'SUPPRESSED':
    case 'DEFERRED':
      return 'resolved';
    default:
      return 'open';
  }
}

/** docs/normalized-event.md: OCSF `severity_id` 1 info, 2 low, 3 medium, 4 high, 5 and 6 critical; 0/99/absent → the caption. */
export function ocsfSeverity(id: number | undefined, caption: string | undefined): Severity {
  switch (id) {
    case 1:
      return 'info';
    case 2:
      return 'low';
    case 3:
      return 'medium';
    case 4:
      return 'high';
    case 5:
    case 6:
      return 'critical';
    default:
      return lookup(BY_NAME, caption?.toUpperCase()) ?? 'info';
  }
}

/** OCSF `status_id` 1 New → open, 2 In Progress → acknowledged, 3 Suppressed / 4 Resolved / 5 Archived → resolved. */
export function ocsfStatus(
  id: number | undefined,
  caption: string | undefined,
  activityId: number | undefined,
): Status {
  const byCaption: Record<string, number> = {
    NEW: 1,
    'IN PROGRESS': 2,
    SUPPRESSED: 3,
    RESOLVED: 4,
    ARCHIVED: 5,
  };
  const status = id ?? lookup(byCaption, caption?.toUpperCase());
  if (status === 2) return 'acknowledged';
  if (status === 3 || status === 4 || status === 5) return 'resolved';
  // activity_id 3 = Close.
  if (status === undefined && activityId === 3) return 'resolved';
  return 'open';
}

/**
 * A normalizer for one finding format: each finding in `detail.findings` is parsed with `schema` and becomes one
 * document (`document` answers undefined when the finding has no usable time). The first finding that does not
 * parse or has no time refuses the whole event.
 */
function findingsNormalizer<S extends z.ZodType>(
  what: string,
  schema: S,
  document: (
    f: z.infer<S>,
    raw: unknown,
    event: EventBridgeEvent,
    ctx: DeliveryContext,
  ) => NormalizedEvent | undefined,
): EventNormalizer {
  return (event, _payload, ctx) => {
    const detail = findingsDetail.safeParse(event.detail, PARSE_OPTIONS);
    if (!detail.success) return fail(explain('Security Hub event', detail.error, 'detail'));
    const events: NormalizedEvent[] = [];
    for (const [i, raw] of detail.data.findings.entries()) {
      const parsed = schema.safeParse(raw, PARSE_OPTIONS);
      if (!parsed.success) return fail(explain(what, parsed.error, `detail.findings[${i}]`));
      const doc = document(parsed.data, raw, event, ctx);
      if (!doc) return fail(noTime(what, event));
      events.push(doc);
    }
    return ok(events);
  };
}

export const normalizeSecurityHubAsff = findingsNormalizer(
  'Security Hub ASFF finding',
  asffFinding,
  (f, raw, event, ctx) => {
    const when = occurredAt(event, f.UpdatedAt);
    if (!when) return undefined;
    const region = f.Region ?? f.Resources?.[0]?.Region ?? event.region;
    const search = encodeURIComponent(encodeURIComponent(f.Id));
    return toEvent(ctx, 'securityhub', [f.Id, f.UpdatedAt], {
      kind: 'security_finding',
      severity: asffSeverity(f.Severity?.Label, f.Severity?.Normalized),
      status: asffStatus(f.Workflow?.Status ?? f.WorkflowState, f.RecordState),
      title: f.Title?.trim() || f.Id,
      occurredAt: when,
      account: f.AwsAccountId ?? event.account,
      region,
      resource: f.Resources?.[0]?.Id,
      url: isRegion(region)
        ? `${consoleBase(region)}/securityhub/home?region=${region}#/findings?search=Id%3D%255Coperator%255C%253AEQUALS%255C%253A${search}`
        : undefined,
      raw,
    });
  },
);

export const normalizeSecurityHubOcsf = findingsNormalizer(
  'Security Hub OCSF finding',
  ocsfFinding,
  (f, raw, event, ctx) => {
    const info = f.finding_info;
    const modified = info.modified_time_dt ?? info.modified_time ?? f.time_dt ?? f.time;
    const when = occurredAt(event, modified);
    if (!when) return undefined;
    const region = f.cloud?.region ?? f.resources?.[0]?.region ?? event.region;
    const search = encodeURIComponent(encodeURIComponent(info.uid));
    return toEvent(ctx, 'securityhub', [info.uid, modified ?? event.time], {
      kind: 'security_finding',
      severity: ocsfSeverity(f.severity_id, f.severity),
      status: ocsfStatus(f.status_id, f.status, f.activity_id),
      title: info.title?.trim() || info.uid,
      occurredAt: when,
      account: f.cloud?.account?.uid ?? event.account,
      region,
      resource: f.resources?.[0]?.uid,
      url: isRegion(region)
        ? `${consoleBase(region)}/securityhub/v2/home?region=${region}#/findings?search=finding_info.uid%3D%255Coperator%255C%253AEQUALS%255C%253A${search}`
        : undefined,
      raw,
    });
  },
);
