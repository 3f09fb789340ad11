// AWS Config rule compliance changes (`aws.config` / `Config Rules Compliance Change`).
import * as z from 'zod';
import type { Severity, Status } from '../normalized-event';
import { consoleBase, explain, fail, isRegion, ok, PARSE_OPTIONS, toEvent } from './common';
import { type EventNormalizer, noTime, occurredAt } from './envelope';

const complianceChange = z.object({
  configRuleName: z.string().min(1),
  resourceId: z.string().optional(),
  resourceType: z.string().optional(),
  awsAccountId: z.string().optional(),
  awsRegion: z.string().optional(),
  notificationCreationTime: z.string().optional(),
  newEvaluationResult: z.object({
    complianceType: z.string().min(1),
    resultRecordedTime: z.string().optional(),
    annotation: z.string().optional(),
  }),
});

/** docs/normalized-event.md: NON_COMPLIANT → medium (open), COMPLIANT → info (resolved), otherwise info. */
export function configCompliance(complianceType: string): { severity: Severity; status: Status } {
  switch (complianceType) {
    case 'NON_COMPLIANT':
      return { severity: 'medium', status: 'open' };
    case 'COMPLIANT':
      return { severity: 'info', status: 'resolved' };
    default:
      return { severity: 'info', status: 'info' };
  }
}

export const normalizeConfig: EventNormalizer = (event, payload, ctx) => {
  const parsed = complianceChange.safeParse(event.detail, PARSE_OPTIONS);
  if (!parsed.success) return fail(explain('Config compliance change', parsed.error, 'detail'));
  const d = parsed.data;
  const result = d.newEvaluationResult;
  const when = occurredAt(event, result.resultRecordedTime, d.notificationCreationTime);
  if (!when) return fail(noTime('Config compliance change', event));
  const region = d.awsRegion ?? event.region;
  const subject = [d.resourceType, d.resourceId].filter(Boolean).join(' ') || 'resource';
  const annotation = result.annotation?.trim();
  const outcome = configCompliance(result.complianceType);
  return ok([
    toEvent(ctx, 'config', [event.id], {
      kind: 'compliance',
      severity: outcome.severity,
      status: outcome.status,
      title: `Config rule ${d.configRuleName}: ${subject} is ${result.complianceType}${annotation ? `: ${annotation}` : ''}`,
      occurredAt: when,
      account: d.awsAccountId ?? event.account,
      region,
      resource: d.resourceId,
      url: isRegion(region)
        ? `${consoleBase(region)}/config/home?region=${region}#/rules/details?configRuleName=${encodeURIComponent(d.configRuleName)}`
        : undefined,
      raw: payload,
    }),
  ]);
};
