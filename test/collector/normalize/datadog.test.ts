import { DATADOG_WEBHOOK_PAYLOAD } from '../../../constructs/datadog/webhook-payload';
import { normalizeDelivery } from '../../../lambda-src/collector/normalize';
import {
  datadogOutcome,
  datadogTransition,
  isSloAlert,
} from '../../../lambda-src/collector/normalize/datadog';
import { ctx, fixture, only, reason } from './support';

const CAPTURE = 'datadog/webhook.monitor-triggered.default-template-plus-custom-fields.inres-thirdparty.json';

/** DATADOG_WEBHOOK_PAYLOAD with its variables rendered the way Datadog documents them. */
function rendered(values: Partial<Record<keyof typeof DATADOG_WEBHOOK_PAYLOAD, unknown>>) {
  const payload: Record<string, unknown> = JSON.parse(JSON.stringify(DATADOG_WEBHOOK_PAYLOAD));
  return { ...payload, ...values };
}

const TRIGGERED = {
  id: '7283737744382899834',
  event_type: 'query_alert_monitor',
  transition: 'Triggered',
  alert_id: '221164084',
  alert_cycle_key: '7283737744382899834',
  alert_status:
    'aws.rds.cpuutilization over dbinstanceidentifier:payments-prod was > 90.0 on average during the last 10m.',
  alert_type: 'error',
  alert_priority: 'P2',
  alert_title: '[Triggered on {dbinstanceidentifier:payments-prod}] RDS CPU high',
  alert_query: 'avg(last_10m):avg:aws.rds.cpuutilization{dbinstanceidentifier:payments-prod} > 90',
  alert_scope: 'dbinstanceidentifier:payments-prod',
  aggregate: '06ade3da0286048d242ea8e46f521c93',
  title: '[P2] [Triggered on {dbinstanceidentifier:payments-prod}] RDS CPU high',
  body: '%%%\nCPU above 90%\n%%%',
  date: '1759343824000',
  last_updated: '1759343824000',
  link: 'https://app.datadoghq.com/event/event?id=7283737744382899834',
  tags: 'env:prod,service:payments',
  hostname: '',
  org: { id: '352347', name: 'acme' },
};

