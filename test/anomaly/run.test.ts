// The detector against a real MongoDB-wire server (FerretDB in CI): application logs stored as the collector
// stores them (Fluent Bit records, normalized, upserted), one run over them, the anomaly events it writes,
// and a re-run that adds nothing. Then the Lambda handler itself, over logs of the current window.
import { type Db, MongoClient } from 'mongodb';
import { DEFAULT_DETECTOR_SETTINGS, type DetectorSettings } from '../../lambda-src/anomaly/detect';
import { handler } from '../../lambda-src/anomaly/handler';
import { detectAnomalies, serviceOf, windowAt } from '../../lambda-src/anomaly/run';
import { normalizeFluentBit } from '../../lambda-src/collector/normalize/fluentbit';
import type { NormalizedEvent } from '../../lambda-src/collector/normalized-event';
import { resetConnection } from '../../lambda-src/collector/store/connection';
import { MongoEventStore } from '../../lambda-src/collector/store/mongo-store';
import { scratchDbName } from '../collector/support/db-test';
import { fixtureJson } from '../collector/support/fixtures';

const MONGODB_URI = process.env.MONGODB_URI;
if (!MONGODB_URI && process.env.CI === 'true')
  throw new Error('MONGODB_URI is not set: under CI the database tests must run (scripts/ferretdb/start.sh)');
const describeWithDb = MONGODB_URI ? describe : describe.skip;

const MIN = 60_000;
const settings: DetectorSettings = {
  ...DEFAULT_DETECTOR_SETTINGS,
  windowMs: 15 * MIN,
  baselineWindows: 8,
  minBaselineWindows: 4,
  minBaselineLines: 40,
};
// The FireLens record of the fixtures gives the fields FireLens adds; each record here is a copy with its
// own line and time.
const FIRELENS = fixtureJson('fluentbit/firelens-record.ecs-metadata-fields.awsdocs.json');
const TASK_DEF_ARN = 'arn:aws:ecs:us-east-1:111122223333:task-definition/checkout-web:14';

type Rec = Record<string, unknown>;
const record = (at: number, log: string, extra: Rec = {}): Rec => ({
  ...FIRELENS,
  container_name: 'ledger',
  log,
  date: at / 1000,
  ...extra,
});

/** Normalized as the collector does, with the env the collector attributes from the account. */
function stored(product: string, env: string, records: Rec[]): NormalizedEvent[] {
  const result = normalizeFluentBit(records, { product, receivedAt: new Date().toISOString(), headers: {} });
  if (!result.ok) throw new Error(result.reason);
  return result.events.map((e) => ({ ...e, env }));
}

/** Eight baseline windows of requests (and a timeout every other window), then the window's lines. */
function ledgerLogs(windowStart: number, windowRecords: (at: (i: number) => number) => Rec[]): Rec[] {
  const out: Rec[] = [];
  for (let w = 8; w >= 1; w--) {
    const start = windowStart - w * settings.windowMs;
    for (let i = 0; i < 10; i++)
      out.push(record(start + i * 5000, `GET /orders/${w * 100 + i} 200 in ${3 + i} ms`));
    if (w % 2 === 0)
      out.push(record(start + 60_000, `upstream timeout after ${1000 + w} ms`, { level: 'error' }));
  }
  return [...out, ...windowRecords((i) => windowStart + 1000 + i * 1000)];
}

function burst(at: (i: number) => number): Rec[] {
  const out: Rec[] = [];
  for (let i = 0; i < 10; i++) out.push(record(at(i), `GET /orders/${900 + i} 200 in 4 ms`));
  for (let i = 0; i < 12; i++)
    out.push(record(at(10 + i), `upstream timeout after ${2000 + i} ms`, { level: 'error' }));
  out.push(
    record(at(30), 'ledger write failed: constraint violation on accounts_pkey (account 4711)', {
      level: 'error',
    }),
  );
  out.push(
    record(at(31), 'ledger write failed: constraint violation on accounts_pkey (account 4712)', {
      level: 'error',
    }),
  );
  return out;
}

