import { type Db, MongoClient, type MongoClientOptions, MongoServerError } from 'mongodb';
import { parseSecretJson, SecretFormatError, secretFailureText } from '../aws/secret-json';
import { forgetSecret, getSecretString } from '../aws/secrets-manager';
import type { CollectorConfig } from '../config';
import { AUTHENTICATION_FAILED, DatabaseUnavailableError, isUnavailable } from './errors';

/** The RDS/DocumentDB secret format Secrets Manager uses for database credentials. */
interface DocDbSecret {
  readonly username: string;
  readonly password: string;
  readonly host: string;
  readonly port?: number | string;
}

export type ConnectionSettings = Pick<
  CollectorConfig,
  'mongodbUri' | 'docdbSecretArn' | 'dbName' | 'retryWrites' | 'dbTimeoutMs'
>;

/**
 * Client options for a Lambda: one request at a time per container, so a tiny pool; timeouts well under
 * the function timeout so a dead database turns into a quick 503 instead of a Lambda timeout.
 */
export function clientOptions(settings: Pick<ConnectionSettings, 'dbTimeoutMs'>): MongoClientOptions {
  return {
    maxPoolSize: 2,
    minPoolSize: 0,
    maxIdleTimeMS: 60_000,
    serverSelectionTimeoutMS: settings.dbTimeoutMs,
    connectTimeoutMS: settings.dbTimeoutMs,
    socketTimeoutMS: Math.round(settings.dbTimeoutMs * 1.5),
    waitQueueTimeoutMS: settings.dbTimeoutMs,
    appName: 'observability-collector',
  };
}

/**
 * DocumentDB connection string from the Secrets Manager secret: TLS on (the cluster enforces it),
 * `replicaSet=rs0` (so the driver discovers replicas and `secondaryPreferred` can use them),
 * `retryWrites` as configured (DocumentDB before 8.0.2 rejects retryable writes).
 */
export function documentDbUri(secret: DocDbSecret, retryWrites: boolean): string {
  const auth = `${encodeURIComponent(secret.username)}:${encodeURIComponent(secret.password)}`;
  const params = new URLSearchParams({
    tls: 'true',
    replicaSet: 'rs0',
    readPreference: 'secondaryPreferred',
    retryWrites: String(retryWrites),
  });
  return `mongodb://${auth}@${secret.host}:${secret.port ?? 27017}/?${params}`;
}

async function resolveUri(settings: ConnectionSettings): Promise<string> {
  // MONGODB_URI is used as written (local dev, tests, a self-managed MongoDB): it says whether to use TLS.
  if (settings.mongodbUri) return settings.mongodbUri;
  if (!settings.docdbSecretArn)
    throw new DatabaseUnavailableError('neither MONGODB_URI nor DOCDB_SECRET_ARN is set');
  let secret: Partial<DocDbSecret> | null;
  try {
    const text = await getSecretString(settings.docdbSecretArn);
    secret = parseSecretJson('database secret (DOCDB_SECRET_ARN)', text) as Partial<DocDbSecret> | null;
  } catch (err) {
    // No `cause` for a malformed secret: a logged cause would print the parser's quote of the password.
    throw new DatabaseUnavailableError(
      `database credentials unavailable: ${secretFailureText(err)}`,
      err instanceof SecretFormatError ? undefined : { cause: err },
    );
  }
  if (!secret?.host || !secret.username || !secret.password) {
    throw new DatabaseUnavailableError('database secret lacks host, username or password');
  }
  return documentDbUri(secret as DocDbSecret, settings.retryWrites);
}

interface Connected {
  readonly client: MongoClient;
  readonly db: Db;
}

let current: Promise<Connected> | undefined;

/**
 * The database, with ONE client per container reused across invocations (connecting costs a TLS and
 * SCRAM handshake: far more than a write). Indexes are not created here: the functions' users may not,
 * and the deploy-time bootstrap does it once (lambda-src/db-bootstrap).
 */
export function connectedDb(settings: ConnectionSettings): Promise<Db> {
  current ??= connect(settings);
  return current.then(
    (c) => c.db,
    (err) => {
      current = undefined;
      throw err;
    },
  );
}

async function connect(settings: ConnectionSettings): Promise<Connected> {
  const uri = await resolveUri(settings);
  const client = new MongoClient(uri, {
    ...clientOptions(settings),
    ...(settings.mongodbUri ? {} : { retryWrites: settings.retryWrites }),
  });
  try {
    await client.connect();
    return { client, db: client.db(settings.dbName) };
  } catch (err) {
    await client.close().catch(() => undefined);
    if (err instanceof MongoServerError && err.code === AUTHENTICATION_FAILED && settings.docdbSecretArn) {
      forgetSecret(settings.docdbSecretArn);
    }
    if (isUnavailable(err))
      throw new DatabaseUnavailableError(`database unavailable: ${(err as Error).message}`, { cause: err });
    throw err;
  }
}

/** Drops the cached client (tests; and after the database refused our credentials). */
export async function resetConnection(): Promise<void> {
  const c = current;
  current = undefined;
  if (c) await c.then((x) => x.client.close()).catch(() => undefined);
}
