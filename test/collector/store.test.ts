// Against a real MongoDB-wire server (FerretDB in CI; any MongoDB or DocumentDB via MONGODB_URI).
import { type CommandStartedEvent, type Db, MongoClient } from 'mongodb';
import { type FaultKind, FaultProxy } from '../../bench/faults/proxy';
import { normalizeFluentBit } from '../../lambda-src/collector/normalize/fluentbit';
import type { NormalizedEvent } from '../../lambda-src/collector/normalized-event';
import { quarantineDocument } from '../../lambda-src/collector/quarantine';
import { clientOptions } from '../../lambda-src/collector/store/connection';
import { ensureIndexes } from '../../lambda-src/collector/store/ensure-indexes';
import { DatabaseUnavailableError } from '../../lambda-src/collector/store/errors';
import { EVENT_INDEXES, QUARANTINE_INDEXES } from '../../lambda-src/collector/store/indexes';
import { MongoEventStore } from '../../lambda-src/collector/store/mongo-store';
import { dbTest, MONGODB_URI, scratchDbName } from './support/db-test';
import { fixtureJson } from './support/fixtures';

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

describe('MongoEventStore: payloads BSON cannot carry as they are', () => {
  dbTest('a NUL in a field name and an unpaired surrogate: raw is stored as exact JSON text', async () => {
    const raw = { 'user\u0000id': 7, note: 'half an emoji: \ud83d', 'key \udc00': ['\ud800'] };

    const result = await store.saveEvents('payments', [logEvent('unfaithful', { raw })]);

    expect(result).toEqual({ inserted: 1, duplicates: 0, refused: [] });
    const doc = await db.collection('events').findOne({ _id: 'unfaithful' } as any);
    expect(doc?.rawEncoding).toBe('json');
    expect(JSON.parse(doc?.raw)).toEqual(raw);
  });

  dbTest(
    'a 100-record Fluent Bit batch with one NUL key is stored whole, the other 99 as they came',
    async () => {
      const record = fixtureJson('fluentbit/firelens-record.ecs-metadata-fields.awsdocs.json');
      const batch = Array.from({ length: 100 }, (_, i) => ({ ...record, date: 1734158468 + i }));
      batch[42] = { ...batch[42], 'bad\u0000key': 'x' };
      const ctx = { product: 'payments', receivedAt: '2026-11-26T10:00:00.000Z', headers: {} };
      const normalized = normalizeFluentBit(batch, ctx);
      if (!normalized.ok) throw new Error(normalized.reason);

      const result = await store.saveEvents('payments', normalized.events);

      expect(result).toEqual({ inserted: 100, duplicates: 0, refused: [] });
      const ids = normalized.events.map((e) => e.id);
      const docs = await db
        .collection('events')
        .find({ _id: { $in: ids } } as any)
        .toArray();
      expect(docs.filter((d) => d.rawEncoding === 'json').map((d) => JSON.parse(d.raw))).toEqual([batch[42]]);
      expect(docs.filter((d) => d.rawEncoding === undefined)).toHaveLength(99);
    },
  );
});

describe('MongoEventStore: a write the server does not acknowledge', () => {
  /** A store whose every write meets `kind` on its way through the fault proxy. */
  async function storeBehind(kind: FaultKind) {
    const upstream = new URL(MONGODB_URI!);
    const proxy = new FaultProxy({
      upstreamHost: upstream.hostname,
      upstreamPort: Number(upstream.port || 27017),
      seed: 1,
      faultRate: 1,
      maxFaults: 1,
      maxDelayMs: 300,
      kinds: [kind],
    });
    const port = await proxy.listen();
    upstream.host = `127.0.0.1:${port}`;
    upstream.searchParams.set('directConnection', 'true');
    const proxied = await new MongoClient(
      upstream.toString(),
      clientOptions({ dbTimeoutMs: 2000 }),
    ).connect();
    const through = new MongoEventStore(async () => proxied.db(db.databaseName), { logRetentionDays: 14 });
    return {
      store: through,
      close: async () => {
        await proxied.close();
        await proxy.close();
      },
    };
  }

  dbTest(
    'connection reset after the server applied it: unavailable, and the retry finds duplicates',
    async () => {
      const batch = Array.from({ length: 5 }, (_, i) => logEvent(`applied-${i}`));
      const faulty = await storeBehind('reset-after-write');
      try {
        await expect(faulty.store.saveEvents('payments', batch)).rejects.toBeInstanceOf(
          DatabaseUnavailableError,
        );
      } finally {
        await faulty.close();
      }
      expect(await store.saveEvents('payments', batch)).toEqual({ inserted: 0, duplicates: 5, refused: [] });
    },
  );

  dbTest(
    'the server stopping during the write (connection refused): unavailable, nothing claimed',
    async () => {
      const batch = Array.from({ length: 5 }, (_, i) => logEvent(`outage-${i}`));
      const faulty = await storeBehind('outage');
      try {
        await expect(faulty.store.saveEvents('payments', batch)).rejects.toThrow(
          /^database acknowledged 0 of 5 writes: /,
        );
      } finally {
        await faulty.close();
      }
      expect(await store.saveEvents('payments', batch)).toEqual({ inserted: 5, duplicates: 0, refused: [] });
    },
  );
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