describeWithDb('detectAnomalies on stored application logs', () => {
  let client: MongoClient;
  let db: Db;
  const now = new Date('2026-11-30T12:17:00Z');
  const window = windowAt(now, settings);

  beforeAll(async () => {
    client = await new MongoClient(MONGODB_URI!).connect();
    db = client.db(scratchDbName('anomaly_run'));
    const store = new MongoEventStore(async () => db, { logRetentionDays: 14 });
    await store.saveEvents('payments', stored('payments', 'prod', ledgerLogs(window.start, burst)));
    // A quiet service named by its task definition (no container name): nothing to report.
    await store.saveEvents(
      'payments',
      stored(
        'payments',
        'prod',
        ledgerLogs(window.start, (at) => [record(at(0), 'GET /orders/1 200 in 2 ms')]).map((r) => {
          const { container_name: _c, ...rest } = r;
          return { ...rest, ecs_task_definition: TASK_DEF_ARN };
        }),
      ),
    );
    // The same burst in staging, which has no history: too little baseline for anything to be new or a spike.
    await store.saveEvents(
      'payments',
      stored(
        'payments',
        'stg',
        burst((i) => window.start + 2000 + i * 1000),
      ),
    );
  });

  afterAll(async () => {
    await db?.dropDatabase();
    await client?.close();
  });

  test('writes one error spike and one new pattern for the service that changed, with their evidence', async () => {
    const report = await detectAnomalies(db, {
      settings,
      now,
      maxWindowLines: 1000,
      maxBaselineLines: 10_000,
    });
    expect(report).toMatchObject({
      window: { start: '2026-11-30T12:00:00.000Z', end: '2026-11-30T12:15:00.000Z' },
      streams: 3,
      windowLines: 24 + 1 + 24,
      truncated: { window: false, baseline: false },
      findings: 2,
      inserted: 2,
      duplicates: 0,
    });
    const anomalies = await db.collection('events').find({ kind: 'anomaly' }).sort({ title: 1 }).toArray();
    expect(anomalies.map((a) => [a.product, a.env, a.source, a.resource, a.severity, a.status])).toEqual([
      ['payments', 'prod', 'anomaly-detector', 'ledger', 'high', 'open'],
      ['payments', 'prod', 'anomaly-detector', 'ledger', 'medium', 'open'],
    ]);
    const [spike, pattern] = anomalies;
    expect(spike.title).toMatch(
      /^\[ledger prod\] error spike: 14 errors in the window \(baseline median 0\.5, z /,
    );
    expect(spike.raw).toMatchObject({
      detector: 'robust-z-error-rate',
      errors: 14,
      lines: 24,
      baseline: { windows: 8, median: 0.5 },
      patterns: [{ template: 'upstream timeout after <NUM> ms', count: 12 }, { count: 2 }],
    });
    expect(pattern.raw).toMatchObject({
      detector: 'drain-new-pattern',
      template: 'ledger write failed: constraint violation on accounts_pkey (account <NUM>)',
      count: 2,
      errors: 2,
      samples: [
        'ledger write failed: constraint violation on accounts_pkey (account 4711)',
        'ledger write failed: constraint violation on accounts_pkey (account 4712)',
      ],
    });
    expect(pattern._id).toBe(pattern.id);
    // Anomalies are not logs: the log TTL does not remove them.
    expect(pattern.expiresAt).toBeUndefined();
  });

  test('a re-run over the same window writes nothing new', async () => {
    const before = await db.collection('events').find({ kind: 'anomaly' }).sort({ _id: 1 }).toArray();
    const later = new Date(now.getTime() + 5 * MIN); // still the same last complete window
    const report = await detectAnomalies(db, {
      settings,
      now: later,
      maxWindowLines: 1000,
      maxBaselineLines: 10_000,
    });
    expect(report).toMatchObject({ findings: 2, inserted: 0, duplicates: 2 });
    expect(await db.collection('events').find({ kind: 'anomaly' }).sort({ _id: 1 }).toArray()).toEqual(
      before,
    );
  });

  test('a cap on the lines read is reported, never silent', async () => {
    const report = await detectAnomalies(db, { settings, now, maxWindowLines: 10, maxBaselineLines: 5 });
    expect(report.truncated).toEqual({ window: true, baseline: true });
    expect(report.windowLines).toBe(10);
  });
});

describeWithDb('the Lambda handler', () => {
  let client: MongoClient;
  let db: Db;
  const dbName = scratchDbName('anomaly_handler');
  const saved = { ...process.env };

  beforeAll(async () => {
    client = await new MongoClient(MONGODB_URI!).connect();
    db = client.db(dbName);
  });

  afterAll(async () => {
    process.env = saved;
    await resetConnection();
    await db?.dropDatabase();
    await client?.close();
  });

  test('reads DETECTOR_SETTINGS and the database from its environment and writes the anomalies of the last window', async () => {
    const windowMinutes = 60;
    const hourly = { ...settings, windowMs: windowMinutes * MIN };
    // Seeded for the window that is the last complete one now; a run across the hour boundary would look
    // at the next one, so wait out the last seconds of an hour.
    const toBoundary = hourly.windowMs - (Date.now() % hourly.windowMs);
    if (toBoundary < 20_000) await new Promise((r) => setTimeout(r, toBoundary + 100));
    const window = windowAt(new Date(), hourly);
    const logs = [];
    for (let w = 8; w >= 1; w--) {
      const start = window.start - w * hourly.windowMs;
      for (let i = 0; i < 10; i++)
        logs.push(record(start + i * 5000, `GET /orders/${w * 100 + i} 200 in ${3 + i} ms`));
    }
    logs.push(
      record(window.start + 1000, 'ledger write failed: constraint violation on accounts_pkey (account 1)', {
        level: 'error',
      }),
    );
    await new MongoEventStore(async () => db, { logRetentionDays: 14 }).saveEvents(
      'payments',
      stored('payments', 'prod', logs),
    );

    process.env.MONGODB_URI = MONGODB_URI;
    process.env.EVENTS_DB_NAME = dbName;
    process.env.DETECTOR_SETTINGS = JSON.stringify({
      windowMinutes,
      baselineWindows: 8,
      minBaselineWindows: 4,
      minBaselineLines: 40,
    });
    const report = await handler();
    expect(report).toMatchObject({ streams: 1, windowLines: 1, baselineLines: 80, findings: 1, inserted: 1 });
    const [anomaly] = await db.collection('events').find({ kind: 'anomaly' }).toArray();
    expect(anomaly).toMatchObject({
      source: 'anomaly-detector',
      product: 'payments',
      resource: 'ledger',
      severity: 'medium',
    });
  });
});

test('the service of a record: container name, else task definition family, else unknown', () => {
  expect(serviceOf({ container_name: 'app', ecs_task_definition: 'x:1' })).toBe('app');
  expect(serviceOf({ ecs_task_definition: TASK_DEF_ARN })).toBe('checkout-web');
  expect(serviceOf({ ecs_task_definition: 'firelens-example-multiline:2' })).toBe(
    'firelens-example-multiline',
  );
  expect(serviceOf({})).toBe('unknown');
  expect(serviceOf(undefined)).toBe('unknown');
});
