import {
  MongoError,
  MongoNetworkError,
  MongoNotConnectedError,
  MongoOperationTimeoutError,
  MongoServerClosedError,
  MongoServerError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
} from 'mongodb';

/** The database (or the credentials to reach it) is out of reach: the one reason to answer 5xx. */
export class DatabaseUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DatabaseUnavailableError';
  }
}

/** MongoDB "AuthenticationFailed": the cached credentials are stale (the secret was rotated). */
export const AUTHENTICATION_FAILED = 18;

/** MongoDB "MaxTimeMSExpired": the server stopped the operation at its `maxTimeMS`. */
export const MAX_TIME_MS_EXPIRED = 50;

/**
 * Server error codes that mean "not now" rather than "not this document": a failover in progress
 * (DocumentDB promotes a replica in about 30 s), shutdown, network trouble between members, a server-side
 * time limit. The retryable-write codes of the MongoDB driver specifications, plus authentication failure
 * and time limits. With retryWrites off (DocumentDB before 8.0.2) the driver does not label these.
 */
const UNAVAILABLE_CODES = new Set([
  AUTHENTICATION_FAILED,
  6, // HostUnreachable
  7, // HostNotFound
  MAX_TIME_MS_EXPIRED,
  89, // NetworkTimeout
  91, // ShutdownInProgress
  189, // PrimarySteppedDown
  262, // ExceededTimeLimit
  9001, // SocketException
  10107, // NotWritablePrimary
  11600, // InterruptedAtShutdown
  11602, // InterruptedDueToReplStateChange
  13435, // NotPrimaryNoSecondaryOk
  13436, // NotPrimaryOrSecondary
]);

/** Per-document write errors that mean "not now" (a lock or write conflict, a failover), not "never". */
const TRANSIENT_WRITE_CODES = new Set([
  ...UNAVAILABLE_CODES,
  24, // LockTimeout
  46, // LockBusy
  112, // WriteConflict
]);

export function isTransientWriteError(code: number | undefined): boolean {
  return code !== undefined && TRANSIENT_WRITE_CODES.has(code);
}

/** Errors that mean "could not talk to the database", as opposed to "the database refused this document". */
export function isUnavailable(err: unknown): boolean {
  if (err instanceof DatabaseUnavailableError) return true;
  if (
    err instanceof MongoNetworkError ||
    err instanceof MongoServerSelectionError ||
    err instanceof MongoOperationTimeoutError ||
    err instanceof MongoNotConnectedError ||
    err instanceof MongoServerClosedError ||
    err instanceof MongoTopologyClosedError
  )
    return true;
  if (err instanceof MongoServerError && typeof err.code === 'number' && UNAVAILABLE_CODES.has(err.code))
    return true;
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
