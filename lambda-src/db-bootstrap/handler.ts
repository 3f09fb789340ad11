// Bootstrap Lambda, invoked by terraform at deploy time (aws_lambda_invocation) whenever its input changes:
// connects as the DocumentDB master user and creates the functions' users, their roles and the indexes.
// Its answer names users, roles and indexes; never a password.
import { MongoClient } from 'mongodb';
import { getSecretString } from '../collector/aws/secrets-manager';
import { clientOptions, documentDbUri } from '../collector/store/connection';
import { type BootstrapReport, bootstrapDatabase } from './bootstrap';
import { DATABASE_USERS } from './roles';

/** What terraform sends: the database and, per user id, the ARN of the secret holding its password. */
export interface BootstrapInput {
  readonly dbName: string;
  readonly users: Readonly<Record<string, string>>;
  /** Changes with the passwords' versions and the role definitions, so that terraform invokes again. */
  readonly revision?: string;
}

export interface BootstrapDeps {
  readonly readSecret: (arn: string) => Promise<string>;
  /** The master connection string (MONGODB_URI in tests, else from the master secret). */
  readonly masterUri: () => Promise<string>;
  readonly log: Pick<Console, 'error' | 'log'>;
}

/** Reads a field of a JSON secret, naming the secret (never its content) when it cannot. */
async function secretField(
  readSecret: (arn: string) => Promise<string>,
  what: string,
  arn: string,
  field: string,
): Promise<string> {
  let value: unknown;
  try {
    value = JSON.parse(await readSecret(arn))?.[field];
  } catch {
    throw new Error(`the ${what} secret cannot be read as JSON`);
  }
  if (typeof value !== 'string' || value.length === 0)
    throw new Error(`the ${what} secret has no "${field}"`);
  return value;
}

export async function runBootstrap(input: BootstrapInput, deps: BootstrapDeps): Promise<BootstrapReport> {
  const users = [];
  for (const spec of DATABASE_USERS) {
    const arn = input.users[spec.id];
    if (!arn) throw new Error(`input.users has no secret for "${spec.id}"`);
    users.push({ spec, password: await secretField(deps.readSecret, `${spec.id} user`, arn, 'password') });
  }
  const client = new MongoClient(await deps.masterUri(), {
    ...clientOptions({ dbTimeoutMs: 10_000 }),
    appName: 'observability-db-bootstrap',
  });
  try {
    await client.connect();
    const report = await bootstrapDatabase(client, input.dbName, users, deps.log);
    deps.log.log(JSON.stringify({ bootstrap: { ...report, unsupported: report.unsupported } }));
    // A user without its role must fail the deploy: DocumentDB supports every command used here.
    if (report.unsupported.length > 0) {
      throw new Error(`the database does not support: ${report.unsupported.join('; ')}`);
    }
    return report;
  } finally {
    await client.close().catch(() => undefined);
  }
}

export async function handler(input: BootstrapInput): Promise<BootstrapReport> {
  const env = process.env;
  return runBootstrap(input, {
    readSecret: (arn) => getSecretString(arn),
    masterUri: async () => {
      if (env.MONGODB_URI) return env.MONGODB_URI;
      const arn = env.DOCDB_SECRET_ARN;
      if (!arn) throw new Error('DOCDB_SECRET_ARN is not set');
      const read = (field: string) => secretField((a) => getSecretString(a), 'master', arn, field);
      const [username, password, host] = await Promise.all([
        read('username'),
        read('password'),
        read('host'),
      ]);
      return documentDbUri({ username, password, host }, (env.DOCDB_RETRY_WRITES ?? 'false') === 'true');
    },
    log: console,
  });
}
