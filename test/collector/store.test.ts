// Against a real MongoDB-wire server (FerretDB in CI; any MongoDB or DocumentDB via MONGODB_URI).
import { type CommandStartedEvent, type Db, MongoClient } from 'mongodb';
import type { NormalizedEvent } from '../../lambda-src/collector/normalized-event';
import { quarantineDocument } from '../../lambda-src/collector/quarantine';
import { clientOptions } from '../../lambda-src/collector/store/connection';
import { ensureIndexes } from '../../lambda-src/collector/store/ensure-indexes';
import { EVENT_INDEXES, QUARANTINE_INDEXES } from '../../lambda-src/collector/store/indexes';
import { MongoEventStore } from '../../lambda-src/collector/store/mongo-store';
import { dbTest, MONGODB_URI, scratchDbName } from './support/db-test';

const WRITE_COMMANDS = new Set(['insert', 'update', 'delete', 'bulkWrite']);

let client: MongoClient;
let db: Db;
let commands: CommandStartedEvent[];
let store: MongoEventStore;

beforeAll(async () => {
  if (!MONGODB_URI) return;
  client = new MongoClient(MONGODB_URI, { ...clientOptions({ dbTimeoutMs: 5000 }), monitorCommands: true });
  client.on('commandStarted', (e) => commands.push(e));
  db = client.db(scratchDbName('store_test'));
  store = new MongoEventStore(async () => db, { logRetentionDays: 14 });
});

beforeEach(() => {
  commands = [];
});

afterAll(async () => {
  if (!MONGODB_URI) return;
  await db.dropDatabase().catch(() => undefined);
  await client.close();
});

const writes = () => commands.filter((c) => WRITE_COMMANDS.has(c.commandName));

function logEvent(id: string, overrides: Partial<NormalizedEvent> = {}): NormalizedEvent {
  return {
    id,
    product: 'payments',
    source: 'applog',
    kind: 'log',
    severity: 'info',
    status: 'info',
    title: `line ${id}`,
    occurredAt: '2026-11-26T09:59:59.000Z',
    receivedAt: '2026-11-26T10:00:00.000Z',
    raw: { log: `line ${id}`, container_name: 'app' },
    ...overrides,
  };
}

