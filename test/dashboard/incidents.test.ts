// Incidents and MTTA / MTTR through the query API on a real MongoDB-wire server (FerretDB), checked
// against an oracle that reads the raw PagerDuty webhook bodies directly.

import { type Delivery, incidentId, incidentLifecycle } from '../../dashboard/incident-lifecycles';
import { seededRandom } from '../../dashboard/seeded-random';
import { normalizeDelivery } from '../../lambda-src/collector/normalize';
import type { NormalizedEvent } from '../../lambda-src/collector/normalized-event';
import type {
  IncidentDetailResponse,
  IncidentsResponse,
  ReliabilityResponse,
} from '../../lambda-src/query-api/api-types';
import { type QueryContext, routeQuery } from '../../lambda-src/query-api/routes';
import { EVENTS_COLLECTION, eventsCollection, quarantineCollection } from '../../lambda-src/query-api/store';
import { describeWithMongo } from './support/mongo';

const NOW = new Date('2026-03-10T12:00:00Z');
const DAY = 86_400_000;
const SCOPES = [
  { product: 'payments', env: 'prod' },
  { product: 'payments', env: 'stg' },
  { product: 'search', env: 'prod' },
];

interface Generated {
  readonly product: string;
  readonly env: string;
  readonly deliveries: Delivery[];
}

/** 40 incidents per scope over the last 100 days; the newest may still be open. */
function generate(): Generated[] {
  const random = seededRandom(18);
  const out: Generated[] = [];
  let n = 1;
  for (const { product, env } of SCOPES) {
    for (let i = 0; i < 40; i++) {
      const triggeredAt = new Date(NOW.getTime() - random() * 100 * DAY);
      const id = incidentId(n);
      out.push({
        product,
        env,
        deliveries: incidentLifecycle({ product, env, id, number: n++, triggeredAt, now: NOW, random }),
      });
    }
  }
  return out;
}

// ---- the oracle: plain reading of the webhook bodies, sharing no code with the query API ----
interface PdBody {
  event: {
    event_type: string;
    occurred_at: string;
    data: {
      id?: string;
      type?: string;
      incident?: { id: string };
      priority?: { summary: string } | null;
      urgency?: string;
    };
  };
}
interface OracleIncident {
  product: string;
  env: string;
  id: string;
  tta: number | null;
  ttr: number | null;
  triggered: number;
  /** [field, from, to] of each priority / urgency change, oldest first. */
  changes: [string, string | null, string | null][];
}

function oracleIncident(g: Generated): OracleIncident {
  const bodies = g.deliveries.filter((d) => d.route === 'pagerduty').map((d) => d.payload as PdBody);
  const ms = (b: PdBody) => new Date(b.event.occurred_at).getTime();
  bodies.sort((a, b) => ms(a) - ms(b));
  const trigger = bodies.find((b) => b.event.event_type === 'incident.triggered')!;
  const ack = bodies.find((b) => b.event.event_type === 'incident.acknowledged');
  const lifecycle = bodies.filter((b) =>
    ['incident.triggered', 'incident.reopened', 'incident.acknowledged', 'incident.resolved'].includes(
      b.event.event_type,
    ),
  );
  const last = lifecycle[lifecycle.length - 1];
  const changes: [string, string | null, string | null, number][] = [];
  const own = bodies.filter((b) => b.event.data.type === 'incident');
  for (let k = 1; k < own.length; k++) {
    const [before, after] = [own[k - 1].event.data, own[k].event.data];
    if ((before.priority?.summary ?? null) !== (after.priority?.summary ?? null))
      changes.push([
        'priority',
        before.priority?.summary ?? null,
        after.priority?.summary ?? null,
        ms(own[k]),
      ]);
    if ((before.urgency ?? null) !== (after.urgency ?? null))
      changes.push(['urgency', before.urgency ?? null, after.urgency ?? null, ms(own[k])]);
  }
  const resolved = last.event.event_type === 'incident.resolved' ? last : undefined;
  return {
    product: g.product,
    env: g.env,
    id: trigger.event.data.id!,
    triggered: ms(trigger),
    tta: ack ? (ms(ack) - ms(trigger)) / 1000 : null,
    ttr: resolved ? (ms(resolved) - ms(trigger)) / 1000 : null,
    changes: changes.sort((a, b) => a[3] - b[3]).map(([f, from, to]) => [f, from, to]),
  };
}

function oracleMean(values: number[]): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const v of values) sum += v;
  return Math.round(sum / values.length);
}

