// The documented EventBridge envelopes around samples that carry only the detail (or one finding).
import type { Json } from '../support/synth';

/** GuardDuty's documented EventBridge envelope around a finding (the samples carry the detail only). */
export function guardDutyEnvelope(detail: Json, region = 'us-east-1'): Json {
  return {
    version: '0',
    id: 'c8c4daa7-a20c-2f03-0070-b7393dd542ad',
    'detail-type': 'GuardDuty Finding',
    source: 'aws.guardduty',
    account: detail.accountId ?? '123456789012',
    time: detail.updatedAt ?? '2018-05-11T14:56:39Z',
    region: detail.region ?? region,
    resources: [],
    detail,
  };
}

/** Security Hub's documented `Security Hub Findings - Imported` envelope around one ASFF finding. */
export function securityHubEnvelope(finding: Json): Json {
  return {
    version: '0',
    id: 'CWE-event-id',
    'detail-type': 'Security Hub Findings - Imported',
    source: 'aws.securityhub',
    account: finding.AwsAccountId,
    time: finding.UpdatedAt,
    region: 'us-east-1',
    resources: [finding.ProductArn],
    detail: { findings: [finding] },
  };
}