describe('MongoEventStore', () => {
  dbTest('a Fluent Bit batch of 500 records is one bulk write: one update command on the wire', async () => {
    const batch = Array.from({ length: 500 }, (_, i) => logEvent(`batch-${i}`));

    const result = await store.saveEvents('payments', batch);

    expect(result).toEqual({ inserted: 500, duplicates: 0, refused: [] });
    expect(writes().map((c) => c.commandName)).toEqual(['update']);
    expect(writes()[0].command.ordered).toBe(false);
    expect(await db.collection('events').countDocuments({ _id: { $regex: '^batch-' } } as any)).toBe(500);
  });

  dbTest('the same delivery twice is one document, and the first copy is kept unchanged', async () => {
    const first = logEvent('retry-1', { receivedAt: '2026-11-26T10:00:00.000Z' });
    const retry = logEvent('retry-1', { receivedAt: '2026-11-26T10:05:00.000Z', title: 'changed' });

    await store.saveEvents('payments', [first]);
    const again = await store.saveEvents('payments', [retry]);

    expect(again).toEqual({ inserted: 0, duplicates: 1, refused: [] });
    const docs = await db
      .collection('events')
      .find({ _id: 'retry-1' } as any)
      .toArray();
    expect(docs).toHaveLength(1);
    expect(docs[0]).toMatchObject({
      title: 'line retry-1',
      receivedAt: '2026-11-26T10:00:00.000Z',
      id: 'retry-1',
    });
  });

  dbTest('the same id twice in one request is one document', async () => {
    const result = await store.saveEvents('payments', [logEvent('twice'), logEvent('twice')]);
    expect(result).toEqual({ inserted: 1, duplicates: 1, refused: [] });
  });

  dbTest('log documents get expiresAt as a Date; other kinds none', async () => {
    await store.saveEvents('payments', [
      logEvent('log-ttl'),
      logEvent('alert-no-ttl', { kind: 'alert', source: 'datadog', severity: 'high', status: 'open' }),
    ]);
    const log = await db.collection('events').findOne({ _id: 'log-ttl' } as any);
    const alert = await db.collection('events').findOne({ _id: 'alert-no-ttl' } as any);
    expect(log?.expiresAt).toEqual(new Date('2026-12-10T10:00:00.000Z'));
    expect(alert).not.toHaveProperty('expiresAt');
  });

  dbTest('a document the server refuses is reported with the reason, in the same round trip', async () => {
    const bad = logEvent('dollar', { raw: { $where: 'x' } });

    const result = await store.saveEvents('payments', [logEvent('fine-1'), bad, logEvent('fine-2')]);

    expect(result.refused).toHaveLength(1);
    expect(result.refused[0].reason).toMatch(/\$where/);
    expect(writes()).toHaveLength(1);
    // MongoDB goes on after the refusal (unordered) and names the refused index; FerretDB 1.24 stops
    // there and reports index 0. Either way the collector then quarantines the whole delivery, so
    // nothing is lost; only the ids in the answer can be off on FerretDB.
    expect(await db.collection('events').countDocuments({ _id: 'fine-1' } as any)).toBe(1);
    expect(await db.collection('events').countDocuments({ _id: 'dollar' } as any)).toBe(0);
  });

  dbTest('quarantine documents keep the body as sent, once per delivery', async () => {
    const doc = quarantineDocument({
      product: 'search',
      route: 'datadog',
      reason: 'no normalizer',
      receivedAt: '2026-11-26T10:00:00.000Z',
      headers: { 'content-type': 'application/json', 'x-api-key': 'k' },
      body: Buffer.from('{"title": "raw"}'),
    });

    await store.saveQuarantine([doc]);
    const again = await store.saveQuarantine([{ ...doc, receivedAt: '2026-11-26T11:00:00.000Z' }]);

    expect(again.duplicates).toBe(1);
    const stored = await db.collection('quarantine').find({ product: 'search' }).toArray();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      route: 'datadog',
      reason: 'no normalizer',
      raw: '{"title": "raw"}',
      receivedAt: '2026-11-26T10:00:00.000Z',
      headers: { 'content-type': 'application/json' },
    });
  });
});

describe('ensureIndexes', () => {
  dbTest('creates the exported indexes, idempotently', async () => {
    const errors: string[] = [];
    const log = { error: (m: string) => errors.push(m) };

    const first = await ensureIndexes(db, log);
    const second = await ensureIndexes(db, log);

    // FerretDB 1.x has no TTL indexes: the one refusal allowed is log_expiry, and it is logged.
    const refusable = new Set(['log_expiry']);
    expect(first.refused.filter((r) => !refusable.has(r.name))).toEqual([]);
    expect(second.created).toEqual([]);
    const eventIndexes = (await db.collection('events').listIndexes().toArray()).map((i) => i.name);
    const expected = EVENT_INDEXES.map((i) => i.name).filter((n) => !first.refused.some((r) => r.name === n));
    expect(eventIndexes.sort()).toEqual(['_id_', ...expected].sort());
    const quarantineIndexes = (await db.collection('quarantine').listIndexes().toArray()).map((i) => i.name);
    expect(quarantineIndexes.sort()).toEqual(['_id_', ...QUARANTINE_INDEXES.map((i) => i.name)].sort());
    expect(errors).toHaveLength(first.refused.length + second.refused.length);
    if (first.refused.length === 0) {
      const ttl = (await db.collection('events').listIndexes().toArray()).find(
        (i) => i.name === 'log_expiry',
      );
      expect(ttl).toMatchObject({ key: { expiresAt: 1 }, expireAfterSeconds: 0 });
    }
  });
});
