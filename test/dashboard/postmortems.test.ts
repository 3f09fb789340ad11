// Postmortems through the real Lambda handler (API Gateway proxy events with the Cognito authorizer's
// claims) on a real MongoDB-wire server (FerretDB): who may write, what is stored, the history, exports.
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { incidentLifecycle } from '../../dashboard/incident-lifecycles';
import { seededRandom } from '../../dashboard/seeded-random';
import { normalizeDelivery } from '../../lambda-src/collector/normalize';
import type { NormalizedEvent } from '../../lambda-src/collector/normalized-event';
import { resetConnection } from '../../lambda-src/collector/store/connection';
import type { PostmortemResponse } from '../../lambda-src/query-api/api-types';
import { handler } from '../../lambda-src/query-api/handler';
import { EVENTS_COLLECTION } from '../../lambda-src/query-api/store';
import { describeWithMongo } from './support/mongo';

const NOW = new Date();
const HOUR = 3_600_000;
const WRITERS = 'postmortem-writers';
const ALICE = { sub: 'u-alice', email: 'alice@example.com', 'cognito:groups': `[readers ${WRITERS}]` };
const BOB = { sub: 'u-bob', email: 'bob@example.com', 'cognito:groups': 'readers' };

function request(
  method: string,
  proxy: string,
  claims: Record<string, string> | null,
  body?: unknown,
  query: Record<string, string> = {},
): APIGatewayProxyEvent {
  return {
    httpMethod: method,
    path: `/api/${proxy}`,
    pathParameters: { proxy },
    queryStringParameters: query,
    body: body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body),
    isBase64Encoded: false,
    requestContext: { authorizer: claims ? { claims } : undefined },
  } as unknown as APIGatewayProxyEvent;
}

async function call<T = Record<string, unknown>>(e: APIGatewayProxyEvent) {
  const res = await handler(e);
  const json = res.headers?.['content-type']?.toString().startsWith('application/json');
  return {
    status: res.statusCode,
    headers: res.headers ?? {},
    text: res.body,
    body: (json ? JSON.parse(res.body) : {}) as T,
  };
}

