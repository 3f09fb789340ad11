import { normalizeDelivery } from '../../../lambda-src/collector/normalize';
import { inspectorSeverity, inspectorStatus } from '../../../lambda-src/collector/normalize/inspector';
import { ctx, fixture, only, reason } from './support';

const FILE = 'inspector2/inspector2-finding.ec2-package-vulnerability.awsdocs.json';

describe('Inspector findings', () => {
  test('EC2 package vulnerability finding', () => {
    const doc = only(normalizeDelivery('eventbridge', fixture(FILE), ctx()));
    expect(doc).toMatchObject({
      source: 'inspector',
      kind: 'vulnerability',
      severity: 'medium', // "severity": "MEDIUM"
      status: 'resolved', // "status": "CLOSED"
      title: 'CVE-2024-29069 - snapd',
      occurredAt: '2024-09-04T17:00:36.951Z', // "updatedAt": "Wed Sep 04 17:00:36.951 UTC 2024"
      account: '123456789012',
      region: 'eu-central-1',
      resource: 'i-12345678901234567',
    });
    expect(doc.url).toMatch(
      /^https:\/\/eu-central-1\.console\.aws\.amazon\.com\/inspector\/v2\/home\?region=eu-central-1#/,
    );
  });

  test.each([
    ['CRITICAL', 'critical'],
    ['HIGH', 'high'],
    ['MEDIUM', 'medium'],
    ['LOW', 'low'],
    ['INFORMATIONAL', 'info'],
    ['UNTRIAGED', 'info'],
  ])('severity %s → %s', (label, expected) => {
    expect(inspectorSeverity(label)).toBe(expected);
    const event = fixture(FILE);
    event.detail.severity = label;
    expect(only(normalizeDelivery('eventbridge', event, ctx())).severity).toBe(expected);
  });

  test.each([
    ['ACTIVE', 'open'],
    ['SUPPRESSED', 'resolved'],
    ['CLOSED', 'resolved'],
  ])('status %s → %s', (status, expected) => {
    expect(inspectorStatus(status)).toBe(expected);
  });

  test('different findings in the same event shape get different ids', () => {
    const a = fixture(FILE);
    const b = fixture(FILE);
    b.detail.findingArn = 'arn:aws:inspector2:eu-central-1:123456789012:finding/other';
    expect(only(normalizeDelivery('eventbridge', a, ctx())).id).not.toBe(
      only(normalizeDelivery('eventbridge', b, ctx())).id,
    );
  });

  test('fails without findingArn', () => {
    const event = fixture(FILE);
    delete event.detail.findingArn;
    expect(reason(normalizeDelivery('eventbridge', event, ctx()))).toMatch(
      /^Inspector finding: detail\.findingArn: /,
    );
  });
});
