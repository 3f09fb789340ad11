// Thousands of deliveries through the real collector (handler wiring, driver, store) to a MongoDB-wire
// server behind the fault proxy. The sender behaves as EventBridge and Fluent Bit do: a 503 is sent again
// (here after a short pause instead of Retry-After) until it is answered 2xx. Afterwards the database is
// read directly (no proxy) and compared with what each delivery should have written:
//   lost     documents of a delivery answered 2xx that are not in the database (must be 0)
//   phantom  documents in the database that no delivery should have written (must be 0)
// Every delivery ends answered 2xx, so "every document in the database was answered 2xx or is on the
// sender's retry" comes down to phantom = 0.
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import * as path from 'node:path';
import { MongoClient } from 'mongodb';
import { seededRandom } from '../../dashboard/seeded-random';
import { collect } from '../../lambda-src/collector/collect';
import { loadCollectorConfig } from '../../lambda-src/collector/config';
import { createCollectorDeps } from '../../lambda-src/collector/handler';
import type { ProxyEvent } from '../../lambda-src/collector/http/proxy-event';
import { normalizeDelivery } from '../../lambda-src/collector/normalize';
import type { Route } from '../../lambda-src/collector/normalized-event';
import { quarantineDocument } from '../../lambda-src/collector/quarantine';
import { resetConnection } from '../../lambda-src/collector/store/connection';
import { EVENTS_COLLECTION, QUARANTINE_COLLECTION } from '../../lambda-src/collector/store/indexes';
import { type FaultKind, FaultProxy } from './proxy';

const FIXTURES = path.join(__dirname, '..', '..', 'test', 'fixtures', 'events');
const fixture = (file: string) => JSON.parse(readFileSync(path.join(FIXTURES, file), 'utf8'));

const API_KEY_ID = 'faultkey01';
const PRODUCT = 'faults';

export interface FaultRunOptions {
  /** The real server (loopback). */
  readonly mongodbUri: string;
  readonly dbName: string;
  readonly requests: number;
  readonly seed: number;
  /** Deliveries in flight at once. */
  readonly concurrency: number;
  /** Share of write commands broken. */
  readonly faultRate: number;
  readonly maxFaults: number;
  /** The collector's DOCDB_TIMEOUT_MS: how long a hanging connection costs. */
  readonly dbTimeoutMs: number;
  /** No new delivery starts after this (those in flight finish); the result says how many ran. */
  readonly timeBudgetMs: number;
}

export interface FaultRunResult {
  readonly seed: number;
  /** What answered, e.g. `FerretDB v1.24.2 (answers as MongoDB 7.0.77)`. */
  readonly server: string;
  /** 1-minute load average at start and end, and the number of cores: wall time depends on them. */
  readonly load: { readonly start: number; readonly end: number; readonly cores: number };
  /** Deliveries sent (each until answered 2xx). */
  readonly requests: number;
  /** Requests made, retries included. */
  readonly attempts: number;
  /** Answers by status code, over all attempts. */
  readonly statuses: Readonly<Record<string, number>>;
  /** Deliveries answered 503 at least once. */
  readonly retriedDeliveries: number;
  /** Deliveries whose final 2xx reported duplicates: their write had landed on an attempt answered 503. */
  readonly appliedBeforeAcknowledged: number;
  /** Why the collector answered 503, by error (class and message with numbers blanked). */
  readonly unavailableReasons: Readonly<Record<string, number>>;
  readonly faults: Readonly<Record<FaultKind, number>>;
  readonly writeCommands: number;
  readonly documentsExpected: number;
  readonly documentsFound: number;
  readonly lost: number;
  readonly phantom: number;
  /** Anything the sender could not explain: a status other than 200/202/503, a retry budget exhausted. */
  readonly unexpected: readonly string[];
  readonly elapsedMs: number;
  readonly options: Omit<FaultRunOptions, 'mongodbUri' | 'dbName'>;
}

interface Delivery {
  readonly route: Route;
  readonly path: string;
  readonly body: string;
  /** Documents this delivery must leave, by collection. */
  readonly expected: { readonly events: readonly string[]; readonly quarantine: readonly string[] };
}

const MAX_ATTEMPTS = 60;

/**
 * The run docs/benchmarks.md reports, and CI makes within a time budget (test/collector/faults.test.ts):
 * 2,000 deliveries, about 3% of write commands broken.
 */
