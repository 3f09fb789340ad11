// End to end: application logs as FireLens ships them with the construct's settings, into the collector dev
// server (the real authorizer and collector) and the MongoDB-wire server. A burst larger than one Fluent
// Bit chunk must arrive whole: every record exactly once, no chunk refused for size.
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { MongoClient } from 'mongodb';
import { fluentBitHttpOutputOptions } from '../../constructs/app-logs/fluent-bit-http-output';
import {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_INFLATED_BODY_BYTES,
  loadCollectorConfig,
} from '../../lambda-src/collector/config';
import { createCollectorDeps } from '../../lambda-src/collector/handler';
import { resetConnection } from '../../lambda-src/collector/store/connection';
import { createDevServer } from '../../lambda-src/dev-server/server';
import { dbTest, MONGODB_URI, scratchDbName } from '../collector/support/db-test';
import { chunk, type LogRecord, sendChunks } from '../support/fluent-bit-http-sender';

const FIXTURE = path.resolve(
  __dirname,
  '../fixtures/events/fluentbit/firelens-record.ecs-metadata-fields.awsdocs.json',
);
const API_KEY = 'firelens-test-key';

/**
 * FireLens records shaped like the fixture, with real-length ids and a numbered line of 6–12 kB (a stack
 * trace or a structured log line; Docker splits longer lines at 16 kB): about 230 records make a 2 MB chunk.
 * FerretDB's bulk upserts slow down with the square of their size (2,000 documents take ~10 s on a busy
 * 2-core machine), so chunks of short lines would test the database's speed rather than the delivery.
 */
function burst(count: number): LogRecord[] {
  const fixture = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Record<string, string>;
  const taskId = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
  const fields = {
    ...fixture,
    container_id: `${taskId}-1234567890`,
    ecs_task_arn: `arn:aws:ecs:ap-northeast-1:222222222222:task/payments/${taskId}`,
    ecs_cluster: 'payments',
  };
  const start = 1_764_000_000;
  return Array.from({ length: count }, (_, i) => ({
    time: start + i / 1000,
    fields: { ...fields, log: `line ${i} ${'GET /api/orders 200 '.repeat(300 + (i % 300))}`.trim() },
  }));
}

describe('FireLens delivery to the collector', () => {
  const dbName = scratchDbName('firelens');
  let client: MongoClient | undefined;

  afterAll(async () => {
    await resetConnection();
    if (client) {
      await client.db(dbName).dropDatabase();
      await client.close();
    }
  });

  dbTest(
    'a burst of several chunks arrives whole: every record once, nothing refused for size',
    async () => {
      // A whole chunk is one bulk write of thousands of documents: FerretDB on a busy machine needs longer than
      // the Lambda's 5 s default, and this test is about the delivery, not the database's speed.
      const config = loadCollectorConfig({
        MONGODB_URI,
        EVENTS_DB_NAME: dbName,
        API_KEY_PRODUCTS: '{}',
        DOCDB_TIMEOUT_MS: '60000',
      });
      const server = createDevServer({
        apiKeys: { [API_KEY]: 'payments' },
        deps: createCollectorDeps(config),
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      try {
        const { port } = server.address() as AddressInfo;
        const records = burst(600);
        const chunks = chunk(records);
        const deliveries = await sendChunks(chunks, {
          options: fluentBitHttpOutputOptions({ host: '127.0.0.1', basePath: '' }),
          env: { COLLECTOR_API_KEY: API_KEY },
          baseUrl: `http://127.0.0.1:${port}`,
        });

        // More than one chunk, and chunks larger than the collector's plain body limit once inflated.
        expect(deliveries.length).toBeGreaterThanOrEqual(2);
        expect(Math.max(...deliveries.map((d) => d.jsonBytes))).toBeGreaterThan(DEFAULT_MAX_BODY_BYTES);
        expect(Math.max(...deliveries.map((d) => d.jsonBytes))).toBeLessThan(DEFAULT_MAX_INFLATED_BODY_BYTES);
        expect(deliveries.flatMap((d) => d.statuses).filter((s) => s === 413)).toEqual([]);
        expect(deliveries.map((d) => d.statuses)).toEqual(deliveries.map(() => [200]));

        client = await new MongoClient(MONGODB_URI!).connect();
        const stored = await client
          .db(dbName)
          .collection('events')
          .find({ product: 'payments', source: 'applog' }, { projection: { 'raw.log': 1 } })
          .toArray();
        const lines = stored.map((d) => Number(/^line (\d+)/.exec(d.raw.log)?.[1]));
        expect(lines).toHaveLength(records.length);
        expect(new Set(lines).size).toBe(records.length);
        expect(Math.min(...lines)).toBe(0);
        expect(Math.max(...lines)).toBe(records.length - 1);
      } finally {
        await new Promise((r) => server.close(r));
      }
    },
    300_000,
  );
});
