// The Lambda entry point as deployed: configuration from the environment, the real driver, the real
// normalizers. Each describe loads its own copy of the module (the handler keeps its configuration and
// database client per container, as in Lambda).
import { createServer } from 'node:net';
import { MongoClient } from 'mongodb';
import { dbTest, MONGODB_URI, scratchDbName } from './support/db-test';
import { fixtureBytes } from './support/fixtures';
import { API_KEY_PRODUCTS, proxyEvent } from './support/proxy-event';

type Handler = typeof import('../../lambda-src/collector/handler').handler;

const savedEnv = { ...process.env };

/** A "container": the handler module loaded fresh with this environment, torn down after the describe. */
function container(env: () => Promise<Record<string, string>> | Record<string, string>) {
  const box: { handler?: Handler; reset?: () => Promise<void> } = {};
  beforeAll(async () => {
    process.env = { ...savedEnv, API_KEY_PRODUCTS: JSON.stringify(API_KEY_PRODUCTS), ...(await env()) };
    jest.isolateModules(() => {
      box.handler = require('../../lambda-src/collector/handler').handler;
      box.reset = require('../../lambda-src/collector/store/connection').resetConnection;
    });
  });
  afterAll(async () => {
    await box.reset?.();
    process.env = savedEnv;
  });
  return (event: Parameters<Handler>[0]) => box.handler!(event);
}

/** A port nothing listens on: bind one, then close it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('database down', () => {
  const handler = container(async () => ({
    MONGODB_URI: `mongodb://127.0.0.1:${await closedPort()}/`,
    DOCDB_TIMEOUT_MS: '500',
  }));

  test('answers 503 quickly (then the sender retries)', async () => {
    const started = Date.now();

    const res = await handler(proxyEvent('/webhooks/datadog', '{"title":"x"}'));

    expect(res.statusCode).toBe(503);
    expect(JSON.parse(res.body)).toEqual({ error: 'database unavailable; retry later' });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  test('refusals that need no database are still answered', async () => {
    const statuses = [
      await handler(proxyEvent('/webhooks/nope', '{}')),
      await handler(proxyEvent('/events', '{}', { apiKeyId: 'unknown' })),
      await handler(proxyEvent('/events', null)),
    ].map((r) => r.statusCode);
    expect(statuses).toEqual([404, 403, 400]);
  });
});

describe('no database configured', () => {
  const handler = container(() => ({ MONGODB_URI: '', DOCDB_SECRET_ARN: '' }));

  test('answers 503 when neither MONGODB_URI nor DOCDB_SECRET_ARN is set', async () => {
    expect((await handler(proxyEvent('/events', '{}'))).statusCode).toBe(503);
  });
});

describe('against a real server', () => {
  const dbName = scratchDbName('handler_test');
  const handler = container(
    (): Record<string, string> => (MONGODB_URI ? { MONGODB_URI, EVENTS_DB_NAME: dbName } : {}),
  );
  let client: MongoClient;

  beforeAll(async () => {
    if (MONGODB_URI) client = await new MongoClient(MONGODB_URI).connect();
  });
  afterAll(async () => {
    if (!client) return;
    await client
      .db(dbName)
      .dropDatabase()
      .catch(() => undefined);
    await client.close();
  });

  dbTest(
    'a real Sentry delivery is stored once however often it is retried; the collector creates no index',
    async () => {
      const body = fixtureBytes('sentry/webhook.issue.created.sentry-docs.json');
      const event = proxyEvent('/webhooks/sentry', body, { headers: { 'Sentry-Hook-Resource': 'issue' } });

      const first = await handler(event);
      const retry = await handler(event);

      expect([first.statusCode, retry.statusCode]).toEqual([200, 200]);
      expect(JSON.parse(retry.body)).toMatchObject({ stored: 0, duplicates: 1 });
      const db = client.db(dbName);
      const [id] = JSON.parse(first.body).ids;
      expect(await db.collection('events').findOne({ _id: id } as any)).toMatchObject({
        product: 'payments',
        source: 'sentry',
        kind: 'exception',
      });
      expect(await db.collection('events').countDocuments({ source: 'sentry' })).toBe(1);
      // Its database user may not create indexes: the deploy-time bootstrap does (test/db-bootstrap).
      const names = (await db.collection('events').listIndexes().toArray()).map((i) => i.name);
      expect(names).toEqual(['_id_']);
    },
  );

  dbTest('an unrecognized payload lands in quarantine, unchanged, with the reason', async () => {
    const raw = '{"something": "no normalizer knows", "n": 1}';

    const res = await handler(proxyEvent('/events', raw, { headers: { 'x-api-key': 'must-not-be-stored' } }));

    expect(res.statusCode).toBe(202);
    const [id] = JSON.parse(res.body).ids;
    const doc = await client
      .db(dbName)
      .collection('quarantine')
      .findOne({ _id: id } as any);
    expect(doc).toMatchObject({
      product: 'payments',
      route: 'eventbridge',
      raw,
      reason: JSON.parse(res.body).reason,
    });
    expect(doc?.headers).not.toHaveProperty('x-api-key');
  });
});
