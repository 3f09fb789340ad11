// The retention of `raw` against a real MongoDB-wire server (FerretDB in CI): events older than the
// retention lose their payload and keep every normalized field; newer ones are untouched; a second run
// changes nothing.
import { type Db, MongoClient } from 'mongodb';
import { normalizeDelivery } from '../../lambda-src/collector/normalize';
import type { NormalizedEvent } from '../../lambda-src/collector/normalized-event';
import { MongoEventStore } from '../../lambda-src/collector/store/mongo-store';
import { routeQuery } from '../../lambda-src/query-api/routes';
import { eventsCollection, quarantineCollection } from '../../lambda-src/query-api/store';
import { expireRaw } from '../../lambda-src/retention/expire-raw';
import { scratchDbName } from '../collector/support/db-test';
import { fixtureJson } from '../collector/support/fixtures';

const MONGODB_URI = process.env.MONGODB_URI;
if (!MONGODB_URI && process.env.CI === 'true')
  throw new Error('MONGODB_URI is not set: under CI the database tests must run (scripts/ferretdb/start.sh)');
const describeWithDb = MONGODB_URI ? describe : describe.skip;

const NOW = new Date('2026-11-26T10:00:00Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000).toISOString();

/** A real Sentry issue, normalized as the collector would have on the given day. */
function sentryIssue(product: string, receivedAt: string, occurredAt: string): NormalizedEvent {
  const result = normalizeDelivery('sentry', fixtureJson('sentry/webhook.issue.created.sentry-docs.json'), {
    product,
    receivedAt,
    headers: { 'sentry-hook-resource': 'issue' },
  });
  if (!result.ok) throw new Error(result.reason);
  const [e] = result.events;
  return { ...e, id: `${e.id}-${product}-${receivedAt}`, occurredAt };
}

describeWithDb('expireRaw', () => {
  let client: MongoClient;
  let db: Db;

  beforeAll(async () => {
    client = await new MongoClient(MONGODB_URI!).connect();
    db = client.db(scratchDbName('expire_raw'));
    const store = new MongoEventStore(async () => db, { logRetentionDays: 14 });
    await store.saveEvents('payments', [
      sentryIssue('payments', daysAgo(40), daysAgo(40)),
      sentryIssue('payments', daysAgo(31), daysAgo(31)),
      sentryIssue('payments', daysAgo(29), daysAgo(29)),
      // Occurred long ago, arrived recently (a replay): kept until its arrival is old enough.
      sentryIssue('payments', daysAgo(2), daysAgo(90)),
    ]);
    await store.saveEvents('search', [sentryIssue('search', daysAgo(40), daysAgo(40))]);
  });

  afterAll(async () => {
    await db?.dropDatabase();
    await client?.close();
  });

  test('removes raw after the retention, keeps the normalized fields, and is idempotent', async () => {
    const before = await db.collection('events').find({}).sort({ _id: 1 }).toArray();

    const first = await expireRaw(db, {
      retentionDays: 30,
      products: ['payments', 'search'],
      now: () => NOW,
    });
    const second = await expireRaw(db, {
      retentionDays: 30,
      products: ['payments', 'search'],
      now: () => NOW,
    });

    expect(first).toEqual({ cutoff: daysAgo(30), trimmed: 3 });
    expect(second.trimmed).toBe(0);
    const after = await db.collection('events').find({}).sort({ _id: 1 }).toArray();
    for (const [i, doc] of after.entries()) {
      const old = before[i];
      const expired = old.receivedAt < daysAgo(30);
      expect({ id: doc._id, hasRaw: 'raw' in doc }).toEqual({ id: old._id, hasRaw: !expired });
      const { raw: _r, ...normalized } = old;
      const { raw: _a, rawExpiredAt, ...kept } = doc;
      expect(kept).toEqual(normalized);
      expect(rawExpiredAt).toBe(expired ? NOW.toISOString() : undefined);
    }
  });

  test('only the listed products are touched', async () => {
    const other = scratchDbName('expire_raw_scope');
    const scoped = client.db(other);
    try {
      await new MongoEventStore(async () => scoped, { logRetentionDays: 14 }).saveEvents('billing', [
        sentryIssue('billing', daysAgo(40), daysAgo(40)),
      ]);
      const report = await expireRaw(scoped, { retentionDays: 30, products: ['payments'], now: () => NOW });
      expect(report.trimmed).toBe(0);
    } finally {
      await scoped.dropDatabase();
    }
  });

  test('the dashboard still lists and opens an event without its raw payload', async () => {
    const ctx = {
      events: eventsCollection(db),
      quarantine: quarantineCollection(db),
      products: ['payments'],
      now: () => NOW,
    };
    const list = await routeQuery(
      { method: 'GET', path: '/events', query: { from: daysAgo(31.5), to: daysAgo(30.5) } },
      ctx,
    );
    const [listed] = (list.body as { events: { id: string }[] }).events;
    const detail = await routeQuery(
      { method: 'GET', path: `/events/${encodeURIComponent(listed.id)}`, query: {} },
      ctx,
    );
    expect(detail.statusCode).toBe(200);
    expect((detail.body as { event: Record<string, unknown> }).event).toMatchObject({
      id: listed.id,
      source: 'sentry',
      rawExpiredAt: NOW.toISOString(),
    });
    expect((detail.body as { event: Record<string, unknown> }).event).not.toHaveProperty('raw');
  });

  test('the scheduled handler reads its settings from the environment and trims', async () => {
    const dbName = scratchDbName('expire_raw_handler');
    const scoped = client.db(dbName);
    const saved = { ...process.env };
    const received = new Date(Date.now() - 10 * 86_400_000).toISOString();
    try {
      await new MongoEventStore(async () => scoped, { logRetentionDays: 14 }).saveEvents('payments', [
        sentryIssue('payments', received, received),
      ]);
      process.env = {
        ...saved,
        MONGODB_URI: MONGODB_URI!,
        EVENTS_DB_NAME: dbName,
        RAW_RETENTION_DAYS: '7',
        PRODUCTS: '["payments"]',
      };
      let handler!: typeof import('../../lambda-src/retention/handler').handler;
      let reset!: () => Promise<void>;
      jest.isolateModules(() => {
        handler = require('../../lambda-src/retention/handler').handler;
        reset = require('../../lambda-src/collector/store/connection').resetConnection;
      });
      const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
      try {
        expect((await handler()).trimmed).toBe(1);
      } finally {
        log.mockRestore();
        await reset();
      }
      expect(await scoped.collection('events').countDocuments({ raw: { $exists: true } })).toBe(0);
    } finally {
      process.env = saved;
      await scoped.dropDatabase();
    }
  });

  test('a retention below one day is refused', async () => {
    await expect(expireRaw(db, { retentionDays: 0, products: ['payments'] })).rejects.toThrow(
      'retentionDays must be a whole number of days, at least 1; got 0',
    );
  });
});
