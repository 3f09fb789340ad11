import {
  collectorReservedConcurrency,
  connectionsPerEnvironment,
  DOCDB_INSTANCE_CLASSES,
  DOCDB_INSTANCE_LIMITS,
} from '../../constructs/collector/docdb-connection-limits';
import { clientOptions } from '../../lambda-src/collector/store/connection';
import { exampleWithCentral, synthCentral } from './central-synth';

/** What the construct assumes about the collector's MongoDB client (its default `driverMaxPoolSize`). */
const ASSUMED_POOL = 2;

test('the collector code uses the pool size the reserved concurrency is computed from', () => {
  expect(clientOptions({ dbTimeoutMs: 5000 }).maxPoolSize).toBe(ASSUMED_POOL);
});

test.each(DOCDB_INSTANCE_CLASSES)(
  'on %s the collector cannot use more than its share of connections',
  (instanceClass) => {
    const share = 0.5;
    const concurrency = collectorReservedConcurrency({
      instanceClass,
      driverMaxPoolSize: ASSUMED_POOL,
      connectionShare: share,
    });
    const limit = DOCDB_INSTANCE_LIMITS[instanceClass].maxConnections;
    expect(concurrency * connectionsPerEnvironment(ASSUMED_POOL)).toBeLessThanOrEqual(limit * share);
    // ...and is not needlessly small: one more environment would exceed the share.
    expect((concurrency + 1) * connectionsPerEnvironment(ASSUMED_POOL)).toBeGreaterThan(limit * share);
  },
);

test('the synthesized collector is capped from the configured instance class', () => {
  const configFor = (instanceClass: string) =>
    exampleWithCentral((central) => {
      central.documentDb = { ...central.documentDb, instanceClass };
    });
  const reserved = (instanceClass: string) =>
    synthCentral(configFor(instanceClass))
      .resourceList('aws_lambda_function')
      .find((f) => f.function_name === 'observability-collector')!.reserved_concurrent_executions;
  // db.t4g.medium: 500 connections, half for the collector, 4 per environment (pool 2 + 2 monitors).
  expect(reserved('db.t4g.medium')).toBe(62);
  expect(reserved('db.r6g.large')).toBe(212);
});

test("every instance class in the table has a connection limit within DocumentDB's 30,000 cap", () => {
  for (const limits of Object.values(DOCDB_INSTANCE_LIMITS)) {
    expect(limits.maxConnections).toBeGreaterThan(0);
    expect(limits.maxConnections).toBeLessThanOrEqual(30000);
  }
});

test('fails when not even one environment fits the share', () => {
  expect(() =>
    collectorReservedConcurrency({
      instanceClass: 'db.t3.medium',
      driverMaxPoolSize: 100,
      connectionShare: 0.1,
    }),
  ).toThrow('db.t3.medium allows 500 connections: too few for one collector environment');
});

test('fails on a share outside (0, 1]', () => {
  expect(() =>
    collectorReservedConcurrency({
      instanceClass: 'db.t3.medium',
      driverMaxPoolSize: 2,
      connectionShare: 1.5,
    }),
  ).toThrow('connectionShare must be in (0, 1], got 1.5');
});
