import { normalizeDelivery } from '../../../lambda-src/collector/normalize';
import { toilOutcome } from '../../../lambda-src/collector/normalize/toil';
import { ctx, only, reason } from './support';

/** A toil event as the automation puts it on the default bus (schema in docs/normalizers.md). */
function toilEvent(detail: Record<string, unknown>) {
  return {
    version: '0',
    id: '7bf73129-1428-4cd3-a780-95db273d1602',
    'detail-type': 'Toil Automation Result',
    source: 'observability.toil',
    account: '222222222222',
    time: '2026-11-20T03:00:05Z',
    region: 'ap-northeast-1',
    resources: [],
    detail,
  };
}

describe('toil events', () => {
  test('a failed patch run', () => {
    const event = toilEvent({
      action: 'patch-instances',
      status: 'failed',
      summary: 'Patched 10 of 12 instances; 2 failed to reboot',
      resource: 'arn:aws:ssm:ap-northeast-1:222222222222:maintenancewindow/mw-0c50858d01EXAMPLE',
      url: 'https://ap-northeast-1.console.aws.amazon.com/systems-manager/maintenance-windows/mw-0c50858d01EXAMPLE',
      occurredAt: '2026-11-20T03:00:01Z',
    });
    expect(only(normalizeDelivery('eventbridge', event, ctx()))).toMatchObject({
      source: 'toil',
      kind: 'toil',
      severity: 'medium',
      status: 'open',
      title: 'patch-instances: Patched 10 of 12 instances; 2 failed to reboot',
      occurredAt: '2026-11-20T03:00:01.000Z',
      account: '222222222222',
      region: 'ap-northeast-1',
      resource: 'arn:aws:ssm:ap-northeast-1:222222222222:maintenancewindow/mw-0c50858d01EXAMPLE',
      url: 'https://ap-northeast-1.console.aws.amazon.com/systems-manager/maintenance-windows/mw-0c50858d01EXAMPLE',
    });
  });

  test('without occurredAt the event time is used, and any custom source works', () => {
    const event = {
      ...toilEvent({ action: 'log-cleanup', status: 'succeeded', summary: 'Deleted 3 log groups' }),
      source: 'com.acme.toil',
    };
    expect(only(normalizeDelivery('eventbridge', event, ctx()))).toMatchObject({
      severity: 'info',
      status: 'info',
      occurredAt: '2026-11-20T03:00:05.000Z',
    });
  });

  test.each([
    ['started', undefined, 'info', 'info'],
    ['succeeded', undefined, 'info', 'info'],
    ['failed', undefined, 'medium', 'open'],
    ['needs_attention', undefined, 'medium', 'open'],
    ['resolved', undefined, 'info', 'resolved'],
    ['failed', 'critical', 'critical', 'open'],
    ['succeeded', 'low', 'low', 'info'],
  ] as const)('status %s with severity %s → %s / %s', (status, given, severity, expected) => {
    expect(toilOutcome(status, given)).toEqual({ severity, status: expected });
  });

  test('fails on an unknown status, saying which source sent it', () => {
    const event = toilEvent({ action: 'patch-instances', status: 'exploded', summary: 'x' });
    expect(reason(normalizeDelivery('eventbridge', event, ctx()))).toMatch(
      /^toil event from custom source "observability\.toil": detail\.status: /,
    );
  });

  test('fails on a custom event that is not a toil event', () => {
    const event = toilEvent({ orderId: 42 });
    expect(reason(normalizeDelivery('eventbridge', event, ctx()))).toMatch(
      /detail\.action: .*detail\.status: .*detail\.summary: /,
    );
  });
});
