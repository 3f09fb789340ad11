import { normalizeDelivery } from '../../../lambda-src/collector/normalize';
import { ctx, fixture, reason } from './support';

describe('EventBridge dispatch', () => {
  test('an AWS event without a normalizer is refused with its source and detail-type', () => {
    // The generic envelope fixture is an EC2 state change, which is not forwarded to the collector.
    expect(
      reason(
        normalizeDelivery(
          'eventbridge',
          fixture('eventbridge/generic-envelope.powertools-python.json'),
          ctx(),
        ),
      ),
    ).toBe(
      'EventBridge event: unsupported source "aws.ec2" with detail-type "EC2 Instance State-change Notification"',
    );
  });

  test('fails on a payload that is not an event, naming the missing envelope fields', () => {
    expect(reason(normalizeDelivery('eventbridge', { hello: 'world' }, ctx()))).toBe(
      'EventBridge event: id: missing (string expected); detail-type: missing (string expected); source: missing (string expected) (and 2 more)',
    );
  });

  test.each([null, 42, 'text', []])('fails on %p', (payload) => {
    expect(reason(normalizeDelivery('eventbridge', payload, ctx()))).toMatch(
      /^EventBridge event: \(payload\): /,
    );
  });

  test('fails on an unknown route', () => {
    expect(reason(normalizeDelivery('nope' as 'datadog', {}, ctx()))).toBe('unknown route "nope"');
  });
});
