// Runs a query API call with no database configured (no MONGODB_URI, no DocumentDB secret) and a fresh
// connection, so the handler meets an unreachable database; the environment, the connection and
// console.error (where the handler logs the cause) are restored afterwards.
import { resetConnection } from '../../../lambda-src/collector/store/connection';

export async function withoutDatabase<T>(call: () => Promise<T>): Promise<T> {
  const saved = { uri: process.env.MONGODB_URI, secret: process.env.DOCDB_SECRET_ARN };
  delete process.env.MONGODB_URI;
  delete process.env.DOCDB_SECRET_ARN;
  const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    await resetConnection();
    return await call();
  } finally {
    error.mockRestore();
    if (saved.uri !== undefined) process.env.MONGODB_URI = saved.uri;
    if (saved.secret !== undefined) process.env.DOCDB_SECRET_ARN = saved.secret;
    await resetConnection();
  }
}
