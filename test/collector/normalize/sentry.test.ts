import { normalizeDelivery } from '../../../lambda-src/collector/normalize';
import {
  sentryIssueStatus,
  sentryLevelSeverity,
  sentryMetricAlertOutcome,
} from '../../../lambda-src/collector/normalize/sentry';
import { ctx, fixture, only, reason } from './support';

const ISSUE = 'sentry/webhook.issue.created.sentry-docs.json';
const ERROR = 'sentry/webhook.error.created.sentry-docs.json';
const EVENT_ALERT = 'sentry/webhook.event-alert.triggered.sentry-docs.json';
const METRIC_ALERT = 'sentry/webhook.metric-alert.resolved.sentry-docs.json';

const hook = (resource: string) => ctx({ 'sentry-hook-resource': resource });

describe('Sentry webhooks', () => {
  test('issue created', () => {
    const doc = only(normalizeDelivery('sentry', fixture(ISSUE), hook('issue')));
    expect(doc).toMatchObject({
      source: 'sentry',
      kind: 'exception',
      severity: 'high', // "level": "error"
      status: 'open', // "action": "created"
      title: 'ReferenceError: blooopy is not defined',
      occurredAt: '2019-08-19T20:58:37.391Z', // "firstSeen" (microseconds in the payload)
      resource: 'front-end', // project slug
    });
    // "permalink": null and no web_url in this payload
    expect(doc).not.toHaveProperty('url');
  });

  test('error created', () => {
    const doc = only(normalizeDelivery('sentry', fixture(ERROR), hook('error')));
    expect(doc).toMatchObject({
      kind: 'exception',
      severity: 'high',
      status: 'open',
      title: 'ReferenceError: blooopy is not defined',
      occurredAt: '2019-08-19T20:58:37.391Z',
      resource: 'front-end', // from the event's API url .../projects/test-org/front-end/events/...
      url: 'https://sentry.io/organizations/test-org/issues/1170820242/events/bb78c1407cea4519aa397afc059c793d/',
    });
  });

  test('issue alert (event_alert) triggered', () => {
    const doc = only(normalizeDelivery('sentry', fixture(EVENT_ALERT), hook('event_alert')));
    expect(doc).toMatchObject({
      kind: 'alert',
      severity: 'high',
      status: 'open',
      title: 'Very Important Alert Rule!: ReferenceError: heck is not defined',
      occurredAt: '2019-08-19T21:06:17.677Z',
      resource: 'front-end',
      url: 'https://sentry.io/organizations/test-org/issues/1117540176/events/e4874d664c3540c1a32eab185f12c5ab/',
    });
  });

  test('metric alert resolved', () => {
    const doc = only(normalizeDelivery('sentry', fixture(METRIC_ALERT), hook('metric_alert')));
    expect(doc).toMatchObject({
      kind: 'alert',
      severity: 'info',
      status: 'resolved',
      title: 'Resolved: Too many errors',
      // "date_closed": null: the detection time
      occurredAt: '2020-09-13T12:26:40.000Z',
      resource: 'bar',
      url: 'https://sentry.io/organizations/baz/alerts/1/',
    });
  });

  test('the same payload under another resource header is read as that resource', () => {
    expect(reason(normalizeDelivery('sentry', fixture(ISSUE), hook('metric_alert')))).toMatch(
      /^Sentry metric_alert webhook: data\.metric_alert: missing/,
    );
  });

  test.each([
    ['critical', 'critical', 'open'],
    ['warning', 'medium', 'open'],
    ['resolved', 'info', 'resolved'],
  ])('metric alert action %s → %s / %s', (action, severity, status) => {
    expect(sentryMetricAlertOutcome(action)).toEqual({ severity, status });
    const payload = fixture(METRIC_ALERT);
    payload.action = action;
    expect(only(normalizeDelivery('sentry', payload, hook('metric_alert')))).toMatchObject({
      severity,
      status,
    });
  });

  test('metric alert transitions of one incident get different ids', () => {
    const critical = fixture(METRIC_ALERT);
    critical.action = 'critical';
    expect(only(normalizeDelivery('sentry', critical, hook('metric_alert'))).id).not.toBe(
      only(normalizeDelivery('sentry', fixture(METRIC_ALERT), hook('metric_alert'))).id,
    );
  });

  test.each([
    ['fatal', 'critical'],
    ['error', 'high'],
    ['warning', 'medium'],
    ['info', 'info'],
    ['debug', 'info'],
    [undefined, 'high'],
  ])('level %p → %s', (level, expected) => {
    expect(sentryLevelSeverity(level)).toBe(expected);
  });

  test.each([
    ['created', 'unresolved', 'open'],
    ['unresolved', 'unresolved', 'open'],
    ['resolved', 'resolved', 'resolved'],
    ['ignored', 'ignored', 'resolved'],
    ['archived', 'ignored', 'resolved'],
    ['assigned', 'unresolved', 'acknowledged'],
  ])('issue action %s → %s', (action, issueStatus, expected) => {
    expect(sentryIssueStatus(action, issueStatus)).toBe(expected);
    const payload = fixture(ISSUE);
    payload.action = action;
    payload.data.issue.status = issueStatus;
    const doc = only(normalizeDelivery('sentry', payload, hook('issue')));
    expect(doc.status).toBe(expected);
    if (action !== 'created') expect(doc.title).toBe(`ReferenceError: blooopy is not defined (${action})`);
  });

  test('fails without the Sentry-Hook-Resource header', () => {
    expect(reason(normalizeDelivery('sentry', fixture(ISSUE), ctx()))).toBe(
      'Sentry webhook: missing Sentry-Hook-Resource header',
    );
  });

  test('fails on a resource it does not store', () => {
    expect(reason(normalizeDelivery('sentry', { action: 'created', data: {} }, hook('installation')))).toBe(
      'Sentry webhook: unsupported Sentry-Hook-Resource "installation" (expected issue, error, event_alert or metric_alert)',
    );
  });
});
