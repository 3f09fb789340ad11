// A FerretDB of its own with authentication on (`--test-enable-new-auth`, FerretDB 1.x's experimental
// SCRAM users), for the database-user tests: the shared test server runs without authentication.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { MongoClient } from 'mongodb';

const REPO = path.resolve(__dirname, '..', '..');

/** The FerretDB binary of scripts/ferretdb/install.sh (FERRETDB_HOME, else <repo>/.cache/ferretdb). */
export function ferretdbBinary(): string | undefined {
  const home = process.env.FERRETDB_HOME ?? path.join(REPO, '.cache', 'ferretdb');
  const bin = path.join(home, 'bin', 'ferretdb');
  return existsSync(bin) ? bin : undefined;
}

export const MASTER = { user: 'bootstrapadmin', password: 'master-password-for-tests' };

export interface AuthServer {
  readonly port: number;
  uri(user: string, password: string): string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export async function startAuthServer(bin: string): Promise<AuthServer> {
  const port = await freePort();
  const data = mkdtempSync(path.join(os.tmpdir(), 'ferretdb-auth-'));
  const child: ChildProcess = spawn(
    bin,
    [
      '--handler=sqlite',
      `--sqlite-url=file:${data}/`,
      `--listen-addr=127.0.0.1:${port}`,
      `--state-dir=${data}`,
      '--debug-addr=-',
      '--telemetry=disable',
      '--log-level=error',
      '--test-enable-new-auth',
      `--setup-username=${MASTER.user}`,
      `--setup-password=${MASTER.password}`,
      '--setup-database=admin',
    ],
    { stdio: 'ignore' },
  );
  const uri = (user: string, password: string) =>
    `mongodb://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/?authSource=admin`;
  const stop = async () => {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r(undefined) : child.once('exit', r)));
    rmSync(data, { recursive: true, force: true });
  };
  for (let i = 0; i < 100; i++) {
    try {
      const c = await new MongoClient(uri(MASTER.user, MASTER.password), {
        serverSelectionTimeoutMS: 200,
      }).connect();
      await c.close();
      return { port, uri, stop };
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  await stop();
  throw new Error('FerretDB with authentication did not start');
}
