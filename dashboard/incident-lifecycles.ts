// Realistic incident lifecycles for demo data, tests and the benchmark: the PagerDuty v3 webhook body of
// the docs (test fixture) re-dated and re-typed for each step of an incident (triggered, escalated,
// responder added, acknowledged, priority changed, resolved, sometimes reopened), and the Datadog
// monitor alert that paged it (the Datadog webhook fixture, its message mentioning `@pagerduty-…`).
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

const FIXTURES = path.resolve(__dirname, '..', 'test', 'fixtures', 'events');
const PAGERDUTY_BODY = 'pagerduty/webhook-v3.incident.priority_updated.pagerduty-docs.json';
const DATADOG_BODY =
  'datadog/webhook.monitor-triggered.default-template-plus-custom-fields.inres-thirdparty.json';

function readFixture(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(FIXTURES, file), 'utf8')) as Record<string, unknown>;
}

export interface Delivery {
  readonly route: 'pagerduty' | 'datadog';
  readonly payload: unknown;
}

export interface LifecycleOptions {
  readonly product: string;
  readonly env: string;
  /** PagerDuty incident id (letters and digits). */
  readonly id: string;
  readonly number: number;
  readonly triggeredAt: Date;
  /** Latest instant an event may have; later steps are left out (the incident is still open). */
  readonly now: Date;
  readonly random: () => number;
}

const RESPONDERS = ['Ana Ruiz', 'Ben Okafor', 'Chen Wei', 'Dana Levi', 'Emil Berg'];
const TITLES = [
  'High 5xx rate on checkout API',
  'p99 latency above 2s on search',
  'Queue backlog growing on payment events',
  'Database CPU above 90%',
  'Error budget burn on availability SLO',
];

const user = (name: string) => ({
  id: `PU${name.replace(/\W/g, '').toUpperCase().slice(0, 5)}`,
  type: 'user_reference',
  summary: name,
  self: `https://api.pagerduty.com/users/PU${name.replace(/\W/g, '').toUpperCase().slice(0, 5)}`,
  html_url: `https://acme.pagerduty.com/users/PU${name.replace(/\W/g, '').toUpperCase().slice(0, 5)}`,
});
const SYSTEM = { id: 'PSYSTEM', type: 'service_reference', summary: 'PagerDuty' };

/** Minutes of a log-normal-ish delay: mostly short, sometimes long (as response times are). */
function delayMinutes(random: () => number, median: number): number {
  return Math.max(0.25, median * Math.exp((random() - 0.5) * 2.4));
}

/** The webhook deliveries of one incident, in time order, none after `now`. */
export function incidentLifecycle(o: LifecycleOptions): Delivery[] {
  const pd = readFixture(PAGERDUTY_BODY) as {
    event: Record<string, unknown> & { data: Record<string, unknown> };
  };
  const title = TITLES[o.number % TITLES.length];
  const priority = o.random() < 0.3 ? 'P1' : o.random() < 0.6 ? 'P2' : 'P3';
  const service = `${o.product}-${o.env}`;
  const incident = {
    ...pd.event.data,
    id: o.id,
    number: o.number,
    title,
    self: `https://api.pagerduty.com/incidents/${o.id}`,
    html_url: `https://acme.pagerduty.com/incidents/${o.id}`,
    incident_key: `${o.id.toLowerCase()}-key`,
    created_at: o.triggeredAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    service: { ...(pd.event.data.service as object), summary: service },
    priority: { ...(pd.event.data.priority as object), summary: priority },
    urgency: priority === 'P3' ? 'low' : 'high',
  } as Record<string, unknown>;
  delete incident.reopened_at;
  const out: Delivery[] = [];
  let step = 0;
  const at = (t: number) => new Date(Math.round(t / 1000) * 1000);
  const push = (type: string, when: Date, data: Record<string, unknown>, agent: unknown) => {
    if (when.getTime() > o.now.getTime()) return false;
    out.push({
      route: 'pagerduty',
      payload: {
        event: {
          ...pd.event,
          id: `${o.id}-${step++}-${type.replace(/\W/g, '')}`,
          event_type: type,
          occurred_at: when.toISOString(),
          agent,
          data,
        },
      },
    });
    return true;
  };
  const state = (status: string) => ({ ...incident, status });

  // The Datadog alert that paged the service, a little before PagerDuty opened the incident.
  const dd = readFixture(DATADOG_BODY);
  const alertAt = at(o.triggeredAt.getTime() - (20 + o.random() * 90) * 1000);
  if (alertAt.getTime() <= o.now.getTime())
    out.push({
      route: 'datadog',
      payload: {
        ...dd,
        id: `${o.id}${o.number}`,
        title: `[Triggered] ${title}`,
        alert_title: title,
        date: String(alertAt.getTime()),
        last_updated: String(alertAt.getTime()),
        alert_priority: priority,
        body: `%%%\n${title}\nNotify: @pagerduty-${service} @slack-${o.product}-alerts\n%%%`,
        tags: `env:${o.env},service:${o.product}`,
      },
    });

  let t = o.triggeredAt.getTime();
  if (!push('incident.triggered', at(t), state('triggered'), SYSTEM)) return out;
  const [first, second] = [...RESPONDERS].sort(() => o.random() - 0.5);
  // Sometimes nobody answers the first page in time and the policy escalates.
  if (o.random() < 0.3) {
    t += delayMinutes(o.random, 10) * 60_000;
    if (!push('incident.escalated', at(t), state('triggered'), SYSTEM)) return out;
  }
  t += delayMinutes(o.random, 4) * 60_000;
  if (!push('incident.acknowledged', at(t), state('acknowledged'), user(first!))) return out;
  if (o.random() < 0.4) {
    t += delayMinutes(o.random, 6) * 60_000;
    const responder = {
      type: 'incident_responder',
      incident: { id: o.id, type: 'incident_reference', summary: title, html_url: incident.html_url },
      user: user(second!),
      message: 'Please help with this incident',
    };
    if (!push('incident.responder.added', at(t), responder, user(first!))) return out;
  }
  // Some are raised to P1 (and high urgency) once someone looks.
  if (o.random() < 0.25 && priority !== 'P1') {
    t += delayMinutes(o.random, 5) * 60_000;
    const raised = {
      ...state('acknowledged'),
      priority: { ...(incident.priority as object), summary: 'P1' },
      urgency: 'high',
    };
    incident.priority = raised.priority;
    incident.urgency = raised.urgency;
    if (!push('incident.priority_updated', at(t), raised, user(first!))) return out;
  }
  t += delayMinutes(o.random, 45) * 60_000;
  if (!push('incident.resolved', at(t), state('resolved'), user(o.random() < 0.5 ? first! : second!)))
    return out;
  // A few come back: reopened, acknowledged again and resolved again.
  if (o.random() < 0.1) {
    t += delayMinutes(o.random, 30) * 60_000;
    if (!push('incident.reopened', at(t), state('triggered'), user(first!))) return out;
    t += delayMinutes(o.random, 3) * 60_000;
    if (!push('incident.acknowledged', at(t), state('acknowledged'), user(second!))) return out;
    t += delayMinutes(o.random, 20) * 60_000;
    push('incident.resolved', at(t), state('resolved'), user(second!));
  }
  return out;
}

/** PagerDuty-like incident ids: `Q` and base-36 digits. */
export function incidentId(n: number): string {
  return `Q${n.toString(36).toUpperCase().padStart(6, '0')}`;
}
