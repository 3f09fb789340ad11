// Replay of the quarantine against a real MongoDB-wire server (FerretDB in CI): deliveries quarantined by
// an older collector (here: one without the ECS normalizer) are moved by today's normalizers, once.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { type Db, MongoClient } from 'mongodb';
import { formatReport } from '../../lambda-src/cli/replay-quarantine';
import { collect, type Normalize } from '../../lambda-src/collector/collect';
import { normalizeDelivery } from '../../lambda-src/collector/normalize';
import { quarantineDocument } from '../../lambda-src/collector/quarantine';
import { MongoEventStore } from '../../lambda-src/collector/store/mongo-store';
import { replayQuarantine } from '../../lambda-src/replay/replay-quarantine';
import { scratchDbName } from '../collector/support/db-test';
import { RECEIVED_AT, testDeps } from '../collector/support/deps';
import { fixtureBytes, fixtureJson } from '../collector/support/fixtures';
import { proxyEvent, SEARCH_KEY_ID } from '../collector/support/proxy-event';

const MONGODB_URI = process.env.MONGODB_URI;
if (!MONGODB_URI && process.env.CI === 'true')
  throw new Error('MONGODB_URI is not set: under CI the database tests must run (scripts/ferretdb/start.sh)');
const describeWithDb = MONGODB_URI ? describe : describe.skip;

const ECS_FAILED = 'ecs/ecs-deployment-state-change.failed.awsdocs.json';
const ECS_TASK = 'ecs/ecs-task-state-change.fargate-running.awsdocs.json';
const EC2_EVENT = 'eventbridge/generic-envelope.powertools-python.json';
const SENTRY_ISSUE = 'sentry/webhook.issue.created.sentry-docs.json';

/** The collector as it was before the ECS normalizer existed. */
const withoutEcs: Normalize = (route, payload, ctx) =>
  (payload as { source?: string }).source === 'aws.ecs'
    ? { ok: false, reason: 'no normalizer for EventBridge source "aws.ecs"' }
    : normalizeDelivery(route, payload, ctx);

