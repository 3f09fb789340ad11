import { NotificationRouting } from '../../constructs/datadog/notification-routing';
import { recipients } from './support';

const routing = new NotificationRouting({
  slackAccount: 'acme',
  slackChannel: 'payments-alerts',
  pagerdutyService: 'payments-prod',
  webhookName: 'observability-collector-prod',
});
const SLACK = '@slack-acme-payments-alerts';
const PAGERDUTY = '@pagerduty-payments-prod';
const WEBHOOK = '@webhook-observability-collector-prod';

describe('a paging monitor', () => {
  const message = routing.message('Targets answer 5xx.', { pages: true });

  test('warns Slack only', () => {
    expect(recipients(message, 'is_warning')).toEqual([SLACK]);
  });

  test('alerts Slack and pages PagerDuty', () => {
    expect(recipients(message, 'is_alert')).toEqual([SLACK, PAGERDUTY]);
  });

  test('recovers to the recipients of the alert, so the incident resolves', () => {
    expect(recipients(message, 'is_recovery')).toEqual(recipients(message, 'is_alert'));
  });

  test('sends every transition to the collector webhook, outside any condition', () => {
    expect(recipients(message, null)).toEqual([WEBHOOK]);
  });

  test('starts with the body', () => {
    expect(message.startsWith('Targets answer 5xx.\n')).toBe(true);
  });
});

describe('a monitor that does not page', () => {
  const message = routing.message('CPU is high.', { pages: false });

  test('never mentions PagerDuty', () => {
    expect(message).not.toContain('@pagerduty');
    expect(recipients(message, 'is_alert')).toEqual([SLACK]);
    expect(recipients(message, 'is_recovery')).toEqual([SLACK]);
    expect(recipients(message, 'is_warning')).toEqual([SLACK]);
  });

  test('still reaches the collector', () => {
    expect(recipients(message, null)).toEqual([WEBHOOK]);
  });
});

test('no-data is routed like an alert only for monitors that alert on silence', () => {
  expect(recipients(routing.message('x', { pages: true, notifyNoData: true }), 'is_no_data')).toEqual([
    SLACK,
    PAGERDUTY,
  ]);
  expect(routing.message('x', { pages: true })).not.toContain('is_no_data');
});

test('without a PagerDuty service nothing pages, even paging monitors', () => {
  const slackOnly = new NotificationRouting({
    slackChannel: 'search-alerts',
    webhookName: 'observability-collector-prod',
  });
  const message = slackOnly.message('x', { pages: true });
  expect(message).not.toContain('@pagerduty');
  // Without a workspace name Datadog's short channel form is used.
  expect(recipients(message, 'is_alert')).toEqual(['@slack-search-alerts']);
});