export const STANDARD_FAULT_RUN = {
  requests: 2000,
  seed: 14,
  concurrency: 4,
  faultRate: 0.03,
  maxFaults: 200,
  dbTimeoutMs: 2000,
  timeBudgetMs: Number.POSITIVE_INFINITY,
} as const satisfies Omit<FaultRunOptions, 'mongodbUri' | 'dbName'>;

export async function runFaultInjection(options: FaultRunOptions): Promise<FaultRunResult> {
  const upstream = new URL(options.mongodbUri);
  const proxy = new FaultProxy({
    upstreamHost: upstream.hostname,
    upstreamPort: Number(upstream.port || 27017),
    seed: options.seed,
    faultRate: options.faultRate,
    maxFaults: options.maxFaults,
    // Some delays outlast the driver's socket timeout (1.5 × dbTimeoutMs): the write lands after the
    // collector gave up on it.
    maxDelayMs: Math.round(options.dbTimeoutMs * 2),
  });
  const proxyPort = await proxy.listen();
  const viaProxy = new URL(options.mongodbUri);
  viaProxy.host = `127.0.0.1:${proxyPort}`;
  viaProxy.searchParams.set('directConnection', 'true');

  const config = loadCollectorConfig({
    API_KEY_PRODUCTS: JSON.stringify({ [API_KEY_ID]: PRODUCT }),
    MONGODB_URI: viaProxy.toString(),
    EVENTS_DB_NAME: options.dbName,
    DOCDB_TIMEOUT_MS: String(options.dbTimeoutMs),
  });
  const reasons: Record<string, number> = {};
  const deps = {
    ...createCollectorDeps(config),
    log: {
      error: (_what: unknown, err?: unknown) => {
        const reason = reasonOf(err);
        reasons[reason] = (reasons[reason] ?? 0) + 1;
      },
      warn: () => undefined,
    },
  };

  const random = seededRandom(options.seed ^ 0x5eed);
  const deliveries = Array.from({ length: options.requests }, (_, i) => makeDelivery(i, random));
  const statuses: Record<string, number> = {};
  const unexpected: string[] = [];
  let attempts = 0;
  let retriedDeliveries = 0;
  let appliedBeforeAcknowledged = 0;
  const answered2xx: Delivery[] = [];

  const loadAtStart = loadavg()[0];
  const started = Date.now();
  let next = 0;
  const worker = async () => {
    while (next < deliveries.length && Date.now() - started < options.timeBudgetMs) {
      const delivery = deliveries[next++];
      let retried = false;
      for (let attempt = 1; ; attempt++) {
        attempts++;
        const res = await collect(proxyEvent(delivery, attempt), deps);
        statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
        if (res.statusCode === 200 || res.statusCode === 202) {
          answered2xx.push(delivery);
          if (retried && JSON.parse(res.body).duplicates > 0) appliedBeforeAcknowledged++;
          break;
        }
        if (res.statusCode !== 503) {
          unexpected.push(`${delivery.path} answered ${res.statusCode}: ${res.body.slice(0, 200)}`);
          break;
        }
        if (!retried) retriedDeliveries++;
        retried = true;
        if (attempt >= MAX_ATTEMPTS) {
          unexpected.push(`${delivery.path} still 503 after ${MAX_ATTEMPTS} attempts`);
          break;
        }
        await new Promise((r) => setTimeout(r, 5 + Math.floor(random() * 20)));
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const elapsedMs = Date.now() - started;
  proxy.enabled = false;
  await resetConnection();
  await proxy.close();

  // The truth, read around the proxy.
  const client = await new MongoClient(options.mongodbUri, { serverSelectionTimeoutMS: 5000 }).connect();
  try {
    const db = client.db(options.dbName);
    const ids = async (collection: string) =>
      new Set(
        (
          await db
            .collection<{ _id: string }>(collection)
            .find({}, { projection: { _id: 1 } })
            .toArray()
        ).map((d) => d._id),
      );
    const found = { events: await ids(EVENTS_COLLECTION), quarantine: await ids(QUARANTINE_COLLECTION) };
    const expected = { events: new Set<string>(), quarantine: new Set<string>() };
    let lost = 0;
    for (const d of answered2xx) {
      for (const which of ['events', 'quarantine'] as const) {
        for (const id of d.expected[which]) {
          expected[which].add(id);
          if (!found[which].has(id)) lost++;
        }
      }
    }
    // Deliveries that never got their 2xx (time budget, unexpected answers) may have written: not phantoms.
    const unanswered = deliveries.filter((d) => !answered2xx.includes(d));
    for (const d of unanswered) {
      for (const which of ['events', 'quarantine'] as const)
        for (const id of d.expected[which]) expected[which].add(id);
    }
    let phantom = 0;
    for (const which of ['events', 'quarantine'] as const)
      for (const id of found[which]) if (!expected[which].has(id)) phantom++;
    const info = await db.admin().command({ buildInfo: 1 });
    await db.dropDatabase();
    return {
      seed: options.seed,
      server: info.ferretdbVersion
        ? `FerretDB ${info.ferretdbVersion} (answers as MongoDB ${info.version})`
        : `MongoDB ${info.version}`,
      load: { start: loadAtStart, end: loadavg()[0], cores: cpus().length },
      requests: answered2xx.length + unexpected.length,
      attempts,
      statuses,
      retriedDeliveries,
      appliedBeforeAcknowledged,
      unavailableReasons: reasons,
      faults: { ...proxy.faults },
      writeCommands: proxy.writes,
      documentsExpected: answered2xx.reduce(
        (n, d) => n + d.expected.events.length + d.expected.quarantine.length,
        0,
      ),
      documentsFound: found.events.size + found.quarantine.size,
      lost,
      phantom,
      unexpected,
      elapsedMs,
      options: {
        requests: options.requests,
        seed: options.seed,
        concurrency: options.concurrency,
        faultRate: options.faultRate,
        maxFaults: options.maxFaults,
        dbTimeoutMs: options.dbTimeoutMs,
        timeBudgetMs: options.timeBudgetMs,
      },
    };
  } finally {
    await client.close();
  }
}

function reasonOf(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause instanceof Error ? ` <- ${err.cause.name}` : '';
  return `${err.name}${cause}: ${err.message.slice(0, 240)}`;
}

function proxyEvent(d: Delivery, attempt: number): ProxyEvent {
  return {
    httpMethod: 'POST',
    path: d.path,
    resource: d.path,
    headers: { 'Content-Type': 'application/json' },
    body: d.body,
    isBase64Encoded: false,
    requestContext: { requestId: `fault-${attempt}`, identity: { apiKeyId: API_KEY_ID } },
  };
}

const FIRELENS = fixture('fluentbit/firelens-record.ecs-metadata-fields.awsdocs.json');
const ECS_DEPLOYMENT = fixture('ecs/ecs-deployment-state-change.failed.awsdocs.json');

/**
 * Delivery `i`: mostly Fluent Bit batches of 1–8 FireLens records (each line different), some ECS events
 * on /events (their own event id), some payloads no normalizer knows (quarantined, 202).
 */
function makeDelivery(i: number, random: () => number): Delivery {
  const pick = random();
  let route: Route;
  let urlPath: string;
  let payload: unknown;
  if (pick < 0.7) {
    route = 'fluentbit';
    urlPath = '/v1/webhooks/fluentbit';
    const n = 1 + Math.floor(random() * 8);
    payload = Array.from({ length: n }, (_, j) => ({
      date: 1734158468 + i + j / 1000,
      ...FIRELENS,
      log: `delivery ${i} line ${j + 1} of ${n}: ${FIRELENS.log}`,
    }));
  } else if (pick < 0.85) {
    route = 'eventbridge';
    urlPath = '/v1/events';
    payload = { ...ECS_DEPLOYMENT, id: `fault-run-${i}-${ECS_DEPLOYMENT.id}` };
  } else {
    route = 'datadog';
    urlPath = '/v1/webhooks/datadog';
    payload = { delivery: i, note: 'not a Datadog webhook: quarantined' };
  }
  const body = JSON.stringify(payload);
  const ctx = { product: PRODUCT, receivedAt: '2026-12-02T00:00:00.000Z', headers: {} };
  const normalized = normalizeDelivery(route, payload, ctx);
  const expected = normalized.ok
    ? { events: normalized.events.map((e) => e.id), quarantine: [] }
    : {
        events: [],
        quarantine: [quarantineDocument({ ...ctx, route, reason: '', body: Buffer.from(body) })._id],
      };
  return { route, path: urlPath, body, expected };
}