describeWithDb('replay-quarantine', () => {
  let client: MongoClient;
  let db: Db;
  let store: MongoEventStore;
  const dbName = scratchDbName('replay');

  beforeAll(async () => {
    client = await new MongoClient(MONGODB_URI!).connect();
    db = client.db(dbName);
    store = new MongoEventStore(async () => db, { logRetentionDays: 14 });
    const { deps } = testDeps({ store, normalize: withoutEcs });
    const send = async (path: string, fixture: string, opts: Parameters<typeof proxyEvent>[2] = {}) =>
      (await collect(proxyEvent(path, fixtureBytes(fixture), opts), deps)).statusCode;
    // Yesterday: two ECS events and an EC2 event quarantined, one ECS event for another product, a
    // Sentry issue stored.
    expect([
      await send('/events', ECS_FAILED),
      await send('/events', ECS_TASK),
      await send('/events', EC2_EVENT),
      await send('/events', ECS_FAILED, { apiKeyId: SEARCH_KEY_ID }),
      await send('/webhooks/sentry', SENTRY_ISSUE, { headers: { 'Sentry-Hook-Resource': 'issue' } }),
    ]).toEqual([202, 202, 202, 202, 200]);
    // A signed delivery the collector could not verify (its signing secrets were unreadable).
    await store.saveQuarantine([
      quarantineDocument({
        product: 'payments',
        route: 'pagerduty',
        reason: 'signature not checked: signing secrets unavailable (AccessDeniedException)',
        receivedAt: RECEIVED_AT,
        headers: {},
        body: fixtureBytes(
          'pagerduty/webhook-v3.incident.priority_updated.signed-test-body.go-pagerduty.json',
        ),
      }),
    ]);
  });

  afterAll(async () => {
    await db?.dropDatabase();
    await client?.close();
  });

  const quarantined = () => db.collection('quarantine').find({}).sort({ _id: 1 }).toArray();
  const events = () => db.collection('events').find({}).sort({ _id: 1 }).toArray();
  const replay = (opts: { product?: string; source?: string; dryRun?: boolean }) =>
    replayQuarantine({
      db,
      store,
      normalize: normalizeDelivery,
      now: () => new Date('2026-11-27T08:00:00Z'),
      ...opts,
    });

  test('a dry run counts what would move and writes nothing', async () => {
    const before = { q: await quarantined(), e: await events() };

    const report = await replay({ dryRun: true });

    expect(report).toEqual({
      examined: 5,
      moved: 3,
      events: 3,
      alreadyStored: 0,
      stillQuarantined: 1,
      unverified: 1,
    });
    expect({ q: await quarantined(), e: await events() }).toEqual(before);
    expect(formatReport(report, true)).toContain('would move 3 to events (3 events, 0 already stored)');
  });

  test('--product and --source: only that product and source move, with the ids a direct delivery gets', async () => {
    const report = await replay({ product: 'payments', source: 'aws.ecs' });

    expect(report).toMatchObject({ examined: 2, moved: 2, events: 2, alreadyStored: 0, stillQuarantined: 0 });
    const expectedIds = [ECS_FAILED, ECS_TASK].flatMap((f) => {
      const direct = normalizeDelivery('eventbridge', fixtureJson(f), {
        product: 'payments',
        receivedAt: RECEIVED_AT,
        headers: {},
      });
      if (!direct.ok) throw new Error(direct.reason);
      return direct.events.map((e) => e.id);
    });
    const moved = (await events()).filter((e) => e.source === 'ecs');
    expect(moved.map((e) => e._id).sort()).toEqual(expectedIds.sort());
    // Dated by the original arrival, not by the replay.
    expect(moved.map((e) => [e.product, e.receivedAt])).toEqual([
      ['payments', RECEIVED_AT],
      ['payments', RECEIVED_AT],
    ]);
    const left = await quarantined();
    expect(left.map((q) => `${q.product}/${q.source}`).sort()).toEqual([
      'payments/aws.ec2',
      'payments/pagerduty',
      'search/aws.ecs',
    ]);
  });

  test('a replay interrupted before the delivery left quarantine stores its events once when run again', async () => {
    // The state a crash between "events written" and "quarantine entry removed" leaves behind.
    const { deps } = testDeps({ store, normalize: withoutEcs });
    await collect(proxyEvent('/events', fixtureBytes(ECS_FAILED)), deps);
    const eventCount = (await events()).length;

    const first = await replay({ source: 'aws.ecs', product: 'payments' });
    const second = await replay({ source: 'aws.ecs', product: 'payments' });

    expect(first).toMatchObject({ examined: 1, moved: 1, events: 1, alreadyStored: 1 });
    expect(second).toMatchObject({ examined: 0, moved: 0 });
    expect((await events()).length).toBe(eventCount);
  });

  test("what still does not normalize stays, with today's reason; unverified deliveries are left alone", async () => {
    const report = await replay({});

    expect(report).toEqual({
      examined: 3,
      moved: 1,
      events: 1,
      alreadyStored: 0,
      stillQuarantined: 1,
      unverified: 1,
    });
    const left = await quarantined();
    expect(left.map((q) => q.source).sort()).toEqual(['aws.ec2', 'pagerduty']);
    const ec2 = left.find((q) => q.source === 'aws.ec2')!;
    const today = normalizeDelivery('eventbridge', fixtureJson(EC2_EVENT), {
      product: 'payments',
      receivedAt: RECEIVED_AT,
      headers: {},
    });
    expect(today.ok).toBe(false);
    expect(ec2).toMatchObject({
      reason: (today as { reason: string }).reason,
      replayedAt: '2026-11-27T08:00:00.000Z',
    });
    expect(left.find((q) => q.source === 'pagerduty')!.reason).toMatch(/^signature not checked/);
  });

  test('npm run replay-quarantine prints the counts and exits 0', () => {
    const root = join(__dirname, '..', '..');
    const result = spawnSync(
      join(root, 'node_modules', '.bin', 'tsx'),
      [join(root, 'lambda-src', 'cli', 'replay-quarantine.ts'), '--dry-run'],
      {
        cwd: root,
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...process.env, MONGODB_URI, EVENTS_DB_NAME: dbName },
      },
    );

    // (stderr may carry the collector's index notes, e.g. FerretDB has no TTL indexes.)
    expect({ code: result.status, stderr: result.stderr }).toEqual({
      code: 0,
      stderr: expect.not.stringContaining('replay-quarantine:'),
    });
    expect(result.stdout).toBe(
      [
        'examined 2 quarantined deliveries',
        'would move 0 to events (0 events, 0 already stored)',
        'still quarantined 1 (reasons not updated: dry run)',
        'left unverified 1 (signature never checked; see docs/collector.md)',
        '',
      ].join('\n'),
    );
  });

  test('bad arguments are refused with the usage', () => {
    const root = join(__dirname, '..', '..');
    const result = spawnSync(
      join(root, 'node_modules', '.bin', 'tsx'),
      [join(root, 'lambda-src', 'cli', 'replay-quarantine.ts'), '--prodcut', 'x'],
      { cwd: root, encoding: 'utf8', timeout: 60_000, env: { ...process.env, MONGODB_URI } },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/Unknown option '--prodcut'[\s\S]*usage: npm run replay-quarantine/);
  });
});