describeWithMongo('postmortems', (db) => {
  const random = seededRandom(7);
  const resolved = incidentLifecycle({
    product: 'payments',
    env: 'prod',
    id: 'QRESOLVED1',
    number: 41,
    triggeredAt: new Date(NOW.getTime() - 6 * HOUR),
    now: NOW,
    random,
  });
  const open = incidentLifecycle({
    product: 'payments',
    env: 'prod',
    id: 'QOPEN1',
    number: 42,
    triggeredAt: new Date(NOW.getTime() - 60_000),
    now: new Date(NOW.getTime() - 30_000),
    random,
  });

  beforeAll(async () => {
    process.env.EVENTS_DB_NAME = db().databaseName;
    process.env.POSTMORTEM_WRITERS_GROUP = WRITERS;
    const docs: (NormalizedEvent & { _id: string })[] = [];
    for (const d of [...resolved, ...open]) {
      const r = normalizeDelivery(d.route, d.payload, {
        product: 'payments',
        receivedAt: NOW.toISOString(),
        headers: {},
      });
      if (!r.ok) throw new Error(r.reason);
      for (const e of r.events) docs.push({ ...e, env: 'prod', _id: e.id });
    }
    const trigger = Date.parse(
      (
        resolved.find(
          (d) => (d.payload as { event?: { event_type: string } }).event?.event_type === 'incident.triggered',
        )!.payload as { event: { occurred_at: string } }
      ).event.occurred_at,
    );
    const extra = (id: string, at: number, env: string, title: string) => ({
      ...docs[0],
      id,
      _id: id,
      env,
      source: 'ecs',
      kind: 'deployment',
      severity: 'medium',
      status: 'info',
      title,
      occurredAt: new Date(at).toISOString(),
    });
    docs.push(
      extra('deploy-before', trigger - 10 * 60_000, 'prod', 'ECS deployment of checkout started') as never,
      extra('deploy-long-before', trigger - 3 * HOUR, 'prod', 'an older deployment') as never,
      extra('deploy-stg', trigger - 5 * 60_000, 'stg', 'a staging deployment') as never,
    );
    await db()
      .collection(EVENTS_COLLECTION)
      .insertMany(docs as never[]);
  });
  afterAll(async () => {
    delete process.env.EVENTS_DB_NAME;
    delete process.env.POSTMORTEM_WRITERS_GROUP;
    await resetConnection();
  });

  test('a writer creates a postmortem with a timeline of the incident window; creating it twice is refused', async () => {
    const created = await call<PostmortemResponse>(
      request('POST', 'postmortems', ALICE, {
        incidentId: 'QRESOLVED1',
        summary: 'Checkout failed for 20 minutes.',
      }),
    );
    expect(created.status).toBe(201);
    const p = created.body.postmortem;
    expect([p.createdBy, p.version, p.summary, p.product, p.env]).toEqual([
      'alice@example.com',
      1,
      'Checkout failed for 20 minutes.',
      'payments',
      'prod',
    ]);
    const titles = p.timeline.map((e) => e.title);
    // The deploy 10 minutes before is in the window (30 minutes margin); 3 hours before and staging are not.
    expect(titles).toContain('ECS deployment of checkout started');
    expect(titles).not.toContain('an older deployment');
    expect(titles).not.toContain('a staging deployment');
    expect(p.timeline.some((e) => e.source === 'datadog')).toBe(true);
    expect(p.timeline.some((e) => e.source === 'pagerduty' && /triggered/.test(e.title))).toBe(true);
    expect(p.history).toEqual([expect.objectContaining({ by: 'alice@example.com', action: 'created' })]);

    const again = await call(request('POST', 'postmortems', ALICE, { incidentId: 'QRESOLVED1' }));
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('incident "QRESOLVED1" already has a postmortem: change that one');
  });

  test('an incident that is not resolved gets no postmortem yet', async () => {
    const res = await call(request('POST', 'postmortems', ALICE, { incidentId: 'QOPEN1' }));
    expect(res.status).toBe(409);
    expect(res.body.error).toMatch(
      /^incident "QOPEN1" is (triggered|acknowledged): a postmortem is written once it is resolved$/,
    );
  });

  test('a user outside the writers group may read but is refused a change, with the reason', async () => {
    const read = await call<PostmortemResponse>(request('GET', 'postmortems/QRESOLVED1', BOB));
    expect(read.status).toBe(200);
    expect(read.body.canWrite).toBe(false);
    const refused = await call(
      request('PUT', 'postmortems/QRESOLVED1', BOB, { version: 1, summary: 'overwritten' }),
    );
    expect(refused.status).toBe(403);
    expect(refused.body.error).toBe(
      `only members of the Cognito group "${WRITERS}" may write postmortems, and bob@example.com is not one; ask an administrator to add you to it`,
    );
    const create = await call(request('POST', 'postmortems', BOB, { incidentId: 'QRESOLVED1' }));
    expect(create.status).toBe(403);
    const anonymous = await call(request('PUT', 'postmortems/QRESOLVED1', null, { version: 1 }));
    expect(anonymous.status).toBe(401);
    const after = await call<PostmortemResponse>(request('GET', 'postmortems/QRESOLVED1', ALICE));
    expect(after.body.postmortem.summary).toBe('Checkout failed for 20 minutes.');
    expect(after.body.canWrite).toBe(true);
  });

  test('edits add action items, notes, hidden and added entries, each recorded in the history', async () => {
    const before = (await call<PostmortemResponse>(request('GET', 'postmortems/QRESOLVED1', ALICE))).body
      .postmortem;
    const hide = before.timeline.find((e) => e.source === 'pagerduty')!;
    const deploy = before.timeline.find((e) => e.title === 'ECS deployment of checkout started')!;
    const res = await call<PostmortemResponse>(
      request('PUT', 'postmortems/QRESOLVED1', ALICE, {
        version: 1,
        rootCause: 'A config change <script>alert(1)</script> disabled the connection pool.',
        actionItems: [{ text: 'Alert on pool exhaustion', owner: 'Ben Okafor', due: '2026-12-31' }],
        timeline: [
          { id: hide.id, hidden: true },
          { id: deploy.id, note: 'This deploy carried the bad config.' },
        ],
        addEntries: [{ at: before.triggeredAt, title: 'Incident call opened' }],
      }),
    );
    expect(res.status).toBe(200);
    const p = res.body.postmortem;
    expect(p.version).toBe(2);
    expect(p.actionItems).toEqual([
      { id: 'a1', text: 'Alert on pool exhaustion', owner: 'Ben Okafor', due: '2026-12-31', done: false },
    ]);
    expect(p.timeline.find((e) => e.id === hide.id)!.hidden).toBe(true);
    expect(p.timeline.find((e) => e.id === deploy.id)!.note).toBe('This deploy carried the bad config.');
    expect(p.timeline.find((e) => e.title === 'Incident call opened')).toMatchObject({
      addedBy: 'alice@example.com',
      eventId: null,
    });
    // Stored, not only answered: read back.
    const stored = (await call<PostmortemResponse>(request('GET', 'postmortems/QRESOLVED1', BOB))).body
      .postmortem;
    expect(stored).toEqual(p);
    expect(stored.history.map((h) => [h.by, h.action])).toEqual([
      ['alice@example.com', 'created'],
      ['alice@example.com', 'updated'],
    ]);
    expect([...stored.history[1].changes].sort()).toEqual(
      [
        `rootCause changed to ${JSON.stringify('A config change <script>alert(1)</script> disabled the connection pool.')}`,
        'action item a1 added: "Alert on pool exhaustion" (owner Ben Okafor)',
        `timeline entry m1 added at ${before.triggeredAt}: "Incident call opened"`,
        `timeline entry ${deploy.id} note: "This deploy carried the bad config."`,
        `timeline entry ${hide.id} hidden`,
      ].sort(),
    );

    // Marking the item done is one more history line; an edit of an old version is refused.
    const done = await call<PostmortemResponse>(
      request('PUT', 'postmortems/QRESOLVED1', ALICE, {
        version: 2,
        actionItems: [
          { id: 'a1', text: 'Alert on pool exhaustion', owner: 'Ben Okafor', due: '2026-12-31', done: true },
        ],
      }),
    );
    expect(done.body.postmortem.history.at(-1)!.changes).toEqual([
      'action item a1 marked done: "Alert on pool exhaustion"',
    ]);
    const stale = await call(
      request('PUT', 'postmortems/QRESOLVED1', ALICE, { version: 2, summary: 'late edit' }),
    );
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatch(
      /^postmortem changed meanwhile \(version 3, yours 2, by alice@example.com\)/,
    );
  });

  test('input is validated: which field, what is wrong', async () => {
    const res = await call<{ problems: string[] }>(
      request('PUT', 'postmortems/QRESOLVED1', ALICE, {
        version: 3,
        summary: 'x'.repeat(10_001),
        actionItems: [{ text: 'a\nb', owner: '', due: '2026-02-30x' }],
        color: 'red',
      }),
    );
    expect(res.status).toBe(400);
    expect(res.body.problems).toEqual(
      expect.arrayContaining([
        'unknown parameter "color" (allowed: version, summary, impact, rootCause, actionItems, timeline, addEntries)',
        'summary: must be at most 10000 characters',
        'actionItems: must be one line',
        'actionItems: must name an owner',
        'actionItems: must be a date, e.g. 2026-04-30',
      ]),
    );
    const notJson = await call<{ problems: string[] }>(request('POST', 'postmortems', ALICE, '{not json'));
    expect(notJson.body.problems).toEqual(['body: must be JSON']);
    const elsewhere = await call(request('POST', 'events', ALICE, {}));
    expect(elsewhere.status).toBe(405);
  });

  test('exports: the postmortem as Markdown with user text escaped, incidents as CSV', async () => {
    const md = await call(request('GET', 'postmortems/QRESOLVED1/markdown', BOB));
    expect(md.status).toBe(200);
    expect(md.headers['content-type']).toBe('text/markdown; charset=utf-8');
    expect(md.headers['content-disposition']).toBe('attachment; filename="postmortem-QRESOLVED1.md"');
    expect(md.text).toContain('\\<script\\>alert\\(1\\)\\</script\\>');
    expect(md.text).not.toContain('<script>');
    expect(md.text).toContain('- [x] Alert on pool exhaustion — owner Ben Okafor, due 2026-12-31');
    const csv = await call(request('GET', 'incidents.csv', BOB, undefined, { days: '7' }));
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = csv.text.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^id,number,product,env,title,/);
    expect(
      lines
        .slice(1)
        .map((l) => l.split(',')[0])
        .sort(),
    ).toEqual(['QOPEN1', 'QRESOLVED1']);
  });
});
