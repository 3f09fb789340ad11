// Tests that need a real MongoDB-wire server (FerretDB in CI, or MongoDB/DocumentDB via MONGODB_URI).
// Without MONGODB_URI they are reported as skipped, by name, and a warning says how to run them.

export const MONGODB_URI = process.env.MONGODB_URI;

let warned = false;

export function dbTest(name: string, fn: () => Promise<void>, timeoutMs?: number): void {
  if (MONGODB_URI) {
    test(name, fn, timeoutMs);
    return;
  }
  if (!warned) {
    warned = true;
    console.warn('database tests skipped: set MONGODB_URI (see docs/collector.md, "Integration tests")');
  }
  test(`${name} [skipped: set MONGODB_URI]`, () => undefined);
}

/** A database name of its own per test file run, so runs never see each other's documents. */
export function scratchDbName(prefix: string): string {
  return `${prefix}_${process.pid}_${Date.now().toString(36)}`;
}