describeWithMongo('incidents', (db) => {
  const generated = generate();
  const oracle = generated.map(oracleIncident);
  let ctx: QueryContext;
  const get = async <T>(path: string, query: Record<string, string> = {}) => {
    const res = await routeQuery({ method: 'GET', path, query }, ctx);
    return res as { statusCode: number; body: T };
  };

  beforeAll(async () => {
    const docs: (NormalizedEvent & { _id: string })[] = [];
    for (const g of generated) {
      for (const d of g.deliveries) {
        const result = normalizeDelivery(d.route, structuredClone(d.payload), {
          product: g.product,
          receivedAt: NOW.toISOString(),
          headers: { 'content-type': 'application/json' },
        });
        if (!result.ok) throw new Error(result.reason);
        for (const e of result.events) docs.push({ ...e, env: g.env, _id: e.id });
      }
    }
    // A delivery received twice is one event (same id); another copy with a new id must not count twice.
    const dup = docs.find((d) => d.source === 'pagerduty')!;
    docs.push({ ...dup, id: `${dup.id}-copy`, _id: `${dup.id}-copy` });
    await db()
      .collection(EVENTS_COLLECTION)
      .insertMany(docs as never[]);
    ctx = {
      events: eventsCollection(db()),
      quarantine: quarantineCollection(db()),
      products: ['payments', 'search', 'quiet'],
      now: () => NOW,
    };
  });

  test('MTTA and MTTR per product environment equal the oracle over 7, 30 and 90 days', async () => {
    const res = await get<ReliabilityResponse>('/reliability');
    expect(res.statusCode).toBe(200);
    for (const { product, env } of SCOPES) {
      const row = res.body.products.find((p) => p.product === product && p.env === env)!;
      expect(row).toBeDefined();
      for (const days of [7, 30, 90]) {
        const mine = oracle.filter(
          (o) => o.product === product && o.env === env && o.triggered >= NOW.getTime() - days * DAY,
        );
        const tta = mine.flatMap((o) => (o.tta === null ? [] : [o.tta]));
        const ttr = mine.flatMap((o) => (o.ttr === null ? [] : [o.ttr]));
        expect(row.windows.find((w) => w.days === days)).toEqual({
          days,
          incidents: mine.length,
          acknowledged: tta.length,
          resolved: ttr.length,
          mttaSeconds: oracleMean(tta),
          mttrSeconds: oracleMean(ttr),
        });
      }
    }
    // A configured product without incidents still has a row, with no figures.
    const quiet = res.body.products.find((p) => p.product === 'quiet')!;
    expect(quiet.windows.map((w) => [w.incidents, w.mttaSeconds])).toEqual([
      [0, null],
      [0, null],
      [0, null],
    ]);
  });

  test('the list holds each incident of the window with the oracle durations, newest first', async () => {
    const res = await get<IncidentsResponse>('/incidents', { days: '30', product: 'payments', env: 'prod' });
    expect(res.statusCode).toBe(200);
    const expected = oracle
      .filter((o) => o.product === 'payments' && o.env === 'prod' && o.triggered >= NOW.getTime() - 30 * DAY)
      .sort((a, b) => b.triggered - a.triggered);
    expect(res.body.incidents.map((i) => [i.id, i.acknowledgeSeconds, i.resolveSeconds])).toEqual(
      expected.map((o) => [o.id, o.tta, o.ttr]),
    );

    // Each generated incident was paged by one Datadog alert with its title.
    for (const i of res.body.incidents) {
      expect(i.alerts).toHaveLength(1);
      expect(i.alerts[0].title).toContain(i.title);
      expect(i.responders.length).toBeGreaterThan(0);
    }
  });

  test('priority and urgency changes are those the raw bodies tell, with who made them', async () => {
    const res = await get<IncidentsResponse>('/incidents', { days: '90' });
    expect(res.statusCode).toBe(200);
    const expected = oracle
      .filter((o) => o.triggered >= NOW.getTime() - 90 * DAY)
      .sort((a, b) => b.triggered - a.triggered || a.id.localeCompare(b.id));
    expect(expected.filter((o) => o.changes.length > 0).length).toBeGreaterThan(3);
    expect(res.body.incidents.map((i) => [i.id, i.changes.map((c) => [c.field, c.from, c.to])])).toEqual(
      expected.map((o) => [o.id, o.changes]),
    );
    for (const c of res.body.incidents.flatMap((i) => i.changes)) expect(c.by).toEqual(expect.any(String));
  });

  test('the detail has the events of its product and env around the incident window', async () => {
    const target = oracle.find((o) => o.ttr !== null && o.product === 'search')!;
    const res = await get<IncidentDetailResponse>(`/incidents/${target.id}`);
    expect(res.statusCode).toBe(200);
    const { incident, events, windowFrom, windowTo } = res.body;
    expect(incident.resolveSeconds).toBe(target.ttr);
    expect(events.length).toBeGreaterThanOrEqual(3);
    for (const e of events) {
      expect([e.product, e.env]).toEqual(['search', 'prod']);
      expect(e.occurredAt >= windowFrom && e.occurredAt < windowTo).toBe(true);
    }
    expect(events.some((e) => e.source === 'datadog')).toBe(true);
  });

  test('bad parameters and unknown incidents are refused with the reason', async () => {
    const bad = await get<{ problems: string[] }>('/incidents', { days: '14' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body.problems).toEqual(['days: must be one of: 7, 30, 90']);
    const badId = await get<{ problems: string[] }>('/incidents/not-an-id');
    expect(badId.statusCode).toBe(400);
    expect(badId.body.problems[0]).toMatch(/^id: must be a PagerDuty incident id/);
    expect((await get('/incidents/QNOPE')).statusCode).toBe(404);
  });
});
