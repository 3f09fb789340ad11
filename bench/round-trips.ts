// Database round trips per request through the real collector handler, against FerretDB (or MONGODB_URI).
// Usage: tsx bench/round-trips.ts
// Every command the driver sends is counted with its command monitoring (`commandStarted`): one command is
// one request/response exchange with the server. Connection handshakes (`hello`, and on DocumentDB the TLS
// and SCRAM exchanges) are not commands; they are counted as connections opened.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { type CommandStartedEvent, MongoClient } from 'mongodb';
import type { ProxyEvent } from '../lambda-src/collector/http/proxy-event';

const ROOT = path.resolve(__dirname, '..');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'events');
const fixture = (file: string) => JSON.parse(readFileSync(path.join(FIXTURES, file), 'utf8'));

const API_KEY_ID = 'benchkey01';
const PRODUCT = 'bench';

/** A REST proxy event as API Gateway passes it on after the authorizer accepted the key. */
function proxyEvent(resourcePath: string, body: unknown): ProxyEvent {
  return {
    httpMethod: 'POST',
    path: resourcePath,
    resource: resourcePath,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    isBase64Encoded: false,
    requestContext: { requestId: `bench-${resourcePath}`, identity: { apiKeyId: API_KEY_ID } },
  };
}

/** GuardDuty samples exist only as `detail`: the documented envelope around them. */
const guardDutyEvent = () => ({
  version: '0',
  id: 'c8c4daa7-a20c-2f03-0070-b7393dd542ad',
  'detail-type': 'GuardDuty Finding',
  source: 'aws.guardduty',
  account: '123456789012',
  time: '2024-01-01T00:00:00Z',
  region: 'us-east-1',
  resources: [],
  detail: fixture('guardduty/finding-detail-only.iam-api-call.aws-samples.json'),
});

/** A Fluent Bit `http` output flush (format json) of `n` FireLens records, each a different line. */
export function fluentBitBatch(n: number): Record<string, unknown>[] {
  const record = fixture('fluentbit/firelens-record.ecs-metadata-fields.awsdocs.json');
  return Array.from({ length: n }, (_, i) => ({
    date: 1734158468 + i / 1000,
    ...record,
    log: `${record.log}\n    (line ${i + 1} of ${n})`,
  }));
}

export const REQUESTS: readonly { readonly name: string; readonly event: () => ProxyEvent }[] = [
  { name: 'EventBridge event (GuardDuty finding)', event: () => proxyEvent('/v1/events', guardDutyEvent()) },
  {
    name: 'PagerDuty webhook (incident)',
    event: () =>
      proxyEvent(
        '/v1/webhooks/pagerduty',
        fixture('pagerduty/webhook-v3.incident.priority_updated.pagerduty-docs.json'),
      ),
  },
  {
    name: 'Fluent Bit batch, 100 records',
    event: () => proxyEvent('/v1/webhooks/fluentbit', fluentBitBatch(100)),
  },
];

export interface RequestRoundTrips {
  readonly name: string;
  readonly status: number;
  readonly stored: number;
  /** Commands sent while handling the request, by name. */
  readonly commands: Readonly<Record<string, number>>;
  readonly total: number;
  readonly connectionsOpened: number;
}

export interface RoundTripResults {
  readonly server: string;
  /** The first request of a new container: the connection, then the request itself. */
  readonly cold: RequestRoundTrips;
  /** Each request on a warm container. */
  readonly warm: readonly RequestRoundTrips[];
}

/** A free TCP port on 127.0.0.1. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * Starts a FerretDB of our own with scripts/ferretdb (installing it first if needed): its own run directory
 * and port, so that it never meets a server someone else started from the same scripts.
 */
