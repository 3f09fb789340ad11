import { MongoError, MongoNetworkError, MongoServerError, MongoServerSelectionError } from 'mongodb';

/** The database (or the credentials to reach it) is out of reach: the one reason to answer 5xx. */
export class DatabaseUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DatabaseUnavailableError';
  }
}

/** MongoDB "AuthenticationFailed": the cached credentials are stale (the secret was rotated). */
export const AUTHENTICATION_FAILED = 18;

/** Errors that mean "could not talk to the database", as opposed to "the database refused this document". */
export function isUnavailable(err: unknown): boolean {
  if (err instanceof DatabaseUnavailableError) return true;
  if (err instanceof MongoNetworkError || err instanceof MongoServerSelectionError) return true;
  if (err instanceof MongoServerError && err.code === AUTHENTICATION_FAILED) return true;
  // Timeouts and pool closures surface as plain MongoErrors carrying these labels.
  if (
    err instanceof MongoError &&
    (err.hasErrorLabel('RetryableWriteError') || err.hasErrorLabel('ResetPool'))
  ) {
    return true;
  }
  return (
    err instanceof MongoError &&
    /timed out|timeout|pool.*(closed|cleared)|topology.*closed/i.test(err.message)
  );
}
