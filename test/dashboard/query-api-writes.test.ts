// The write path's edges that need no database: who the caller is, a write the database never saw, and the
// escaping of the exports.
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { callerFromClaims, parseGroups } from '../../lambda-src/query-api/caller';
import { csvCell, markdownText } from '../../lambda-src/query-api/exports';
import { handler } from '../../lambda-src/query-api/handler';
import { withoutDatabase } from './support/without-database';

test('cognito:groups in every form API Gateway or a test passes', () => {
  expect(parseGroups('[readers postmortem-writers]')).toEqual(['readers', 'postmortem-writers']);
  expect(parseGroups('readers,postmortem-writers')).toEqual(['readers', 'postmortem-writers']);
  expect(parseGroups('postmortem-writers')).toEqual(['postmortem-writers']);
  expect(parseGroups(['a', 1, 'b'])).toEqual(['a', 'b']);
  expect(parseGroups(undefined)).toEqual([]);
  // A group named like the writers' inside another name is not membership.
  expect(parseGroups('[not-postmortem-writers]')).toEqual(['not-postmortem-writers']);
});

test('the caller comes from the claims: email, else user name, else subject; none without a subject', () => {
  expect(callerFromClaims({ sub: 's1', email: 'a@example.com', 'cognito:username': 'alice' })).toEqual({
    sub: 's1',
    name: 'a@example.com',
    groups: [],
  });
  expect(callerFromClaims({ sub: 's1', 'cognito:username': 'alice' })?.name).toBe('alice');
  expect(callerFromClaims({ sub: 's1' })?.name).toBe('s1');
  expect(callerFromClaims({ email: 'a@example.com' })).toBeNull();
  expect(callerFromClaims(undefined)).toBeNull();
});

test('a write that cannot reach the database is a 503 with Retry-After, saying nothing was saved', async () => {
  const res = await withoutDatabase(() =>
    handler({
      httpMethod: 'PUT',
      path: '/api/postmortems/Q1',
      pathParameters: { proxy: 'postmortems/Q1' },
      queryStringParameters: null,
      body: JSON.stringify({ version: 1, summary: 'x' }),
      isBase64Encoded: false,
      requestContext: { authorizer: { claims: { sub: 's', 'cognito:groups': 'postmortem-writers' } } },
    } as unknown as APIGatewayProxyEvent),
  );
  expect(res.statusCode).toBe(503);
  expect(res.headers?.['retry-after']).toBe('5');
  expect(JSON.parse(res.body)).toEqual({
    error: 'the database is unavailable; nothing was saved, try again shortly',
  });
});

test('exports escape what their format would run or render', () => {
  expect(markdownText('<script>alert(1)</script> **bold** [x](y)')).toBe(
    '\\<script\\>alert\\(1\\)\\</script\\> \\*\\*bold\\*\\* \\[x\\]\\(y\\)',
  );
  expect(csvCell('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
  expect(csvCell('-2+3')).toBe("'-2+3");
  expect(csvCell('plain, with comma')).toBe('"plain, with comma"');
  expect(csvCell(-5)).toBe('-5');
  expect(csvCell(null)).toBe('');
});
