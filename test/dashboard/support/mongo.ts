// Tests against a real MongoDB-wire server (FerretDB in CI) when MONGODB_URI is set. Without it the suite
// is reported by jest as skipped, or fails under CI naming what to set (test/support/servers.ts).
import { type Db, MongoClient } from 'mongodb';
import { missing, suiteNeeding } from '../../support/servers';

export const MONGODB_URI = process.env.MONGODB_URI;

export function describeWithMongo(name: string, body: (db: () => Db) => void): void {
  if (!MONGODB_URI) {
    suiteNeeding(name, missing('mongodb'));
    return;
  }
  describe(name, () => {
    let client: MongoClient;
    let db: Db;
    beforeAll(async () => {
      client = await new MongoClient(MONGODB_URI, { serverSelectionTimeoutMS: 5000 }).connect();
      // One database per suite and run: suites run in parallel and must not see each other's documents.
      db = client.db(`dashboard_${name.replace(/\W+/g, '_').slice(0, 30)}_${process.pid}`);
      await db.dropDatabase();
    });
    afterAll(async () => {
      await db?.dropDatabase();
      await client?.close();
    });
    body(() => db);
  });
}
