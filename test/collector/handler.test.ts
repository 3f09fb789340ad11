// The Lambda entry point as deployed: configuration from the environment, the real driver, the real
// normalizers. Each test loads a fresh copy of the module (the handler keeps its client per container).
import { createServer } from 'node:net';
import { MongoClient } from 'mongodb';
import { dbTest, MONGODB_URI, scratchDbName } from './support/db-test';
import { fixtureBytes } from './support/fixtures';
import { API_KEY_PRODUCTS, proxyEvent } from './support/proxy-event';

type Handler = typeof import('../../lambda-src/collector/handler').handler;

const savedEnv = { ...process.env };
let loaded: { handler: Handler; reset: () => Promise<void> } | undefined;

function loadHandler(env: Record<string, string>): Handler {
  process.env = { ...savedEnv, API_KEY_PRODUCTS: JSON.stringify(API_KEY_PRODUCTS), ...env };
  jest.isolateModules(() => {
    const { handler } = require('../../lambda-src/collector/handler');
    const { resetConnection } = require('../../lambda-src/collector/store/connection');
    loaded = { handler, reset: resetConnection };
  });
  return loaded!.handler;
}

afterEach(async () => {
  await loaded?.reset();
  loaded = undefined;
  process.env = savedEnv;
});

/** A port nothing listens on: bind one, then close it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test('answers 503 quickly when the database is down (then the sender retries)', async () => {
  const handler = loadHandler({
    MONGODB_URI: `mongodb://127.0.0.1:${await closedPort()}/`,
    DOCDB_TIMEOUT_MS: '500',
  });
  const started = Date.now();

  const res = await handler(proxyEvent('/webhooks/datadog', '{"title":"x"}'));

  expect(res.statusCode).toBe(503);
  expect(JSON.parse(res.body)).toEqual({ error: 'database unavailable; retry later' });
  expect(Date.now() - started).toBeLessThan(3000);
});

test('answers 503 when neither MONGODB_URI nor DOCDB_SECRET_ARN is set', async () => {
  const handler = loadHandler({ MONGODB_URI: '', DOCDB_SECRET_ARN: '' });
  expect((await handler(proxyEvent('/events', '{}'))).statusCode).toBe(503);
});

test('refusals that need no database are answered even when it is down', async () => {
  const handler = loadHandler({
    MONGODB_URI: `mongodb://127.0.0.1:${await closedPort()}/`,
    DOCDB_TIMEOUT_MS: '500',
  });
  const statuses = [
    await handler(proxyEvent('/webhooks/nope', '{}')),
    await handler(proxyEvent('/events', '{}', { apiKeyId: 'unknown' })),
    await handler(proxyEvent('/events', null)),
  ].map((r) => r.statusCode);
  expect(statuses).toEqual([404, 403, 400]);
});

describe('against a real server', () => {
  const dbName = scratchDbName('handler_test');
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

  dbTest('a real Sentry delivery is stored once however often it is retried, and indexes exist', async () => {
    const handler = loadHandler({ MONGODB_URI: MONGODB_URI!, EVENTS_DB_NAME: dbName });
    const body = fixtureBytes('sentry/webhook.issue.created.sentry-docs.json');
    const event = proxyEvent('/webhooks/sentry', body, { headers: { 'Sentry-Hook-Resource': 'issue' } });

    const first = await handler(event);
    const retry = await handler(event);

    expect([first.statusCode, retry.statusCode]).toEqual([200, 200]);
    expect(JSON.parse(retry.body)).toMatchObject({ stored: 1, duplicates: 1 });
    const db = client.db(dbName);
    const [id] = JSON.parse(first.body).ids;
    expect(await db.collection('events').findOne({ _id: id } as any)).toMatchObject({
      product: 'payments',
      source: 'sentry',
      kind: 'exception',
    });
    expect(await db.collection('events').countDocuments({ source: 'sentry' })).toBe(1);
    const names = (await db.collection('events').listIndexes().toArray()).map((i) => i.name);
    expect(names).toEqual(
      expect.arrayContaining(['product_occurredAt', 'severity_occurredAt', 'status_occurredAt']),
    );
  });

  dbTest('an unrecognized payload lands in quarantine, unchanged, with the reason', async () => {
    const handler = loadHandler({ MONGODB_URI: MONGODB_URI!, EVENTS_DB_NAME: dbName });
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
