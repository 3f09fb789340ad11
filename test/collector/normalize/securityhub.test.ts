import { normalizeDelivery } from '../../../lambda-src/collector/normalize';
import {
  asffSeverity,
  asffStatus,
  ocsfSeverity,
  ocsfStatus,
} from '../../../lambda-src/collector/normalize/securityhub';
import { ctx, documents, fixture, only, reason, securityHubEnvelope } from './support';

const AFSBP = 'securityhub/findings-imported.afsbp-ec2.7.aws-solutions.json';
const CIS = 'securityhub/findings-imported.cis-1.4.aws-solutions.json';
const GUARDDUTY_ASFF = 'securityhub/asff-finding-only.guardduty-in-securityhub.awsdocs.json';

/**
 * An OCSF finding with only the fields the normalizer reads, named as in AWS's "OCSF findings in Security Hub"
 * documentation (no real `Findings Imported V2` capture is available; see docs/normalizers.md).
 */
function ocsfFinding(overrides: Record<string, unknown> = {}) {
  return {
    finding_info: {
      uid: 'arn:aws:guardduty:us-west-2:111122223333:detector/d1/finding/f1',
      title: 'EC2 instance is communicating with a known command and control server',
      modified_time_dt: '2025-06-01T10:00:00.000Z',
    },
    severity_id: 4,
    severity: 'High',
    status_id: 1,
    status: 'New',
    cloud: { account: { uid: '111122223333' }, region: 'us-west-2' },
    resources: [{ uid: 'i-0123456789abcdef0', region: 'us-west-2' }],
    ...overrides,
  };
}

describe('Security Hub ASFF findings (Security Hub Findings - Imported)', () => {
  test('AFSBP EC2.7 control finding', () => {
    const event = fixture(AFSBP);
    const doc = only(normalizeDelivery('eventbridge', event, ctx()));
    expect(doc).toMatchObject({
      source: 'securityhub',
      kind: 'security_finding',
      severity: 'info', // "Label": "INFORMATIONAL"
      status: 'open', // "Workflow": { "Status": "NEW" }
      title: 'EC2.7 EBS default encryption should be enabled',
      occurredAt: '2021-02-17T14:56:09.063Z', // "UpdatedAt"
      account: '111111111111',
      region: 'us-east-1',
      resource: 'AWS::::Account:111111111111',
    });
    // raw is the finding itself (one document per finding)
    expect(doc.raw).toBe(event.detail.findings[0]);
    expect(doc.url).toMatch(
      /^https:\/\/us-east-1\.console\.aws\.amazon\.com\/securityhub\/home\?region=us-east-1#\/findings\?search=Id%3D%255Coperator%255C%253AEQUALS%255C%253Aarn%253Aaws%253Asecurityhub/,
    );
  });

  test('CIS 1.4 finding', () => {
    const doc = only(normalizeDelivery('eventbridge', fixture(CIS), ctx()));
    expect(doc).toMatchObject({
      severity: 'medium', // "Label": "MEDIUM"
      status: 'open',
      title: '1.4 Ensure access keys are rotated every 90 days or less',
      occurredAt: '2020-05-27T03:38:28.102Z',
      account: '111111111111',
      region: 'us-east-1',
      resource: 'AWS::::Account:111111111111',
    });
  });

  test('GuardDuty finding as ASFF (finding-only fixture in the documented envelope)', () => {
    const finding = fixture(GUARDDUTY_ASFF);
    const doc = only(
      normalizeDelivery(
        'eventbridge',
        securityHubEnvelope('Security Hub Findings - Imported', [finding]),
        ctx(),
      ),
    );
    expect(doc).toMatchObject({
      severity: 'medium', // "Label": "MEDIUM"
      status: 'open',
      title: '199.241.229.197 is performing SSH brute force attacks against i-0c10c2c7863d1a356.',
      occurredAt: '2020-09-30T12:14:00.206Z',
      account: '193043430472',
      region: 'us-east-1', // from Resources[0].Region, not the envelope's us-west-2
      resource: 'arn:aws::ec2:us-east-1:193043430472:instance/i-0c10c2c7863d1a356',
    });
  });

  test('an event with several findings gives one document per finding, each with its own id and raw', () => {
    const findings = [
      fixture(AFSBP).detail.findings[0],
      fixture(CIS).detail.findings[0],
      fixture(GUARDDUTY_ASFF),
    ];
    const docs = documents(
      normalizeDelivery(
        'eventbridge',
        securityHubEnvelope('Security Hub Findings - Imported', findings),
        ctx(),
      ),
    );
    expect(docs.map((d) => d.title)).toEqual([
      'EC2.7 EBS default encryption should be enabled',
      '1.4 Ensure access keys are rotated every 90 days or less',
      '199.241.229.197 is performing SSH brute force attacks against i-0c10c2c7863d1a356.',
    ]);
    expect(new Set(docs.map((d) => d.id)).size).toBe(3);
    for (const [i, d] of docs.entries()) expect(d.raw).toBe(findings[i]);
  });

  test('the same finding updated later is a new document', () => {
    const first = fixture(CIS);
    const later = fixture(CIS);
    later.detail.findings[0].UpdatedAt = '2020-05-28T03:38:28.102Z';
    expect(only(normalizeDelivery('eventbridge', first, ctx())).id).not.toBe(
      only(normalizeDelivery('eventbridge', later, ctx())).id,
    );
  });

  test.each([
    ['CRITICAL', 'critical'],
    ['HIGH', 'high'],
    ['MEDIUM', 'medium'],
    ['LOW', 'low'],
    ['INFORMATIONAL', 'info'],
  ])('Severity.Label %s → %s', (label, expected) => {
    expect(asffSeverity(label, undefined)).toBe(expected);
    const event = fixture(CIS);
    event.detail.findings[0].Severity.Label = label;
    expect(only(normalizeDelivery('eventbridge', event, ctx())).severity).toBe(expected);
  });

  test.each([
    [100, 'critical'],
    [90, 'critical'],
    [89, 'high'],
    [70, 'high'],
    [69, 'medium'],
    [40, 'medium'],
    [39, 'low'],
    [1, 'low'],
    [0, 'info'],
  ])('without a label, Severity.Normalized %d → %s', (normalized, expected) => {
    expect(asffSeverity(undefined, normalized)).toBe(expected);
  });

  test.each([
    ['NEW', 'ACTIVE', 'open'],
    ['NOTIFIED', 'ACTIVE', 'acknowledged'],
    ['RESOLVED', 'ACTIVE', 'resolved'],
    ['SUPPRESSED', 'ACTIVE', 'resolved'],
    ['NEW', 'ARCHIVED', 'resolved'],
  ])('Workflow.Status %s with RecordState %s → %s', (workflow, recordState, expected) => {
    expect(asffStatus(workflow, recordState)).toBe(expected);
  });

  test('fails on a finding without Id, naming its index', () => {
    const event = fixture(CIS);
    delete event.detail.findings[0].Id;
    expect(reason(normalizeDelivery('eventbridge', event, ctx()))).toMatch(
      /^Security Hub ASFF finding: detail\.findings\[0\]\.Id: /,
    );
  });

  test('fails on an event without findings', () => {
    const event = fixture(CIS);
    event.detail.findings = [];
    expect(reason(normalizeDelivery('eventbridge', event, ctx()))).toMatch(
      /^Security Hub event: detail\.findings: /,
    );
  });
});