export async function startFerretDb(): Promise<{ uri: string; stop: () => void }> {
  const scripts = path.join(ROOT, 'scripts', 'ferretdb');
  execFileSync(path.join(scripts, 'install.sh'), { stdio: ['ignore', 'ignore', 'inherit'] });
  const home = mkdtempSync(path.join(tmpdir(), 'bench-ferretdb-'));
  mkdirSync(path.join(home, 'run'));
  symlinkSync(path.join(ROOT, '.cache', 'ferretdb', 'bin'), path.join(home, 'bin'));
  const env = { ...process.env, FERRETDB_HOME: home, FERRETDB_PORT: String(await freePort()) };
  const uri = execFileSync(path.join(scripts, 'start.sh'), {
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  }).trim();
  return {
    uri,
    stop: () => {
      execFileSync(path.join(scripts, 'stop.sh'), { env, stdio: 'ignore' });
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** Counts the commands and connections of every MongoClient created in this process from now on. */
function monitorClients() {
  let commands: CommandStartedEvent[] = [];
  let connections = 0;
  const connect = MongoClient.prototype.connect;
  MongoClient.prototype.connect = function (this: MongoClient) {
    this.on('commandStarted', (e) => commands.push(e));
    this.on('connectionCreated', () => connections++);
    return connect.call(this);
  } as typeof connect;
  return {
    take(): { commands: Record<string, number>; total: number; connectionsOpened: number } {
      const byName: Record<string, number> = {};
      for (const c of commands) byName[c.commandName] = (byName[c.commandName] ?? 0) + 1;
      const result = { commands: byName, total: commands.length, connectionsOpened: connections };
      commands = [];
      connections = 0;
      return result;
    },
    restore: () => {
      MongoClient.prototype.connect = connect;
    },
  };
}

/** With `monitorCommands` on, the driver emits `commandStarted` for every command it sends. */
function withMonitoring(uri: string): string {
  const url = new URL(uri);
  url.searchParams.set('monitorCommands', 'true');
  return url.toString();
}

export async function benchRoundTrips(): Promise<RoundTripResults> {
  const ferret = process.env.MONGODB_URI ? undefined : await startFerretDb();
  const uri = process.env.MONGODB_URI ?? ferret!.uri;
  const dbName = `bench_round_trips_${process.pid}`;
  const monitor = monitorClients();
  try {
    process.env.MONGODB_URI = withMonitoring(uri);
    process.env.EVENTS_DB_NAME = dbName;
    process.env.API_KEY_PRODUCTS = JSON.stringify({ [API_KEY_ID]: PRODUCT });
    // The handler as the Lambda runtime loads it: module state (config, client) is per container.
    const { handler } =
      require('../lambda-src/collector/handler') as typeof import('../lambda-src/collector/handler');
    const run = async (name: string, event: ProxyEvent): Promise<RequestRoundTrips> => {
      monitor.take();
      const response = await handler(event);
      const body = JSON.parse(response.body);
      return { name, status: response.statusCode, stored: body.stored ?? 0, ...monitor.take() };
    };
    const cold = await run(`first request of a container: ${REQUESTS[0].name}`, REQUESTS[0].event());
    const warm: RequestRoundTrips[] = [];
    // Fresh documents each time (a repeated delivery is the same upsert, matched instead of inserted).
    for (const r of REQUESTS) warm.push(await run(r.name, r.event()));
    const server = await describeServer(uri);
    return { server, cold, warm };
  } finally {
    monitor.restore();
    const { resetConnection } =
      require('../lambda-src/collector/store/connection') as typeof import('../lambda-src/collector/store/connection');
    await resetConnection();
    const client = await new MongoClient(uri).connect();
    await client
      .db(dbName)
      .dropDatabase()
      .catch(() => undefined);
    await client.close();
    ferret?.stop();
  }
}

export async function describeServer(uri: string): Promise<string> {
  const client = await new MongoClient(uri).connect();
  try {
    const info = await client.db('admin').command({ buildInfo: 1 });
    return info.ferretdbVersion
      ? `FerretDB ${info.ferretdbVersion} (answers as MongoDB ${info.version})`
      : `MongoDB ${info.version}`;
  } finally {
    await client.close();
  }
}

if (require.main === module) {
  benchRoundTrips().then(
    (r) => console.log(JSON.stringify(r, null, 2)),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
