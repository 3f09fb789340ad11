import { normalizeDelivery } from '../../../lambda-src/collector/normalize';
import { pagerDutySeverity, pagerDutyStatus } from '../../../lambda-src/collector/normalize/pagerduty';
import { ctx, fixture, only, reason } from './support';

const PRIORITY_UPDATED = 'pagerduty/webhook-v3.incident.priority_updated.pagerduty-docs.json';
const SIGNED_BODY = 'pagerduty/webhook-v3.incident.priority_updated.signed-test-body.go-pagerduty.json';
const DATA_ONLY = 'pagerduty/webhook-v3.event-data-only.incident.pagerduty-docs.json';
const SERVICE_UPDATED = 'pagerduty/webhook-v3.service.updated.pagerduty-docs.json';

/** The documented v3 body (`{ event: { id, event_type, resource_type, occurred_at, agent, client, data } }`). */
function webhook(eventType: string, data: unknown, id = '01BRB6ZP4M6T8ZG4X6BP63ZB9P') {
  return {
    event: {
      id,
      event_type: eventType,
      resource_type: 'incident',
      occurred_at: '2020-10-02T18:45:22.169Z',
      agent: null,
      client: null,
      data,
    },
  };
}

describe('PagerDuty v3 webhooks', () => {
  test('incident.priority_updated (docs body)', () => {
    const doc = only(normalizeDelivery('pagerduty', fixture(PRIORITY_UPDATED), ctx()));
    expect(doc).toMatchObject({
      source: 'pagerduty',
      kind: 'incident',
      severity: 'critical', // priority P1
      status: 'open', // data.status "triggered"
      title: '#2 A little bump in the road (priority updated)',
      occurredAt: '2020-10-02T18:45:22.169Z',
      resource: 'API Service', // the PagerDuty service
      url: 'https://acme.pagerduty.com/incidents/PGR0VU2',
    });
    expect(doc).not.toHaveProperty('account');
  });

  test('incident.priority_updated (go-pagerduty signed test body)', () => {
    const doc = only(normalizeDelivery('pagerduty', fixture(SIGNED_BODY), ctx()));
    expect(doc).toMatchObject({
      kind: 'incident',
      severity: 'critical',
      status: 'open',
      title: '#2 A little bump in the road (priority updated)',
      occurredAt: '2021-04-26T17:36:27.458Z',
      resource: 'API Service',
      url: 'https://acme.pagerduty.com/incidents/PGR0VU2',
    });
  });

  test('two deliveries about the same incident are two documents (ids come from event.id)', () => {
    expect(only(normalizeDelivery('pagerduty', fixture(PRIORITY_UPDATED), ctx())).id).not.toBe(
      only(normalizeDelivery('pagerduty', fixture(SIGNED_BODY), ctx())).id,
    );
  });

  test('incident data (event.data-only fixture) in a documented incident.triggered body', () => {
    const data = fixture(DATA_ONLY);
    const doc = only(normalizeDelivery('pagerduty', webhook('incident.triggered', data), ctx()));
    expect(doc).toMatchObject({
      kind: 'incident',
      severity: 'critical', // P1
      status: 'open',
      title: '#2 A little bump in the road (triggered)',
      resource: 'API Service',
      url: 'https://acme.pagerduty.com/incidents/PGR0VU2',
    });
  });

  test('service.updated is kept as info', () => {
    const doc = only(normalizeDelivery('pagerduty', fixture(SERVICE_UPDATED), ctx()));
    expect(doc).toMatchObject({
      source: 'pagerduty',
      kind: 'incident',
      severity: 'info',
      status: 'info',
      title: 'PagerDuty service.updated: testing service updates',
      occurredAt: '2021-03-02T13:35:11.682Z',
      resource: 'testing service updates',
      url: 'https://acme.pagerduty.com/services/PF9KMXH',
    });
  });

  test('an incident.annotated event is titled from the incident it references', () => {
    const data = {
      incident: {
        html_url: 'https://acme.pagerduty.com/incidents/PGR0VU2',
        id: 'PGR0VU2',
        self: 'https://api.pagerduty.com/incidents/PGR0VU2',
        summary: 'A little bump in the road',
        type: 'incident_reference',
      },
      id: 'PWL7QXS',
      content: 'Restarted the workers',
      trimmed: false,
      type: 'incident_note',
    };
    expect(only(normalizeDelivery('pagerduty', webhook('incident.annotated', data), ctx()))).toMatchObject({
      kind: 'incident',
      severity: 'info',
      status: 'info',
      title: 'A little bump in the road (annotated)',
      url: 'https://acme.pagerduty.com/incidents/PGR0VU2',
    });
  });

  test.each([
    ['incident.triggered', 'acknowledged', 'open'],
    ['incident.reopened', 'resolved', 'open'],
    ['incident.unacknowledged', 'acknowledged', 'open'],
    ['incident.acknowledged', 'triggered', 'acknowledged'],
    ['incident.resolved', 'triggered', 'resolved'],
    ['incident.escalated', 'triggered', 'open'],
    ['incident.priority_updated', 'acknowledged', 'acknowledged'],
    ['incident.reassigned', 'resolved', 'resolved'],
    ['incident.annotated', undefined, 'info'],
  ])('%s with data.status %s → %s', (eventType, dataStatus, expected) => {
    expect(pagerDutyStatus(eventType, dataStatus)).toBe(expected);
    const data = { ...fixture(DATA_ONLY), status: dataStatus };
    expect(only(normalizeDelivery('pagerduty', webhook(eventType, data), ctx())).status).toBe(expected);
  });

  test.each([
    ['P1', 'high', 'critical'],
    ['P2', 'low', 'high'],
    ['P3', 'high', 'medium'],
    ['P4', 'high', 'low'],
    ['P5', 'high', 'info'],
    ['SEV-1', 'high', 'high'],
    [undefined, 'high', 'high'],
    [undefined, 'low', 'low'],
    [undefined, undefined, 'info'],
  ])('priority %s, urgency %s → %s', (priority, urgency, expected) => {
    expect(pagerDutySeverity(priority, urgency)).toBe(expected);
  });

  test('an incident without priority is ranked by urgency', () => {
    const data = { ...fixture(DATA_ONLY), priority: null, urgency: 'low' };
    expect(only(normalizeDelivery('pagerduty', webhook('incident.triggered', data), ctx())).severity).toBe(
      'low',
    );
  });

  test('fails on a v2 (messages) body', () => {
    expect(reason(normalizeDelivery('pagerduty', { messages: [{ event: 'incident.trigger' }] }, ctx()))).toBe(
      'PagerDuty v3 webhook: event: missing (object expected)',
    );
  });

  test('fails on an occurred_at that is not a timestamp', () => {
    const body = fixture(PRIORITY_UPDATED);
    body.event.occurred_at = 'yesterday';
    expect(reason(normalizeDelivery('pagerduty', body, ctx()))).toBe(
      'PagerDuty v3 webhook: event.occurred_at "yesterday" is not a timestamp',
    );
  });
});
