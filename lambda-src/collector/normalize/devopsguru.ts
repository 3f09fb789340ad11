// DevOps Guru insight events (`aws.devops-guru`): one `anomaly` document per insight update (opened,
// severity upgraded, new anomaly associated, closed), like AWS Health updates.
import * as z from 'zod';
import type { Severity } from '../normalized-event';
import { explain, fail, lookup, ok, PARSE_OPTIONS, toEvent } from './common';
import { type EventNormalizer, noTime, occurredAt } from './envelope';

const anomaly = z.object({
  id: z.string().optional(),
  startTime: z.union([z.string(), z.number()]).optional(),
  anomalySeverity: z.string().optional(),
  description: z.string().optional(),
  sourceDetails: z
    .array(
      z.object({
        dataSource: z.string().optional(),
        dataIdentifiers: z
          .object({ name: z.string().optional(), namespace: z.string().optional() })
          .optional(),
      }),
    )
    .optional(),
  associatedResourceArns: z.array(z.string()).optional(),
});

/** Only the fields the normalizer reads; the rest of the event is kept in `raw`. */
const insightDetail = z.object({
  insightId: z.string().min(1),
  insightSeverity: z.string().min(1),
  insightDescription: z.string().optional(),
  insightName: z.string().optional(),
  insightType: z.string().optional(),
  insightUrl: z.string().optional(),
  startTime: z.union([z.string(), z.number()]).optional(),
  endTime: z.union([z.string(), z.number()]).optional(),
  closeTime: z.union([z.string(), z.number()]).optional(),
  accountId: z.string().optional(),
  region: z.string().optional(),
  anomalies: z.array(anomaly).optional(),
  resourceCollection: z
    .object({ cloudFormation: z.object({ stackNames: z.array(z.string()).optional() }).optional() })
    .optional(),
});

const SEVERITY: Readonly<Record<string, Severity>> = { high: 'high', medium: 'medium', low: 'low' };

/** What each detail-type says about the insight, for the title. */
const CHANGE: Readonly<Record<string, string>> = {
  'DevOps Guru New Insight Open': 'opened',
  'DevOps Guru Insight Severity Upgraded': 'severity upgraded',
  'DevOps Guru New Anomaly Association': 'new anomaly',
  'DevOps Guru Insight Closed': 'closed',
};

type Anomaly = z.infer<typeof anomaly>;

/** What the anomalies measured: `AWS/ApiGateway 5XXError`, or the data source (log anomalies name no metric). */
function evidence(anomalies: readonly Anomaly[]): string[] {
  const seen = new Set<string>();
  for (const a of anomalies) {
    for (const d of a.sourceDetails ?? []) {
      const id = d.dataIdentifiers;
      const what = id?.name ? [id.namespace, id.name].filter(Boolean).join(' ') : d.dataSource;
      if (what) seen.add(what);
    }
  }
  return [...seen];
}

export const normalizeDevOpsGuru: EventNormalizer = (event, payload, ctx) => {
  const parsed = insightDetail.safeParse(event.detail, PARSE_OPTIONS);
  if (!parsed.success) return fail(explain('DevOps Guru event', parsed.error, 'detail'));
  const d = parsed.data;
  const detailType = event['detail-type'];
  const closed = detailType === 'DevOps Guru Insight Closed';
  // Closed: when it closed; opened: when the insight started; other updates: when EventBridge sent them.
  const when = closed
    ? occurredAt(event, d.closeTime, d.endTime)
    : detailType === 'DevOps Guru New Insight Open'
      ? occurredAt(event, d.startTime)
      : occurredAt(event);
  if (!when) return fail(noTime('DevOps Guru event', event));
  const severity = lookup(SEVERITY, d.insightSeverity.toLowerCase());
  if (!severity) {
    return fail(
      `DevOps Guru event: detail.insightSeverity: expected one of "high", "medium", "low", got ${JSON.stringify(d.insightSeverity)}`,
    );
  }
  const anomalies = d.anomalies ?? [];
  const measured = evidence(anomalies);
  const what = d.insightDescription ?? d.insightName ?? d.insightId;
  const kind = d.insightType ? `${d.insightType.toLowerCase()} ` : '';
  const change = lookup(CHANGE, detailType) ?? detailType;
  return ok([
    // Each update of an insight is a document; a retried delivery has the same EventBridge id.
    toEvent(ctx, 'devopsguru', [d.insightId, detailType, event.id], {
      kind: 'anomaly',
      severity,
      status: closed ? 'resolved' : 'open',
      title: `DevOps Guru ${kind}insight ${change}: ${what}${measured.length > 0 ? ` (${measured.slice(0, 3).join(', ')})` : ''}`,
      occurredAt: when,
      account: d.accountId ?? event.account,
      region: d.region ?? event.region,
      resource:
        anomalies.flatMap((a) => a.associatedResourceArns ?? [])[0] ??
        d.resourceCollection?.cloudFormation?.stackNames?.[0],
      url: d.insightUrl,
      raw: payload,
    }),
  ]);
};
