// Repeated denials (one CloudTrail principal and action within an hour) against a real MongoDB-wire
// server: one document, the first copy kept, `occurrences` counting every delivery, `lastOccurredAt` the latest.
import { type Db, MongoClient } from 'mongodb';
import { normalizeDelivery } from '../../lambda-src/collector/normalize';
import type { NormalizedEvent } from '../../lambda-src/collector/normalized-event';
import { clientOptions } from '../../lambda-src/collector/store/connection';
import { MongoEventStore } from '../../lambda-src/collector/store/mongo-store';
import { cloudTrailEnvelope, ctx, fixture, only } from './normalize/support';
import { dbTest, MONGODB_URI, scratchDbName } from './support/db-test';
import { MemoryStore } from './support/memory-store';

const DENIED = 'cloudtrail/record.states-delete-state-machine.access-denied.awsdocs.json';

/** The AWS docs denial, repeated at another time of the same hour (another CloudTrail event). */
function denial(eventTime: string, eventID: string, sourceIPAddress = '10.61.88.189'): NormalizedEvent {
  const record = { ...fixture(DENIED), eventTime, eventID, sourceIPAddress };
  return only(normalizeDelivery('eventbridge', cloudTrailEnvelope(record), ctx()));
}

const first = () => denial('2016-10-28T01:17:37Z', 'e1');
const later = () => denial('2016-10-28T01:48:00Z', 'e2', '192.0.2.7');
const earlier = () => denial('2016-10-28T01:05:00Z', 'e3');

let client: MongoClient;
let db: Db;
let store: MongoEventStore;

beforeAll(async () => {
  if (!MONGODB_URI) return;
  client = await new MongoClient(MONGODB_URI, clientOptions({ dbTimeoutMs: 5000 })).connect();
  db = client.db(scratchDbName('store_repeats'));
  store = new MongoEventStore(async () => db, { logRetentionDays: 14 });
});

afterAll(async () => {
  if (!MONGODB_URI) return;
  await db.dropDatabase().catch(() => undefined);
  await client.close();
});

describe('repeated denials in the database', () => {
  dbTest(
    'three deliveries of one window are one document with occurrences 3; the first copy is kept',
    async () => {
      expect(await store.saveEvents('payments', [first()])).toEqual({
        inserted: 1,
        duplicates: 0,
        refused: [],
      });
      expect(await store.saveEvents('payments', [later()])).toEqual({
        inserted: 0,
        duplicates: 1,
        refused: [],
      });
      await store.saveEvents('payments', [earlier()]);

      const docs = await db
        .collection('events')
        .find({ _id: first().id } as any)
        .toArray();
      expect(docs).toHaveLength(1);
      expect(docs[0]).toMatchObject({
        occurrences: 3,
        lastOccurredAt: '2016-10-28T01:48:00.000Z', // the latest, not the last to arrive
        occurredAt: '2016-10-28T01:17:37.000Z', // the first copy's
        sourceIp: '10.61.88.189',
      });
    },
  );

  dbTest('two copies in one request count twice', async () => {
    const a = denial('2016-10-28T03:00:01Z', 'f1');
    const b = denial('2016-10-28T03:30:00Z', 'f2');
    expect(a.id).toBe(b.id);
    expect(await store.saveEvents('payments', [a, b])).toEqual({ inserted: 1, duplicates: 1, refused: [] });
    expect(await db.collection('events').findOne({ _id: a.id } as any)).toMatchObject({
      occurrences: 2,
      lastOccurredAt: '2016-10-28T03:30:00.000Z',
    });
  });
});

test('the in-memory store the collector tests use counts the same way', async () => {
  const memory = new MemoryStore();
  for (const event of [first(), later(), earlier()]) await memory.saveEvents('payments', [event]);
  expect(memory.events.get(first().id)).toMatchObject({
    occurrences: 3,
    lastOccurredAt: '2016-10-28T01:48:00.000Z',
  });
});
