// The queries against a real MongoDB-wire server (FerretDB in CI): what the dashboard shows comes from here.
import type { Db } from 'mongodb';
import type { NormalizedEvent } from '../../lambda-src/collector/normalized-event';
import { resetConnection } from '../../lambda-src/collector/store/connection';
import type {
  EventsResponse,
  OverviewResponse,
  TimelineResponse,
} from '../../lambda-src/query-api/api-types';
import { handler } from '../../lambda-src/query-api/handler';
import { parseQuery, timelineParams } from '../../lambda-src/query-api/params';
import { type QueryContext, routeQuery } from '../../lambda-src/query-api/routes';
import { EVENTS_COLLECTION, eventsCollection, quarantineCollection } from '../../lambda-src/query-api/store';
import { timeline } from '../../lambda-src/query-api/timeline';
import { fixture } from '../support/synth';
import { describeWithMongo } from './support/mongo';

const NOW = new Date('2026-03-10T12:00:00Z');
const RAW = fixture('events/pagerduty/webhook-v3.incident.priority_updated.pagerduty-docs.json');
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000).toISOString();

function ev(
  id: string,
  fields: Partial<NormalizedEvent> & { minutesAgo: number },
): NormalizedEvent & { _id: string } {
  const { minutesAgo: m, ...rest } = fields;
  return {
    id,
    _id: id,
    product: 'payments',
    source: 'pagerduty',
    kind: 'incident',
    severity: 'high',
    status: 'open',
    title: `event ${id}`,
    occurredAt: minutesAgo(m),
    receivedAt: minutesAgo(m),
    raw: RAW,
    ...rest,
  };
}

const DOCS = [
  // payments: two open incidents now (one critical), one resolved (not counted), one the day before.
  ev('pd-1', { minutesAgo: 10, severity: 'critical' }),
  ev('pd-2', { minutesAgo: 20, status: 'acknowledged' }),
  ev('pd-3', { minutesAgo: 30, status: 'resolved' }),
  ev('pd-old', { minutesAgo: 25 * 60 }),
  ev('dd-1', { minutesAgo: 40, source: 'datadog', kind: 'alert', severity: 'medium' }),
  ev('log-1', { minutesAgo: 50, source: 'applog', kind: 'log', severity: 'info', status: 'info' }),
  // search: one low security finding, three events at the same instant (cursor ties), one out of range.
  ev('gd-1', {
    minutesAgo: 60,
    product: 'search',
    source: 'guardduty',
    kind: 'security_finding',
    severity: 'low',
  }),
  ev('ecs-a', { minutesAgo: 90, product: 'search', source: 'ecs', kind: 'cluster_state', severity: 'info' }),
  ev('ecs-b', { minutesAgo: 90, product: 'search', source: 'ecs', kind: 'cluster_state', severity: 'info' }),
  ev('ecs-c', { minutesAgo: 90, product: 'search', source: 'ecs', kind: 'cluster_state', severity: 'high' }),
  ev('future', { minutesAgo: -5, product: 'search' }),
];

