// Least-privilege database users, against a real MongoDB-wire server: FerretDB 1.24 with authentication
// on. What it can check: users are created and kept in line with the passwords of their own secrets
// (SCRAM login works with the right password, fails with any other), indexes are created by the
// bootstrap, and the query API's real handler, signed in as its user, reads and writes nothing. What it
// cannot: FerretDB 1.x implements neither createRole nor roles on users nor any authorization, so the
// bootstrap reports exactly that and refuses to pass; DocumentDB enforces the roles (docs/central.md).
import { MongoClient } from 'mongodb';
import { resetConnection } from '../../lambda-src/collector/store/connection';
import { EVENT_INDEXES, EVENTS_COLLECTION } from '../../lambda-src/collector/store/indexes';
import { runBootstrap } from '../../lambda-src/db-bootstrap/handler';
import { DATABASE_USERS } from '../../lambda-src/db-bootstrap/roles';
import { handler as queryHandler } from '../../lambda-src/query-api/handler';
import { type AuthServer, ferretdbBinary, MASTER, startAuthServer } from './ferretdb-auth';

test('each function gets only what it needs: collector upserts events and quarantine, query API finds events and writes postmortems only, the detector finds and upserts events', () => {
  expect(DATABASE_USERS.map((u) => [u.id, u.user, u.privileges])).toEqual([
    [
      'collector',
      'observability_collector',
      [
        { collection: 'events', actions: ['insert', 'update'] },
        { collection: 'quarantine', actions: ['insert', 'update'] },
      ],
    ],
    [
      'query',
      'observability_query',
      [
        { collection: 'events', actions: ['find'] },
        { collection: 'quarantine', actions: ['find'] },
        { collection: 'postmortems', actions: ['find', 'insert', 'update'] },
      ],
    ],
    ['detector', 'observability_detector', [{ collection: 'events', actions: ['find', 'insert', 'update'] }]],
  ]);
});

const bin = ferretdbBinary();
if (!bin && process.env.CI === 'true') {
  test('FerretDB is installed for the database-user tests', () => {
    throw new Error('FerretDB binary missing: run scripts/ferretdb/install.sh (or set FERRETDB_HOME)');
  });
}
const withServer = bin ? describe : describe.skip;

withServer('bootstrap against FerretDB with authentication', () => {
  let server: AuthServer;
  const dbName = `bootstrap_${process.pid}`;
  const secrets = new Map<string, string>();
  const setPasswords = (collector: string, query: string) => {
    secrets.set(
      'arn:collector',
      JSON.stringify({ username: 'observability_collector', password: collector }),
    );
    secrets.set('arn:query', JSON.stringify({ username: 'observability_query', password: query }));
    secrets.set(
      'arn:detector',
      JSON.stringify({ username: 'observability_detector', password: `${query}-d` }),
    );
  };
  const input = {
    dbName,
    users: { collector: 'arn:collector', query: 'arn:query', detector: 'arn:detector' },
  };
  const deps = () => ({
    readSecret: async (arn: string) => secrets.get(arn)!,
    masterUri: async () => server.uri(MASTER.user, MASTER.password),
    log: { error: () => undefined, log: () => undefined },
  });
  const canLogin = async (user: string, password: string) => {
    const c = new MongoClient(server.uri(user, password), { serverSelectionTimeoutMS: 2000 });
    try {
      await c.connect();
      await c.db('admin').command({ ping: 1 });
      return true;
    } catch {
      return false;
    } finally {
      await c.close();
    }
  };

  beforeAll(async () => {
    server = await startAuthServer(bin!);
  }, 30_000);
  afterAll(async () => {
    await server?.stop();
  });

  test('creates each user with the password of its own secret, then refuses to pass without roles', async () => {
    setPasswords('collector-password-1', 'query-password-1');
    await expect(runBootstrap(input, deps())).rejects.toThrow(
      'the database does not support: createRole observability_collector_writes; createRole observability_query_reads; ' +
        'createRole observability_detector_reads_logs; role of observability_collector (the user has no role); ' +
        'role of observability_query (the user has no role); role of observability_detector (the user has no role)',
    );
    expect(await canLogin('observability_collector', 'collector-password-1')).toBe(true);
    expect(await canLogin('observability_query', 'query-password-1')).toBe(true);
    expect(await canLogin('observability_query', 'collector-password-1')).toBe(false);
    expect(await canLogin('observability_detector', 'query-password-1-d')).toBe(true);
  }, 30_000);

  test('creates the indexes of the event store (the functions no longer do)', async () => {
    const c = await new MongoClient(server.uri(MASTER.user, MASTER.password)).connect();
    try {
      const names = (await c.db(dbName).collection(EVENTS_COLLECTION).listIndexes().toArray()).map(
        (i) => i.name,
      );
      // FerretDB 1.x has no TTL indexes: every other index of the store exists.
      const expected = EVENT_INDEXES.filter((i) => !('expireAfterSeconds' in i)).map((i) => i.name);
      expect(names).toEqual(expect.arrayContaining(expected));
    } finally {
      await c.close();
    }
  });

  test('a re-run with new passwords brings the users in line: old passwords stop working', async () => {
    setPasswords('collector-password-2', 'query-password-2');
    await expect(runBootstrap(input, deps())).rejects.toThrow('the database does not support');
    expect(await canLogin('observability_collector', 'collector-password-2')).toBe(true);
    expect(await canLogin('observability_collector', 'collector-password-1')).toBe(false);
    expect(await canLogin('observability_query', 'query-password-2')).toBe(true);
  }, 30_000);

  test("the query API's handler, signed in as its user, answers and writes nothing", async () => {
    const master = await new MongoClient(server.uri(MASTER.user, MASTER.password)).connect();
    const db = master.db(`${dbName}_query`);
    const before = (await db.listCollections().toArray()).map((c) => c.name);
    process.env.MONGODB_URI = server.uri('observability_query', 'query-password-2');
    process.env.EVENTS_DB_NAME = db.databaseName;
    try {
      const res = await queryHandler({
        httpMethod: 'GET',
        path: '/api/events',
        pathParameters: { proxy: 'events' },
        queryStringParameters: {},
      } as never);
      expect(res.statusCode).toBe(200);
      expect(JSON.parse(res.body).events).toEqual([]);
      // No collection, no index: the query API never writes (it used to create indexes on connect).
      expect((await db.listCollections().toArray()).map((c) => c.name)).toEqual(before);
    } finally {
      delete process.env.MONGODB_URI;
      delete process.env.EVENTS_DB_NAME;
      await resetConnection();
      await master.close();
    }
  }, 30_000);
});
