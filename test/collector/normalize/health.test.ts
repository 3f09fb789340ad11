import { normalizeDelivery } from '../../../lambda-src/collector/normalize';
import { healthOutcome } from '../../../lambda-src/collector/normalize/health';
import { ctx, fixture, healthEnvelope, only, reason } from './support';

const ISSUE = 'health/aws-health-event.issue.instance-store-degraded.aws-health-tools.json';
const NOTIFICATION =
  'health/aws-health-event.account-notification.ec2-maintenance.aws-health-events-insight.json';
const SCHEDULED = 'health/detail-only.scheduled-change.ec2-maintenance.aws-health-events-insight.json';

describe('AWS Health events (AWS Health Event)', () => {
  test('an open issue (aws-health-tools sample) is high and open', () => {
    const event = fixture(ISSUE);
    const doc = only(normalizeDelivery('eventbridge', event, ctx()));
    expect(doc).toMatchObject({
      source: 'health',
      kind: 'health',
      severity: 'high', // "eventTypeCategory": "issue"
      status: 'open', // no "statusCode": still open
      title:
        'AWS Health EC2 AWS_EC2_INSTANCE_STORE_DRIVE_PERFORMANCE_DEGRADED: A description of the event will be provided here',
      occurredAt: '2016-06-05T15:10:09.000Z', // "startTime": "Sat, 05 Jun 2016 15:10:09 GMT"
      account: '123456789012',
      region: 'us-west-2',
      resource: 'i-abcd1111', // affectedEntities[0].entityValue
      url: `https://health.aws.amazon.com/health/home#/account/event-log?eventID=${encodeURIComponent(event.detail.eventArn)}`,
    });
    expect(doc.raw).toBe(event);
  });

  test('a scheduled change (detail-only sample, documented envelope) is medium and open', () => {
    const doc = only(normalizeDelivery('eventbridge', healthEnvelope(fixture(SCHEDULED)), ctx()));
    expect(doc).toMatchObject({
      severity: 'medium', // "scheduledChange"
      status: 'open', // "statusCode": "upcoming"
      occurredAt: '2023-08-29T03:13:27.000Z', // "lastUpdatedTime" wins over "startTime"
      region: 'us-west-2', // "eventRegion"
      resource: 'arn:ec2-1-101002929',
      title:
        'AWS Health EC2 AWS_EC2_MAINTENANCE_SCHEDULED: This is a test AWS Health Event AWS_EC2_MAINTENANCE_SCHEDULED',
    });
  });

  test('an account notification is information (the category is compared ignoring case)', () => {
    const doc = only(normalizeDelivery('eventbridge', fixture(NOTIFICATION), ctx()));
    expect(doc).toMatchObject({ severity: 'info', status: 'info', region: 'us-west-2' });
    expect(doc.resource).toBeUndefined(); // no affected entity, empty `resources`
  });

  test('a closed issue is resolved; its severity stays that of the category', () => {
    const event = fixture(ISSUE);
    event.detail.statusCode = 'closed';
    expect(only(normalizeDelivery('eventbridge', event, ctx()))).toMatchObject({
      severity: 'high',
      status: 'resolved',
    });
  });

  test('an update of the same Health event is a new document; a retried delivery is the same one', () => {
    const first = fixture(SCHEDULED);
    const later = {
      ...fixture(SCHEDULED),
      lastUpdatedTime: 'Wed, 30 Aug 2023 10:00:00 GMT',
      statusCode: 'closed',
    };
    const a = only(normalizeDelivery('eventbridge', healthEnvelope(first), ctx()));
    const again = only(normalizeDelivery('eventbridge', healthEnvelope(fixture(SCHEDULED)), ctx()));
    const b = only(normalizeDelivery('eventbridge', healthEnvelope(later), ctx()));
    expect(again.id).toBe(a.id);
    expect(b.id).not.toBe(a.id);
    expect(b.status).toBe('resolved');
  });

  test.each([
    ['issue', undefined, 'high', 'open'],
    ['issue', 'open', 'high', 'open'],
    ['issue', 'closed', 'high', 'resolved'],
    ['scheduledChange', 'upcoming', 'medium', 'open'],
    ['scheduledChange', 'closed', 'medium', 'resolved'],
    ['accountNotification', 'open', 'info', 'info'],
    ['accountNotification', 'closed', 'info', 'resolved'],
    ['investigation', undefined, 'info', 'info'],
  ] as const)('category %s, statusCode %s → %s, %s', (category, statusCode, severity, status) => {
    expect(healthOutcome(category, statusCode)).toEqual({ severity, status });
  });

  test('a Health event without an event ARN is refused with a reason that names the field', () => {
    const event = fixture(ISSUE);
    delete event.detail.eventArn;
    expect(reason(normalizeDelivery('eventbridge', event, ctx()))).toBe(
      'AWS Health event: detail.eventArn: missing (string expected)',
    );
  });

  test('a category of the wrong type is refused with what was expected and what arrived', () => {
    const event = fixture(ISSUE);
    event.detail.eventTypeCategory = 7;
    expect(reason(normalizeDelivery('eventbridge', event, ctx()))).toBe(
      'AWS Health event: detail.eventTypeCategory: expected string, got number 7',
    );
  });
});