describeWithMongo('query API on the event store', (db: () => Db) => {
  let ctx: QueryContext;
  beforeAll(async () => {
    await db()
      .collection(EVENTS_COLLECTION)
      .insertMany(DOCS as never[]);
    ctx = {
      events: eventsCollection(db()),
      quarantine: quarantineCollection(db()),
      products: ['payments', 'search', 'billing'],
      now: () => NOW,
    };
  });
  const get = async <T>(path: string, query: Record<string, string> = {}) => {
    const res = await routeQuery({ method: 'GET', path, query }, ctx);
    expect(res.statusCode).toBe(200);
    return res.body as T;
  };

  it('lists events in the range newest first, without raw payloads', async () => {
    const page = await get<EventsResponse>('/events');
    expect(page.events.map((e) => e.id)).toEqual([
      'pd-1',
      'pd-2',
      'pd-3',
      'dd-1',
      'log-1',
      'gd-1',
      'ecs-c',
      'ecs-b',
      'ecs-a',
    ]);
    expect(page.events.every((e) => !('raw' in e) && !('_id' in e))).toBe(true);
    expect(page.nextCursor).toBeNull();
  });

  it('narrows by product, source and severity lists', async () => {
    const page = await get<EventsResponse>('/events', { product: 'search', severity: 'high,low' });
    expect(page.events.map((e) => e.id)).toEqual(['gd-1', 'ecs-c']);
    const bySource = await get<EventsResponse>('/events', { source: 'datadog,applog' });
    expect(bySource.events.map((e) => e.id)).toEqual(['dd-1', 'log-1']);
  });

  it('pages with the cursor through ties in occurredAt, each event exactly once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: EventsResponse = await get<EventsResponse>('/events', {
        limit: '2',
        ...(cursor ? { cursor } : {}),
      });
      expect(page.events.length).toBeLessThanOrEqual(2);
      seen.push(...page.events.map((e) => e.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toEqual(['pd-1', 'pd-2', 'pd-3', 'dd-1', 'log-1', 'gd-1', 'ecs-c', 'ecs-b', 'ecs-a']);
    expect(pages).toBe(5);
  });

  it('returns one event with its raw payload, and 404 for an unknown id', async () => {
    const one = await get<{ event: NormalizedEvent }>('/events/pd-1');
    expect(one.event.raw).toEqual(RAW);
    expect(one.event.severity).toBe('critical');
    const missing = await routeQuery({ method: 'GET', path: '/events/nope', query: {} }, ctx);
    expect(missing).toEqual({ statusCode: 404, body: { error: 'no event with id "nope"' } });
  });

  it('summarizes each product by signal with the previous period, worst first', async () => {
    const o = await get<OverviewResponse>('/overview', { hours: '24' });
    expect(o.products.map((p) => [p.product, p.worst])).toEqual([
      ['payments', 'critical'],
      ['search', 'high'],
      ['billing', null],
    ]);
    const payments = o.products[0].signals;
    // Resolved incidents do not count; the one from 25 hours ago is in the previous period.
    expect(payments.incidents).toEqual({
      count: 2,
      previousCount: 1,
      bySeverity: { critical: 1, high: 1, medium: 0, low: 0, info: 0 },
      worst: 'critical',
    });
    expect(payments.alerts.count).toBe(1);
    expect(payments.logErrors.count).toBe(0);
    const search = o.products[1].signals;
    expect(search.security.bySeverity.low).toBe(1);
    // Only the ECS event that is a problem counts (info state changes do not).
    expect(search.ecs.count).toBe(1);
    expect(o.products[2].signals.incidents.count).toBe(0);
  });

  it('counts per product and severity in each time bucket', async () => {
    const t = await get<TimelineResponse>('/timeline', { from: minutesAgo(120), to: NOW.toISOString() });
    expect(t.bucketSeconds).toBe(300);
    expect(t.buckets).toHaveLength(24);
    const at = (m: number) => t.buckets.find((b) => b.start === minutesAgo(m))!.counts;
    expect(at(10)).toEqual({ payments: { critical: 1 } });
    expect(at(90)).toEqual({ search: { info: 2, high: 1 } });
    const total = t.buckets.reduce(
      (n, b) =>
        n +
        Object.values(b.counts).reduce((m, c) => m + Object.values(c).reduce((a, x) => a + (x ?? 0), 0), 0),
      0,
    );
    expect(total).toBe(9);
  });

  it('counts the same per bucket whether it reads the few events or groups bucket by bucket', async () => {
    const params = parseQuery(timelineParams(NOW), { from: minutesAgo(26 * 60) }, []);
    const read = await timeline(ctx.events, params);
    const grouped = await timeline(ctx.events, params, 0);
    expect(grouped).toEqual(read);
    // 11:00 (seven events), 10:00 (three ECS at 10:30) and 11:00 the day before (pd-old); "future" is out.
    expect(read.buckets.filter((b) => Object.keys(b.counts).length > 0).map((b) => b.start)).toEqual([
      minutesAgo(25 * 60),
      minutesAgo(120),
      minutesAgo(60),
    ]);
    expect(read.buckets.find((b) => b.start === minutesAgo(60))!.counts).toEqual({
      payments: { critical: 1, high: 2, medium: 1, info: 1 },
      search: { low: 1 },
    });
  });

  it('answers API Gateway proxy events through the Lambda handler, with JSON that is never cached', async () => {
    process.env.EVENTS_DB_NAME = db().databaseName;
    try {
      const event = (proxy: string, query: Record<string, string>) =>
        ({
          httpMethod: 'GET',
          path: `/api/${proxy}`,
          pathParameters: { proxy },
          queryStringParameters: query,
        }) as never;
      const ok = await handler(
        event('events', { from: minutesAgo(24 * 60), to: NOW.toISOString(), severity: 'critical' }),
      );
      expect(ok.statusCode).toBe(200);
      expect(ok.headers).toMatchObject({
        'content-type': 'application/json; charset=utf-8',
        'cache-control': 'no-store',
      });
      expect(JSON.parse(ok.body).events.map((e: NormalizedEvent) => e.id)).toEqual(['pd-1']);
      const bad = await handler(event('events', { severity: 'urgent' }));
      expect(bad.statusCode).toBe(400);
      expect(JSON.parse(bad.body).problems).toEqual([
        'severity: must be one or more of: critical, high, medium, low, info',
      ]);
    } finally {
      delete process.env.EVENTS_DB_NAME;
      await resetConnection();
    }
  });
});
