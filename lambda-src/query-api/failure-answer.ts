// What the query API answers when the database did not: a retryable 503 that says why (unreachable, or a
// read past the server-side time limit, with how to narrow it); anything else is a 500 whose cause goes to
// the log only.
import { MongoServerError } from 'mongodb';
import { isUnavailable, MAX_TIME_MS_EXPIRED } from '../collector/store/errors';
import { QUERY_MAX_TIME_MS } from './store';

export interface FailureAnswer {
  readonly statusCode: 500 | 503;
  readonly retryAfterSeconds?: number;
  readonly error: string;
}

export function failureAnswer(err: unknown, method: string): FailureAnswer {
  const write = method !== 'GET';
  if (!write && err instanceof MongoServerError && err.code === MAX_TIME_MS_EXPIRED)
    return {
      statusCode: 503,
      retryAfterSeconds: 5,
      error: `the query ran past the database's ${QUERY_MAX_TIME_MS / 1000} s limit; ask for one product or environment, or a shorter window`,
    };
  if (isUnavailable(err))
    return {
      statusCode: 503,
      retryAfterSeconds: 5,
      error: write
        ? 'the database is unavailable; nothing was saved, try again shortly'
        : 'the database is unavailable; try again shortly',
    };
  return { statusCode: 500, error: 'internal error' };
}