describe('Datadog webhooks', () => {
  test('third-party capture: default payload plus transition and priority', () => {
    const doc = only(normalizeDelivery('datadog', fixture(CAPTURE), ctx()));
    expect(doc).toMatchObject({
      source: 'datadog',
      kind: 'alert',
      severity: 'critical', // "alert_priority": "P1", "transition": "Triggered"
      status: 'open',
      title: '[Triggered] High tracking',
      occurredAt: '2025-10-01T18:37:04.000Z', // "date": "1759343824000"
      // no $LINK in that template: the monitor link from the message body
      url: 'https://app.datadoghq.com/monitors/221164084?from_ts=1759342924000&to_ts=1759344124000&event_id=8306082202796025694&link_source=monitor_notif',
    });
    // no hostname or alert_scope in that template; Datadog carries no AWS account or region
    expect(doc).not.toHaveProperty('resource');
    expect(doc).not.toHaveProperty('account');
    expect(doc).not.toHaveProperty('region');
  });

  test("this project's template (DATADOG_WEBHOOK_PAYLOAD), rendered", () => {
    const doc = only(normalizeDelivery('datadog', rendered(TRIGGERED), ctx()));
    expect(doc).toMatchObject({
      kind: 'alert',
      severity: 'high', // P2
      status: 'open',
      title: '[P2] [Triggered on {dbinstanceidentifier:payments-prod}] RDS CPU high',
      occurredAt: '2025-10-01T18:37:04.000Z',
      resource: 'dbinstanceidentifier:payments-prod', // hostname empty: the alert scope
      url: 'https://app.datadoghq.com/event/event?id=7283737744382899834',
    });
  });

  test('an SLO alert (burn rate query) is kind slo', () => {
    const doc = only(
      normalizeDelivery(
        'datadog',
        rendered({
          ...TRIGGERED,
          event_type: 'slo_alert_monitor',
          alert_query:
            'burn_rate("9d12ca7e3a8a5d19b3d66cbe0bcb8e6c").over("7d").long_window("1h").short_window("5m") > 14.4',
          title: '[Triggered] Checkout availability burn rate',
        }),
        ctx(),
      ),
    );
    expect(doc.kind).toBe('slo');
  });

  test.each([
    ['slo_alert_monitor', 'avg(last_5m):avg:system.cpu.user{*} > 90', true],
    ['query_alert_monitor', 'error_budget("abc").over("30d") > 75', true],
    ['query_alert_monitor', ' burn_rate("abc").over("7d").long_window("1h").short_window("5m") > 14.4', true],
    ['query_alert_monitor', 'avg(last_5m):avg:system.cpu.user{*} > 90', false],
    [undefined, undefined, false],
  ])('isSloAlert(%p, %p) is %p', (eventType, query, expected) => {
    expect(isSloAlert(eventType, query)).toBe(expected);
  });

  test.each([
    ['Triggered', 'P1', 'critical', 'open'],
    ['Re-Triggered', 'P3', 'medium', 'open'],
    ['Renotify', 'P4', 'low', 'open'],
    ['Triggered', 'P5', 'info', 'open'],
    ['Triggered', '', 'high', 'open'],
    ['Warn', 'P1', 'medium', 'open'],
    ['Re-Warn', '', 'medium', 'open'],
    ['No Data', 'P1', 'low', 'open'],
    ['Re-No Data', '', 'low', 'open'],
    ['Recovered', 'P1', 'info', 'resolved'],
    ['Null', 'P1', 'info', 'info'],
  ])('transition %s with priority %p → %s / %s', (transition, priority, severity, status) => {
    const doc = only(
      normalizeDelivery('datadog', rendered({ ...TRIGGERED, transition, alert_priority: priority }), ctx()),
    );
    expect(doc).toMatchObject({ severity, status });
  });

  test.each([
    [undefined, '[Recovered] High tracking', undefined, 'recovered'],
    [undefined, '[P1] [Warn on {host:a}] Disk', undefined, 'warn'],
    [undefined, 'Disk almost full', 'error', 'triggered'],
    [undefined, 'Disk almost full', 'warning', 'warn'],
    [undefined, 'Disk almost full', 'success', 'recovered'],
    [undefined, 'Disk almost full', 'info', 'other'],
    ['No Data', '[Triggered] x', 'error', 'no_data'],
  ])('without a usable transition: %p / %p / %p → %s', (transition, title, alertType, expected) => {
    expect(datadogTransition(transition, title, alertType)).toBe(expected);
  });

  test('outcome of a trigger without priority is high', () => {
    expect(datadogOutcome('triggered', undefined)).toEqual({ severity: 'high', status: 'open' });
  });

  test('unrendered template variables are treated as absent', () => {
    const doc = only(
      normalizeDelivery(
        'datadog',
        rendered({ ...TRIGGERED, hostname: '$HOSTNAME', alert_scope: '$ALERT_SCOPE', link: '$LINK' }),
        ctx(),
      ),
    );
    expect(doc).not.toHaveProperty('resource');
    expect(doc).not.toHaveProperty('url');
  });

  test('fails on the template itself (nothing rendered)', () => {
    expect(reason(normalizeDelivery('datadog', rendered({}), ctx()))).toBe(
      'Datadog webhook: id "$ID" is not a rendered event id ($ID)',
    );
  });

  test('fails without a date', () => {
    expect(
      reason(
        normalizeDelivery(
          'datadog',
          rendered({ ...TRIGGERED, date: '', last_updated: '$LAST_UPDATED' }),
          ctx(),
        ),
      ),
    ).toBe('Datadog webhook: date "" is not an epoch timestamp ($DATE)');
  });

  test('fails without a title', () => {
    const capture = fixture(CAPTURE);
    delete capture.title;
    expect(reason(normalizeDelivery('datadog', capture, ctx()))).toBe(
      'Datadog webhook: neither title ($EVENT_TITLE) nor alert_title ($ALERT_TITLE) is set',
    );
  });
});
