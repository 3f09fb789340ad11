// The environment dimension of the query API, against a real MongoDB-wire server (FerretDB in CI): the
// overview has one row per product environment, and every query narrows to environments.
import type { Db } from 'mongodb';
import type { NormalizedEvent } from '../../lambda-src/collector/normalized-event';
import type {
  EventsResponse,
  OverviewResponse,
  TimelineResponse,
} from '../../lambda-src/query-api/api-types';
import { type QueryContext, routeQuery } from '../../lambda-src/query-api/routes';
import { EVENTS_COLLECTION, eventsCollection, quarantineCollection } from '../../lambda-src/query-api/store';
import { fixture } from '../support/synth';
import { describeWithMongo } from './support/mongo';

const NOW = new Date('2026-03-10T12:00:00Z');
const RAW = fixture('events/pagerduty/webhook-v3.incident.priority_updated.pagerduty-docs.json');
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000).toISOString();

function ev(id: string, m: number, fields: Partial<NormalizedEvent>): NormalizedEvent & { _id: string } {
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
    ...fields,
  };
}

const DOCS = [
  ev('prod-1', 10, { env: 'prod', severity: 'critical', account: '222222222222' }),
  ev('stg-1', 20, { env: 'stg', severity: 'medium', account: '333333333333' }),
  ev('stg-2', 30, { env: 'stg', severity: 'low', account: '333333333333' }),
  // A webhook of a product with two accounts: no account id, no env.
  ev('none-1', 40, { severity: 'high' }),
];

describeWithMongo('query API by environment', (db: () => Db) => {
  let ctx: QueryContext;
  beforeAll(async () => {
    await db()
      .collection(EVENTS_COLLECTION)
      .insertMany(DOCS as never[]);
    ctx = {
      events: eventsCollection(db()),
      quarantine: quarantineCollection(db()),
      products: ['payments', 'search'],
      environments: { payments: ['prod', 'stg'], search: ['prod'] },
      now: () => NOW,
    };
  });
  const get = async <T>(path: string, query: Record<string, string> = {}) => {
    const res = await routeQuery({ method: 'GET', path, query }, ctx);
    expect(res.statusCode).toBe(200);
    return res.body as T;
  };
  const ids = (page: EventsResponse) => page.events.map((e) => e.id);

  it('the overview has one row per product environment, quiet ones included, and one for unattributed events', async () => {
    const o = await get<OverviewResponse>('/overview');
    expect(o.products.map((p) => [p.product, p.env, p.worst, p.signals.incidents.count])).toEqual([
      ['payments', 'prod', 'critical', 1],
      ['payments', null, 'high', 1],
      ['payments', 'stg', 'medium', 2],
      ['search', 'prod', null, 0],
    ]);
  });

  it('the overview narrows to one environment', async () => {
    const o = await get<OverviewResponse>('/overview', { env: 'stg' });
    expect(o.products.map((p) => [p.product, p.env, p.signals.incidents.count])).toEqual([
      ['payments', 'stg', 2],
    ]);
    const none = await get<OverviewResponse>('/overview', { env: 'unattributed' });
    expect(none.products.map((p) => [p.product, p.env])).toEqual([['payments', null]]);
  });

  it('lists the events of the chosen environments, and carries env in each listed event', async () => {
    expect(ids(await get<EventsResponse>('/events', { env: 'stg' }))).toEqual(['stg-1', 'stg-2']);
    expect(ids(await get<EventsResponse>('/events', { env: 'unattributed' }))).toEqual(['none-1']);
    expect(ids(await get<EventsResponse>('/events', { env: 'prod,unattributed' }))).toEqual([
      'prod-1',
      'none-1',
    ]);
    const all = await get<EventsResponse>('/events');
    expect(all.events.map((e) => [e.id, e.env])).toEqual([
      ['prod-1', 'prod'],
      ['stg-1', 'stg'],
      ['stg-2', 'stg'],
      ['none-1', undefined],
    ]);
  });

  it('counts the timeline of one environment', async () => {
    const t = await get<TimelineResponse>('/timeline', {
      from: minutesAgo(60),
      to: NOW.toISOString(),
      env: 'stg',
    });
    const counted = t.buckets.flatMap((b) => Object.entries(b.counts));
    expect(counted).toEqual([
      ['payments', { low: 1 }],
      ['payments', { medium: 1 }],
    ]);
  });

  it('refuses a bad env with a message that names the parameter', async () => {
    const res = await routeQuery({ method: 'GET', path: '/events', query: { env: 'Prod!' } }, ctx);
    expect(res).toEqual({
      statusCode: 400,
      body: {
        error: 'invalid query',
        problems: [
          'env: must be environment names (a-z 0-9, at most 10 characters, e.g. prod) or "unattributed", comma-separated',
        ],
      },
    });
  });
});
