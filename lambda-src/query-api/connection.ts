// Connection to the event store for the query API: MONGODB_URI when set (local dev and tests), otherwise
// the DocumentDB secret named by DOCDB_SECRET_ARN. One client per Lambda container, reused across calls.
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { type Db, MongoClient } from 'mongodb';

export interface DocDbSecret {
  readonly username: string;
  readonly password: string;
  readonly host: string;
  readonly port?: number;
}

/** A connection string for DocumentDB from its secret: TLS on, no retryable writes, read from replicas. */
export function docDbUri(secret: DocDbSecret, env: NodeJS.ProcessEnv): string {
  const params = new URLSearchParams({
    tls: 'true',
    replicaSet: 'rs0',
    readPreference: 'secondaryPreferred',
    retryWrites: env.DOCDB_RETRY_WRITES ?? 'false',
  });
  if (env.DOCDB_CA_FILE) params.set('tlsCAFile', env.DOCDB_CA_FILE);
  const user = encodeURIComponent(secret.username);
  const pass = encodeURIComponent(secret.password);
  return `mongodb://${user}:${pass}@${secret.host}:${secret.port ?? 27017}/?${params}`;
}

async function resolveUri(env: NodeJS.ProcessEnv): Promise<string> {
  if (env.MONGODB_URI) return env.MONGODB_URI;
  if (!env.DOCDB_SECRET_ARN) throw new Error('set MONGODB_URI or DOCDB_SECRET_ARN');
  const out = await new SecretsManagerClient({}).send(
    new GetSecretValueCommand({ SecretId: env.DOCDB_SECRET_ARN }),
  );
  return docDbUri(JSON.parse(out.SecretString ?? '{}') as DocDbSecret, env);
}

let client: Promise<MongoClient> | undefined;

/** The events database, connecting on first use. A failed connection is retried on the next call. */
export async function eventsDb(env: NodeJS.ProcessEnv = process.env): Promise<Db> {
  client ??= resolveUri(env).then((uri) =>
    new MongoClient(uri, { maxPoolSize: 8, serverSelectionTimeoutMS: 5000 }).connect(),
  );
  try {
    return (await client).db(env.EVENTS_DB_NAME ?? 'observability');
  } catch (err) {
    client = undefined;
    throw err;
  }
}
