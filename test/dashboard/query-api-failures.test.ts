// What the query API answers when the database does not: through the real handler for an unreachable
// database, and the mapping of the server's own time-limit error.
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { MongoServerError } from 'mongodb';
import { failureAnswer } from '../../lambda-src/query-api/failure-answer';
import { handler } from '../../lambda-src/query-api/handler';
import { withoutDatabase } from './support/without-database';

test('a read that cannot reach the database is a 503 with Retry-After, not an internal error', async () => {
  const res = await withoutDatabase(() =>
    handler({
      httpMethod: 'GET',
      path: '/api/reliability',
      pathParameters: { proxy: 'reliability' },
      queryStringParameters: null,
      body: null,
      isBase64Encoded: false,
      requestContext: { authorizer: { claims: { sub: 's' } } },
    } as unknown as APIGatewayProxyEvent),
  );
  expect(res.statusCode).toBe(503);
  expect(res.headers?.['retry-after']).toBe('5');
  expect(JSON.parse(res.body)).toEqual({ error: 'the database is unavailable; try again shortly' });
});

test('a read the server stopped at its time limit is a 503 that says how to narrow it', () => {
  // The driver's own error for the server's "MaxTimeMSExpired" (code 50) reply.
  const expired = new MongoServerError({
    ok: 0,
    code: 50,
    codeName: 'MaxTimeMSExpired',
    errmsg: 'operation exceeded time limit',
  });
  expect(failureAnswer(expired, 'GET')).toEqual({
    statusCode: 503,
    retryAfterSeconds: 5,
    error:
      "the query ran past the database's 10 s limit; ask for one product or environment, or a shorter window",
  });
  // On a write it is what any unreachable database is: nothing was saved.
  expect(failureAnswer(expired, 'PUT').error).toBe(
    'the database is unavailable; nothing was saved, try again shortly',
  );
  // Anything else stays an internal error, its cause only in the log.
  expect(failureAnswer(new MongoServerError({ ok: 0, code: 2, errmsg: 'BadValue' }), 'GET')).toEqual({
    statusCode: 500,
    error: 'internal error',
  });
  expect(failureAnswer(new TypeError('x is undefined'), 'GET').statusCode).toBe(500);
});
