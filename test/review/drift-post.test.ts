// `review drift-events --post` against the local collector (`npm run collector:dev`) writing to the
// MongoDB-wire server at MONGODB_URI (FerretDB in CI): the drift event is stored with the right shape.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { MongoClient } from 'mongodb';
import { runAsync } from '../../review/cli';
import { driftPayload, postDrift } from '../../review/drift-event';
import type { Selection } from '../../review/select';

const MONGODB_URI = process.env.MONGODB_URI;
if (!MONGODB_URI && process.env.CI === 'true') throw new Error('MONGODB_URI is not set (CI starts FerretDB)');
if (!MONGODB_URI) console.warn('drift posting test skipped: set MONGODB_URI (see docs/collector.md)');
const describeDb = MONGODB_URI ? describe : describe.skip;

const ROOT = path.resolve(__dirname, '..', '..');
const PLANS = path.join(__dirname, '..', 'fixtures', 'plans');

describeDb('drift events posted to the collector dev server', () => {
  const db = `drift_${process.pid}_${Date.now().toString(36)}`;
  let server: ChildProcess;
  let base: string;
  let client: MongoClient;
  const work = mkdtempSync(path.join(tmpdir(), 'drift-post-'));

  beforeAll(async () => {
    server = spawn('npm', ['run', '-s', 'collector:dev'], {
      cwd: ROOT,
      detached: true, // its own process group: npm, tsx and node stop together
      env: {
        ...process.env,
        PORT: '0',
        EVENTS_DB_NAME: db,
        DEV_API_KEYS: 'dev-payments-key=payments,dev-obs-key=observability',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let errors = '';
    server.stderr?.on('data', (b) => (errors += b));
    base = await new Promise<string>((resolve, reject) => {
      let out = '';
      server.stdout?.on('data', (b) => {
        out += b;
        const m = /collector dev server on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m) resolve(m[1]);
      });
      server.on('exit', (code) => reject(new Error(`collector:dev exited with ${code}: ${errors}`)));
    });
    client = await MongoClient.connect(MONGODB_URI!);
  }, 60_000);

  afterAll(async () => {
    if (server?.pid) process.kill(-server.pid, 'SIGTERM');
    await client?.db(db).dropDatabase();
    await client?.close();
  });

  test('one event per drifted or failed stack, stored under the key of the stack product', async () => {
    // What `review run drift` leaves for a batch: a drifted stack, a failed one, a clean one.
    const results = path.join(work, 'results');
    const write = (stack: string, result: object, plan?: string) => {
      mkdirSync(path.join(results, stack), { recursive: true });
      writeFileSync(
        path.join(results, stack, 'result.json'),
        JSON.stringify({ stack, mode: 'drift', seconds: 1, ...result }),
      );
      if (plan) writeFileSync(path.join(results, stack, 'plan.json'), readFileSync(path.join(PLANS, plan)));
    };
    write('payments-prod', { outcome: 'drift', planJson: 'plan.json' }, 'tfsummarize-github-drift.json');
    write('central', {
      outcome: 'failed',
      error: 'terraform init failed:\nError: Failed to get existing workspaces',
    });
    write('search-prod', { outcome: 'ok', planJson: 'plan.json' }, 'tfjson-120-basic.json');
    const target = (stack: string, product: string, account: string) => ({
      stack,
      product,
      account,
      region: 'ap-northeast-1',
      synthHash: 'h',
    });
    const selection: Selection = {
      version: 1,
      reason: 'all',
      central: target('central', 'observability', '111111111111'),
      batches: [
        [
          target('payments-prod', 'payments', '222222222222'),
          target('search-prod', 'search', '444444444444'),
        ],
      ],
      maxJobs: 20,
      removed: [],
    };
    const selectionFile = path.join(work, 'selection.json');
    writeFileSync(selectionFile, JSON.stringify(selection));
    process.env.COLLECTOR_API_KEY_PAYMENTS = 'dev-payments-key';
    process.env.COLLECTOR_API_KEY_OBSERVABILITY = 'dev-obs-key';
    let out = '';
    let err = '';
    const io = { out: (t: string) => (out += t), err: (t: string) => (err += t) };
    const post = (step: string[]) =>
      runAsync(
        ['drift-events', '--selection', selectionFile, ...step, '--results', results, '--post', base],
        io,
      );

    const codes = [await post(['--batch', '1']), await post(['--central'])];

    delete process.env.COLLECTOR_API_KEY_PAYMENTS;
    delete process.env.COLLECTOR_API_KEY_OBSERVABILITY;
    expect([codes, err]).toEqual([[0, 0], '']);
    expect(
      out
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).stack),
    ).toEqual(['payments-prod', 'central']);

    const events = await client.db(db).collection('events').find({}).sort({ product: 1 }).toArray();
    expect(
      events.map((e) => [e.product, e.source, e.kind, e.severity, e.status, e.account, e.resource]),
    ).toEqual([
      ['observability', 'drift', 'drift', 'medium', 'open', '111111111111', 'central'],
      ['payments', 'drift', 'drift', 'high', 'open', '222222222222', 'payments-prod'],
    ]);
    const payments = events[1];
    expect(payments._id).toBe(payments.id);
    expect(payments.title).toBe(
      'Drift in payments-prod: 3 changed outside terraform; Plan: 7 to add, 0 to change, 0 to destroy.',
    );
    expect(payments.raw.report).toContain('**Changed outside of terraform (drift, 3)**');
    expect(events[0].title).toBe('Drift check failed for central: terraform init failed:');
    expect(await client.db(db).collection('quarantine').countDocuments()).toBe(0);
  }, 60_000);

  test('an API key the collector does not know is refused, and the command says so', async () => {
    const payload = driftPayload({
      target: { stack: 's', synthHash: 'h' },
      result: { stack: 's', mode: 'drift', outcome: 'failed', error: 'x', seconds: 0 },
      checkedAt: new Date().toISOString(),
    })!;
    expect(await postDrift(payload, { url: base, apiKey: 'nope', attempts: 1 })).toEqual({
      ok: false,
      status: 403,
      detail: '{"message":"Forbidden"}',
    });
  });
});
