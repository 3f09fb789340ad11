/**
 * Per-instance limits of Amazon DocumentDB instance-based clusters, from "Amazon DocumentDB Quotas and
 * limits", section "Instance limits" (https://docs.aws.amazon.com/documentdb/latest/developerguide/limits.html#limits.instance).
 * The connection limit is a hard limit per instance (at most 30,000 on the largest classes); a new
 * connection beyond it is refused. Memory is the instance memory in GiB (used for the free-memory alarm).
 */
export const DOCDB_INSTANCE_LIMITS = {
  'db.t3.medium': { memoryGiB: 4, maxConnections: 500 },
  'db.t4g.medium': { memoryGiB: 4, maxConnections: 500 },
  'db.r5.large': { memoryGiB: 16, maxConnections: 1700 },
  'db.r5.xlarge': { memoryGiB: 32, maxConnections: 3400 },
  'db.r5.2xlarge': { memoryGiB: 64, maxConnections: 6800 },
  'db.r5.4xlarge': { memoryGiB: 128, maxConnections: 13600 },
  'db.r5.8xlarge': { memoryGiB: 256, maxConnections: 27200 },
  'db.r5.12xlarge': { memoryGiB: 384, maxConnections: 30000 },
  'db.r5.16xlarge': { memoryGiB: 512, maxConnections: 30000 },
  'db.r5.24xlarge': { memoryGiB: 768, maxConnections: 30000 },
  'db.r6g.large': { memoryGiB: 16, maxConnections: 1700 },
  'db.r6g.xlarge': { memoryGiB: 32, maxConnections: 3400 },
  'db.r6g.2xlarge': { memoryGiB: 64, maxConnections: 6800 },
  'db.r6g.4xlarge': { memoryGiB: 128, maxConnections: 13600 },
  'db.r6g.8xlarge': { memoryGiB: 256, maxConnections: 27200 },
  'db.r6g.12xlarge': { memoryGiB: 384, maxConnections: 30000 },
  'db.r6g.16xlarge': { memoryGiB: 512, maxConnections: 30000 },
  'db.r8g.large': { memoryGiB: 16, maxConnections: 1700 },
  'db.r8g.xlarge': { memoryGiB: 32, maxConnections: 3400 },
  'db.r8g.2xlarge': { memoryGiB: 64, maxConnections: 6800 },
  'db.r8g.4xlarge': { memoryGiB: 128, maxConnections: 13600 },
  'db.r8g.8xlarge': { memoryGiB: 256, maxConnections: 27200 },
  'db.r8g.12xlarge': { memoryGiB: 384, maxConnections: 30000 },
  'db.r8g.16xlarge': { memoryGiB: 512, maxConnections: 30000 },
} as const satisfies Record<string, { readonly memoryGiB: number; readonly maxConnections: number }>;

export type DocdbInstanceClass = keyof typeof DOCDB_INSTANCE_LIMITS;

export const DOCDB_INSTANCE_CLASSES = Object.keys(DOCDB_INSTANCE_LIMITS) as [
  DocdbInstanceClass,
  ...DocdbInstanceClass[],
];

/**
 * Connections one Lambda execution environment holds on one instance: the driver's pool (`maxPoolSize`,
 * used against the primary) plus, since MongoDB Node.js driver 4.7, two monitoring sockets per server
 * (the heartbeat monitor and the round-trip-time pinger), which every client opens to every instance.
 */
export function connectionsPerEnvironment(driverMaxPoolSize: number): number {
  return driverMaxPoolSize + 2;
}

export interface CollectorConcurrencyInput {
  readonly instanceClass: DocdbInstanceClass;
  /** `maxPoolSize` the collector gives the MongoDB driver. */
  readonly driverMaxPoolSize: number;
  /**
   * Share of one instance's connection limit the collector may use; the rest is left to the dashboard's
   * query API, operators and DocumentDB's own management connections.
   */
  readonly connectionShare: number;
}

/**
 * Reserved concurrency of the collector such that, with every execution environment holding its full pool
 * on the primary, the collector cannot use more than its share of the primary's connection limit.
 * Lambda keeps at most this many environments of the function, so the bound is hard.
 */
export function collectorReservedConcurrency(input: CollectorConcurrencyInput): number {
  if (!(input.connectionShare > 0 && input.connectionShare <= 1)) {
    throw new Error(`connectionShare must be in (0, 1], got ${input.connectionShare}`);
  }
  if (!Number.isInteger(input.driverMaxPoolSize) || input.driverMaxPoolSize < 1) {
    throw new Error(`driverMaxPoolSize must be a whole number >= 1, got ${input.driverMaxPoolSize}`);
  }
  const limit = DOCDB_INSTANCE_LIMITS[input.instanceClass].maxConnections;
  const concurrency = Math.floor(
    (limit * input.connectionShare) / connectionsPerEnvironment(input.driverMaxPoolSize),
  );
  if (concurrency < 1) {
    throw new Error(
      `${input.instanceClass} allows ${limit} connections: too few for one collector environment ` +
        `with maxPoolSize ${input.driverMaxPoolSize} and a share of ${input.connectionShare}`,
    );
  }
  return concurrency;
}