describe('Security Hub OCSF findings (Findings Imported V2)', () => {
  test('maps finding_info, severity_id, status_id, cloud and resources', () => {
    const finding = ocsfFinding();
    const doc = only(
      normalizeDelivery('eventbridge', securityHubEnvelope('Findings Imported V2', [finding]), ctx()),
    );
    expect(doc).toMatchObject({
      source: 'securityhub',
      kind: 'security_finding',
      severity: 'high',
      status: 'open',
      title: 'EC2 instance is communicating with a known command and control server',
      occurredAt: '2025-06-01T10:00:00.000Z',
      account: '111122223333',
      region: 'us-west-2',
      resource: 'i-0123456789abcdef0',
    });
    expect(doc.raw).toBe(finding);
    expect(doc.url).toMatch(/\/securityhub\/v2\/home\?region=us-west-2#\/findings\?search=finding_info\.uid/);
  });

  test.each([
    [1, 'info'],
    [2, 'low'],
    [3, 'medium'],
    [4, 'high'],
    [5, 'critical'],
    [6, 'critical'],
  ])('severity_id %d → %s', (id, expected) => {
    expect(ocsfSeverity(id, undefined)).toBe(expected);
    const event = securityHubEnvelope('Findings Imported V2', [
      ocsfFinding({ severity_id: id, severity: 'Other' }),
    ]);
    expect(only(normalizeDelivery('eventbridge', event, ctx())).severity).toBe(expected);
  });

  test.each([
    [0, 'Critical', 'critical'],
    [99, 'Low', 'low'],
    [0, 'Unknown', 'info'],
    [undefined, undefined, 'info'],
  ])('severity_id %s falls back to the caption %s → %s', (id, caption, expected) => {
    expect(ocsfSeverity(id, caption)).toBe(expected);
  });

  test.each([
    [1, undefined, undefined, 'open'],
    [2, undefined, undefined, 'acknowledged'],
    [3, undefined, undefined, 'resolved'],
    [4, undefined, undefined, 'resolved'],
    [5, undefined, undefined, 'resolved'],
    [undefined, 'In Progress', undefined, 'acknowledged'],
    [undefined, 'Resolved', undefined, 'resolved'],
    [undefined, undefined, 3, 'resolved'],
    [undefined, undefined, 1, 'open'],
  ])('status_id %s / status %s / activity_id %s → %s', (id, caption, activity, expected) => {
    expect(ocsfStatus(id, caption, activity)).toBe(expected);
  });

  test('fails without finding_info.uid', () => {
    const event = securityHubEnvelope('Findings Imported V2', [
      ocsfFinding({ finding_info: { title: 'x' } }),
    ]);
    expect(reason(normalizeDelivery('eventbridge', event, ctx()))).toMatch(
      /^Security Hub OCSF finding: detail\.findings\[0\]\.finding_info\.uid: /,
    );
  });
});
