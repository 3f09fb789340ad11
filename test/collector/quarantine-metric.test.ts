// Every quarantined delivery is counted as an embedded-metric-format line the central stack alarms on.
import { MongoClient } from 'mongodb';
import { collect } from '../../lambda-src/collector/collect';
import { normalizeDelivery } from '../../lambda-src/collector/normalize';
import { deliverySource } from '../../lambda-src/collector/quarantine';
import {
  countingQuarantine,
  QUARANTINE_METRIC_NAME,
  QUARANTINE_METRIC_NAMESPACE,
} from '../../lambda-src/collector/quarantine-metric';
import { scratchDbName } from './support/db-test';
import { testDeps } from './support/deps';
import { fixtureBytes } from './support/fixtures';
import { API_KEY_PRODUCTS, proxyEvent } from './support/proxy-event';

const MONGODB_URI = process.env.MONGODB_URI;
if (!MONGODB_URI && process.env.CI === 'true')
  throw new Error('MONGODB_URI is not set: under CI the database tests must run (scripts/ferretdb/start.sh)');
const describeWithDb = MONGODB_URI ? describe : describe.skip;

/** An AWS event no normalizer handles (EC2 state change): it is quarantined. */
const EC2_EVENT = 'eventbridge/generic-envelope.powertools-python.json';
const ECS_EVENT = 'ecs/ecs-deployment-state-change.failed.awsdocs.json';

/**
 * The checks CloudWatch applies when it extracts metrics from an EMF line (CloudWatch_Embedded_Metric_
 * Format_Specification): every dimension key and metric name is a root member, dimension values are
 * strings of at most 1024 characters, metric values are numbers, at most 30 keys per dimension set.
 */
function extractedMetrics(
  line: string,
): { namespace: string; name: string; dims: Record<string, string>; value: number }[] {
  const doc = JSON.parse(line);
  expect(Number.isInteger(doc._aws.Timestamp)).toBe(true);
  const out = [];
  for (const directive of doc._aws.CloudWatchMetrics) {
    for (const set of directive.Dimensions as string[][]) {
      expect(set.length).toBeLessThanOrEqual(30);
      const dims: Record<string, string> = {};
      for (const key of set) {
        expect(typeof doc[key]).toBe('string');
        expect(doc[key].length).toBeLessThanOrEqual(1024);
        dims[key] = doc[key];
      }
      for (const m of directive.Metrics) {
        expect(typeof doc[m.Name]).toBe('number');
        out.push({ namespace: directive.Namespace, name: m.Name, dims, value: doc[m.Name] });
      }
    }
  }
  return out;
}

describe('quarantine metric', () => {
  function collector() {
    const { deps, store } = testDeps({ normalize: normalizeDelivery });
    const lines: string[] = [];
    const counted = { ...deps, store: countingQuarantine(store, (l) => lines.push(l), deps.now) };
    return { deps: counted, store, lines };
  }

  test('a quarantined EventBridge delivery is one data point, by product and AWS source, and in the total', async () => {
    const { deps, lines } = collector();

    const res = await collect(proxyEvent('/events', fixtureBytes(EC2_EVENT)), deps);

    expect(res.statusCode).toBe(202);
    expect(lines).toHaveLength(1);
    expect(extractedMetrics(lines[0])).toEqual([
      {
        namespace: QUARANTINE_METRIC_NAMESPACE,
        name: QUARANTINE_METRIC_NAME,
        dims: { Product: 'payments', Source: 'aws.ec2' },
        value: 1,
      },
      { namespace: QUARANTINE_METRIC_NAMESPACE, name: QUARANTINE_METRIC_NAME, dims: {}, value: 1 },
    ]);
    expect(JSON.parse(lines[0]).reason).toBe(JSON.parse(res.body).reason);
  });

  test('a stored delivery writes no metric line; a malformed webhook body counts under its route', async () => {
    const { deps, lines } = collector();

    const stored = await collect(proxyEvent('/events', fixtureBytes(ECS_EVENT)), deps);
    const malformed = await collect(proxyEvent('/webhooks/datadog', '{"title": '), deps);

    expect([stored.statusCode, malformed.statusCode]).toEqual([200, 400]);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({ Product: 'payments', Source: 'datadog' });
  });

  test('nothing is counted when the database did not keep the delivery (the sender retries)', async () => {
    const { deps, store, lines } = collector();
    store.down = true;

    const res = await collect(proxyEvent('/events', fixtureBytes(EC2_EVENT)), deps);

    expect(res.statusCode).toBe(503);
    expect(lines).toEqual([]);
  });

  test.each([
    ['{"source": "aws.health", "detail": {}}', 'aws.health'],
    ['{"source": "com.example.orders"}', 'eventbridge'],
    ['{"source": "aws.health\\u0000x"}', 'eventbridge'],
    [`{"source": "aws.${'x'.repeat(60)}"}`, 'eventbridge'],
    ['[1, 2]', 'eventbridge'],
    ['not json', 'eventbridge'],
  ])(
    'an EventBridge body %s counts as source %s (a sender cannot invent dimension values)',
    (raw, source) => {
      expect(deliverySource('eventbridge', raw)).toBe(source);
    },
  );
});

describeWithDb('quarantine metric from the deployed handler', () => {
  const dbName = scratchDbName('quarantine_metric');
  const saved = { ...process.env };
  let client: MongoClient;

  afterAll(async () => {
    process.env = saved;
    await client?.db(dbName).dropDatabase();
    await client?.close();
  });

  test('the handler writes the EMF line to stdout itself (Lambda JSON logs would wrap console output)', async () => {
    process.env = {
      ...saved,
      MONGODB_URI: MONGODB_URI!,
      EVENTS_DB_NAME: dbName,
      API_KEY_PRODUCTS: JSON.stringify(API_KEY_PRODUCTS),
    };
    let handler!: typeof import('../../lambda-src/collector/handler').handler;
    let reset!: () => Promise<void>;
    jest.isolateModules(() => {
      handler = require('../../lambda-src/collector/handler').handler;
      reset = require('../../lambda-src/collector/store/connection').resetConnection;
    });
    const written: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      const res = await handler(proxyEvent('/events', fixtureBytes(EC2_EVENT)));
      expect(res.statusCode).toBe(202);
    } finally {
      spy.mockRestore();
      await reset();
    }
    const emf = written.filter((w) => w.includes('"_aws"'));
    expect(emf).toHaveLength(1);
    expect(emf[0].endsWith('\n')).toBe(true);
    expect(extractedMetrics(emf[0])[1]).toMatchObject({ dims: {}, value: 1 });
    client = await new MongoClient(MONGODB_URI!).connect();
    const doc = await client
      .db(dbName)
      .collection('quarantine')
      .findOne({ _id: JSON.parse(emf[0]).quarantineId });
    expect(doc).toMatchObject({ product: 'payments', route: 'eventbridge', source: 'aws.ec2' });
  });
});
