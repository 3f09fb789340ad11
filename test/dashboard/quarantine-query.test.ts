// GET /quarantine against a real MongoDB-wire server: counts per product, source and reason over the
// period, the newest deliveries, and what is never shown (credential headers stored before the allow-list).
import { type Db, MongoClient } from 'mongodb';
import { quarantineDocument } from '../../lambda-src/collector/quarantine';
import type { QuarantineResponse } from '../../lambda-src/query-api/api-types';
import { RAW_PREVIEW_CHARS } from '../../lambda-src/query-api/quarantine';
import { type QueryContext, routeQuery } from '../../lambda-src/query-api/routes';
import { eventsCollection, quarantineCollection } from '../../lambda-src/query-api/store';
import { fixtureBytes } from '../collector/support/fixtures';

const MONGODB_URI = process.env.MONGODB_URI;
if (!MONGODB_URI && process.env.CI === 'true')
  throw new Error('MONGODB_URI is not set: under CI the database tests must run (scripts/ferretdb/start.sh)');
const describeWithDb = MONGODB_URI ? describe : describe.skip;

const NOW = new Date('2026-03-10T12:00:00Z');
const EC2_EVENT = fixtureBytes('eventbridge/generic-envelope.powertools-python.json');

describeWithDb('GET /quarantine', () => {
  let client: MongoClient;
  let db: Db;
  let ctx: QueryContext;
  const at = (hoursAgo: number) => new Date(NOW.getTime() - hoursAgo * 3_600_000).toISOString();
  const doc = (product: string, hoursAgo: number, body: Buffer | string, reason = 'no normalizer') =>
    quarantineDocument({
      product,
      route: 'eventbridge',
      reason,
      receivedAt: at(hoursAgo),
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(body),
    });

  beforeAll(async () => {
    client = await new MongoClient(MONGODB_URI!).connect();
    db = client.db(`quarantine_query_${process.pid}`);
    await db.dropDatabase();
    const { source: _, ...legacy } = {
      ...doc('payments', 2, '{"source":"aws.ec2","n":2}'),
      // Stored by an earlier collector: no `source`, and headers from the former deny-list.
      headers: {
        'content-type': 'application/json',
        'dd-application-key': 'ddapp-123',
        'x-session-id': 's-1',
      },
    };
    await quarantineCollection(db).insertMany([
      doc('payments', 1, EC2_EVENT),
      legacy,
      doc('payments', 3, `{"source":"aws.ec2","pad":"${'x'.repeat(RAW_PREVIEW_CHARS)}"}`, 'other reason'),
      doc('search', 1, '{"source":"aws.ec2","n":4}'),
      doc('payments', 30, '{"source":"aws.ec2","n":5}'),
    ]);
    ctx = {
      events: eventsCollection(db),
      quarantine: quarantineCollection(db),
      products: ['payments', 'search'],
      now: () => NOW,
    };
  });

  afterAll(async () => {
    await db?.dropDatabase();
    await client?.close();
  });

  const get = async (query: Record<string, string>) => {
    const res = await routeQuery({ method: 'GET', path: '/quarantine', query }, ctx);
    expect(res.statusCode).toBe(200);
    return res.body as QuarantineResponse;
  };

  test('counts per product, source and reason within the period, most frequent first', async () => {
    const body = await get({ hours: '24' });

    expect(body.total).toBe(4);
    expect(body.groups).toEqual([
      // The legacy document counts under its route until it is stored again.
      { product: 'payments', source: 'aws.ec2', reason: 'no normalizer', count: 1 },
      { product: 'payments', source: 'aws.ec2', reason: 'other reason', count: 1 },
      { product: 'payments', source: 'eventbridge', reason: 'no normalizer', count: 1 },
      { product: 'search', source: 'aws.ec2', reason: 'no normalizer', count: 1 },
    ]);
    expect(body.deliveries.map((d) => d.receivedAt)).toEqual([at(1), at(1), at(2), at(3)]);
    expect((await get({ hours: '48' })).total).toBe(5);
    expect((await get({ hours: '24', product: 'search' })).groups).toEqual([
      { product: 'search', source: 'aws.ec2', reason: 'no normalizer', count: 1 },
    ]);
  });

  test('shows headers from the allow-list only, also for documents stored before it', async () => {
    const body = await get({});
    const legacy = body.deliveries.find((d) => d.source === 'eventbridge')!;
    expect(legacy.headers).toEqual({ 'content-type': 'application/json' });
    expect(JSON.stringify(body)).not.toMatch(/ddapp-123|s-1"/);
  });

  test('a long body is cut for display and says so; the stored body stays whole', async () => {
    const body = await get({});
    const long = body.deliveries.find((d) => d.reason === 'other reason')!;
    expect(long.raw).toHaveLength(RAW_PREVIEW_CHARS);
    expect(long.rawTruncated).toBe(true);
    expect(long.bodyBytes).toBeGreaterThan(RAW_PREVIEW_CHARS);
    const full = body.deliveries.find((d) => d.raw === EC2_EVENT.toString('utf8'))!;
    expect(full.rawTruncated).toBe(false);
  });

  test('bad parameters are refused with what is allowed', async () => {
    const res = await routeQuery(
      { method: 'GET', path: '/quarantine', query: { hours: '0', route: 'x' } },
      ctx,
    );
    expect(res.statusCode).toBe(400);
    expect((res.body as { problems: string[] }).problems).toEqual([
      'hours: must be a whole number of hours from 1 to 168',
      'unknown parameter "route" (allowed: hours, product)',
    ]);
  });
});
