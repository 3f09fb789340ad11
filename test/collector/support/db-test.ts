// Tests that need a real MongoDB-wire server (FerretDB in CI, or MongoDB/DocumentDB via MONGODB_URI).
// Without MONGODB_URI jest reports them as skipped; under CI they fail, naming what to set.
import { missing, testNeeding } from '../../support/servers';

export const MONGODB_URI = process.env.MONGODB_URI;

export function dbTest(name: string, fn: () => Promise<void>, timeoutMs?: number): void {
  testNeeding(missing('mongodb'))(name, fn, timeoutMs);
}

/** A database name of its own per test file run, so runs never see each other's documents. */
export function scratchDbName(prefix: string): string {
  return `${prefix}_${process.pid}_${Date.now().toString(36)}`;
}
