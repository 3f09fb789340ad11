import { normalizeDelivery } from '../../../lambda-src/collector/normalize';
import { guardDutySeverity } from '../../../lambda-src/collector/normalize/guardduty';
import { ctx, fixture, guardDutyEnvelope, only, reason } from './support';

describe('GuardDuty findings', () => {
  test('EC2 network connection finding (detail-only fixture in the documented envelope)', () => {
    // Prepare
    const detail = fixture('guardduty/finding-detail-only.ec2-network-connection.aws-samples.json');
    // Act
    const doc = only(normalizeDelivery('eventbridge', guardDutyEnvelope(detail), ctx()));
    // Assess: values read from the fixture file
    expect(doc).toMatchObject({
      source: 'guardduty',
      kind: 'security_finding',
      severity: 'medium', // "severity": 5
      status: 'open', // "archived": false
      title: 'Canary:EC2/Stateless.IntegTest',
      occurredAt: '2017-10-31T23:16:23.824Z', // "updatedAt"
      account: '123456789012',
      region: 'us-east-1',
      resource: 'i-05746eb48123455e0',
      url: 'https://us-east-1.console.aws.amazon.com/guardduty/home?region=us-east-1#/findings?macros=current&fId=16afba5c5c43e07c9e3e5e2e544e95df',
    });
  });

  test('IAM API call finding: access key resource, archived finding is resolved', () => {
    const detail = fixture('guardduty/finding-detail-only.iam-api-call.aws-samples.json');
    const doc = only(normalizeDelivery('eventbridge', guardDutyEnvelope(detail), ctx()));
    expect(doc).toMatchObject({
      source: 'guardduty',
      kind: 'security_finding',
      severity: 'medium', // "severity": 5
      status: 'resolved', // "archived": true
      title:
        'Reconnaissance API GeneratedFindingAPIName was invoked from an IP address on a custom threat list.',
      occurredAt: '2022-01-13T00:00:47.427Z',
      account: '123456789012',
      region: 'us-east-1',
      // resourceType AccessKey: the user, although the finding also has instanceDetails
      resource: 'GeneratedFindingUserName',
    });
  });

  test('SSH brute force (partial envelope: region + detail) completed with the documented envelope', () => {
    const partial = fixture('guardduty/partial-envelope.ssh-bruteforce.aws-samples.json');
    const event = { ...guardDutyEnvelope(partial.detail, partial.region) };
    const doc = only(normalizeDelivery('eventbridge', event, ctx()));
    expect(doc).toMatchObject({
      severity: 'low', // "severity": 2
      status: 'open',
      // the fixture's title ends with a space: titles are trimmed
      title: '198.51.100.0 is performing SSH brute force attacks against i-99999999.',
      occurredAt: '2018-05-11T14:56:39.976Z',
      // no accountId in this detail: the envelope's account is used
      account: '123456789012',
      region: 'us-east-1',
      resource: 'i-99999999',
    });
    expect(doc.raw).toEqual(event);
  });

  test('raw is the original event, unchanged and not copied', () => {
    const event = guardDutyEnvelope(fixture('guardduty/finding-detail-only.iam-api-call.aws-samples.json'));
    const before = JSON.stringify(event);
    const doc = only(normalizeDelivery('eventbridge', event, ctx()));
    expect(doc.raw).toBe(event);
    expect(JSON.stringify(event)).toBe(before);
  });

  test.each([
    [10, 'critical'],
    [9.0, 'critical'],
    [8.9, 'high'],
    [7.0, 'high'],
    [6.9, 'medium'],
    [4.0, 'medium'],
    [3.9, 'low'],
    [1.0, 'low'],
    [0.5, 'info'],
  ])('severity %d → %s', (score, expected) => {
    expect(guardDutySeverity(score)).toBe(expected);
    const detail = fixture('guardduty/finding-detail-only.ec2-network-connection.aws-samples.json');
    detail.severity = score;
    expect(only(normalizeDelivery('eventbridge', guardDutyEnvelope(detail), ctx())).severity).toBe(expected);
  });

  test('fails when the finding has no severity, naming the field', () => {
    const detail = fixture('guardduty/finding-detail-only.ec2-network-connection.aws-samples.json');
    delete detail.severity;
    expect(reason(normalizeDelivery('eventbridge', guardDutyEnvelope(detail), ctx()))).toBe(
      'GuardDuty finding: detail.severity: missing (number expected)',
    );
  });

  test('fails on a severity that is not a number', () => {
    const detail = fixture('guardduty/finding-detail-only.ec2-network-connection.aws-samples.json');
    detail.severity = 'HIGH';
    expect(reason(normalizeDelivery('eventbridge', guardDutyEnvelope(detail), ctx()))).toBe(
      'GuardDuty finding: detail.severity: expected number, got string "HIGH"',
    );
  });

  test('fails on a detail-only finding posted without its envelope', () => {
    const detail = fixture('guardduty/finding-detail-only.ec2-network-connection.aws-samples.json');
    expect(reason(normalizeDelivery('eventbridge', detail, ctx()))).toMatch(
      /^EventBridge event: .*detail-type/,
    );
  });
});
