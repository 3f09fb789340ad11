import type { Collection } from 'mongodb';
import { decodeCursor, encodeCursor } from '../../lambda-src/query-api/cursor';
import { toQueryRequest } from '../../lambda-src/query-api/handler';
import { eventsParams, MAX_PAGE_SIZE, parseQuery, timelineParams } from '../../lambda-src/query-api/params';
import { type QueryContext, routeQuery } from '../../lambda-src/query-api/routes';
import type { EventDocument } from '../../lambda-src/query-api/store';
import { alignedStarts, bucketSecondsFor } from '../../lambda-src/query-api/timeline';

const NOW = new Date('2026-03-10T12:00:00Z');
// Validation happens before any read: a collection that throws proves no bad query reaches the store.
const unreachable = new Proxy({} as Collection<EventDocument>, {
  get: () => {
    throw new Error('the store must not be read for an invalid query');
  },
});
const ctx: QueryContext = {
  events: unreachable,
  quarantine: unreachable as unknown as QueryContext['quarantine'],
  products: [],
  now: () => NOW,
};

async function problems(path: string, query: Record<string, string>) {
  const res = await routeQuery({ method: 'GET', path, query }, ctx);
  return { status: res.statusCode, problems: (res.body as { problems?: string[] }).problems ?? [] };
}

describe('query API input validation', () => {
  it('fails a severity outside the normalized severities, naming the parameter and the allowed values', async () => {
    const res = await problems('/events', { severity: 'critical,urgent' });
    expect(res.status).toBe(400);
    expect(res.problems).toEqual(['severity: must be one or more of: critical, high, medium, low, info']);
  });

  it('fails a page size above the maximum', async () => {
    const res = await problems('/events', { limit: String(MAX_PAGE_SIZE + 1) });
    expect(res.status).toBe(400);
    expect(res.problems).toEqual([`limit: must be a whole number from 1 to ${MAX_PAGE_SIZE}`]);
  });

  it('fails an unknown parameter and lists the allowed ones', async () => {
    const res = await problems('/timeline', { bucket: '5m' });
    expect(res.problems).toEqual(['unknown parameter "bucket" (allowed: from, to, product, env)']);
  });

  it('fails a time without a zone', async () => {
    const res = await problems('/events', { from: '2026-03-10T08:00:00' });
    expect(res.problems).toEqual(['from: must be an ISO 8601 time with a zone, e.g. 2026-01-31T09:00:00Z']);
  });

  it('fails a range longer than 31 days, and a range that ends before it starts', async () => {
    expect(
      (await problems('/events', { from: '2026-01-01T00:00:00Z', to: '2026-03-01T00:00:00Z' })).problems,
    ).toEqual(['from: must be at most 744 hours (31 days) before "to"']);
    expect(
      (await problems('/timeline', { from: '2026-03-02T00:00:00Z', to: '2026-03-01T00:00:00Z' })).problems,
    ).toEqual(['from: must be before "to"']);
  });

  it('fails overview hours outside 1..168', async () => {
    expect((await problems('/overview', { hours: '0' })).problems).toEqual([
      'hours: must be a whole number of hours from 1 to 168',
    ]);
    expect((await problems('/overview', { hours: '2.5' })).status).toBe(400);
  });

  it('reports every bad parameter at once', async () => {
    const res = await problems('/events', { source: 'splunk', status: 'closed', product: 'Bad Name' });
    expect(res.problems).toHaveLength(3);
    expect(res.problems.map((p) => p.split(':')[0]).sort()).toEqual(['product', 'source', 'status']);
  });

  it('fails a cursor that was not made by the API', async () => {
    const res = await problems('/events', { cursor: Buffer.from('{"x":1}').toString('base64url') });
    expect(res).toEqual({ status: 400, problems: ['cursor: must be a nextCursor from a previous page'] });
  });

  it('fails a query parameter on the one-event route', async () => {
    expect((await problems('/events/abc', { raw: 'false' })).problems).toEqual([
      'unknown parameter "raw" (this query takes no parameters)',
    ]);
  });

  it('refuses anything but GET, and unknown routes', async () => {
    expect((await routeQuery({ method: 'DELETE', path: '/events/x', query: {} }, ctx)).statusCode).toBe(405);
    expect((await routeQuery({ method: 'GET', path: '/admin', query: {} }, ctx)).statusCode).toBe(404);
  });

  it('defaults to the last 24 hours and 50 events, and accepts lists', () => {
    const p = parseQuery(eventsParams(NOW), { severity: 'critical,high', product: 'payments' }, []);
    expect(p.to).toEqual(NOW);
    expect(p.from).toEqual(new Date('2026-03-09T12:00:00Z'));
    expect(p.limit).toBe(50);
    expect(p.severity).toEqual(['critical', 'high']);
    expect(p.product).toEqual(['payments']);
  });
});

describe('cursor', () => {
  it('round-trips a position and is opaque URL-safe text', () => {
    const pos = { occurredAt: '2026-03-10T11:00:00.000Z', id: 'pd:Q1/abc+=' };
    const c = encodeCursor(pos);
    expect(c).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(c)).toEqual(pos);
  });
});

describe('timeline buckets', () => {
  it('never answers with more than 48 buckets for any allowed range', () => {
    for (const hours of [1, 6, 24, 25, 72, 168, 24 * 31]) {
      const from = new Date(NOW.getTime() - hours * 3_600_000 - 17_000);
      const seconds = bucketSecondsFor(from, NOW);
      expect(alignedStarts(from, NOW, seconds).length).toBeLessThanOrEqual(48);
    }
  });

  it('picks the smallest bucket that fits: 30 minutes for 24 aligned hours, 1 hour once unaligned', () => {
    const p = parseQuery(timelineParams(NOW), {}, []);
    expect(bucketSecondsFor(p.from, p.to)).toBe(1800);
    expect(bucketSecondsFor(new Date('2026-03-09T11:59:00Z'), NOW)).toBe(3600);
  });
});

describe('API Gateway mapping', () => {
  it('takes the path from the {proxy+} parameter and drops absent query values', () => {
    const req = toQueryRequest({
      httpMethod: 'GET',
      path: '/api/events/abc',
      pathParameters: { proxy: 'events/abc' },
      queryStringParameters: { severity: 'high' },
    } as never);
    expect(req).toEqual({ method: 'GET', path: '/events/abc', query: { severity: 'high' }, caller: null });
  });

  it('takes the caller from the Cognito authorizer claims and decodes a base64 body', () => {
    const req = toQueryRequest({
      httpMethod: 'PUT',
      path: '/api/postmortems/Q1',
      pathParameters: { proxy: 'postmortems/Q1' },
      queryStringParameters: null,
      body: Buffer.from('{"version":1}').toString('base64'),
      isBase64Encoded: true,
      requestContext: {
        authorizer: { claims: { sub: 's1', email: 'a@example.com', 'cognito:groups': '[a b]' } },
      },
    } as never);
    expect(req.body).toBe('{"version":1}');
    expect(req.caller).toEqual({ sub: 's1', name: 'a@example.com', groups: ['a', 'b'] });
  });
});
