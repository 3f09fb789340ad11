// Cost of the incident queries (incident list, detail, MTTA/MTTR) on a MongoDB-wire server at realistic
// volume. Usage: MONGODB_URI=… [FERRETDB_BACKEND=postgresql] npm run bench:incidents -- [--events N,M] [--runs R]
// FERRETDB_BACKEND names the backend of the FerretDB behind MONGODB_URI in the text (the variable
// scripts/ferretdb/start.sh reads); the server's own explain output says what it pushed down.
// --postgresql-indexes (FerretDB on PostgreSQL only): after the plain measurement of each size, adds GIN
// indexes on the equality fields to FerretDB's table in PostgreSQL itself (psql, through the URL in
// FERRETDB_POSTGRESQL_URL, else $FERRETDB_HOME/run/postgresql-url as start.sh wrote it), measures again
// and drops them: FerretDB's own indexes are btree indexes its pushed-down filters (`->` … `@>`) cannot
// use, so this shows what the queries cost when the server serves their `$match` from an index, as DocumentDB does.
// Writes the "Incident queries" section of docs/benchmarks.md (between its markers; `npm run bench`
// keeps that section when it rewrites the file).
// Volume: N events over 90 days for 10 products × 2 envs. About 1 in 90 is a PagerDuty incident event
// (whole lifecycles from dashboard/incident-lifecycles.ts, with the Datadog alert that paged each); the
// rest are real fixture payloads of the other sources (ECS, Security Hub, Fluent Bit logs, Sentry),
// normalized by the collector, as a busy platform sends them.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { MongoClient } from 'mongodb';
import { incidentId, incidentLifecycle } from '../dashboard/incident-lifecycles';
import { seededRandom } from '../dashboard/seeded-random';
import { normalizeDelivery } from '../lambda-src/collector/normalize';
import type { NormalizedEvent, Route } from '../lambda-src/collector/normalized-event';
import { ensureIndexes } from '../lambda-src/collector/store/ensure-indexes';
import { type QueryContext, routeQuery } from '../lambda-src/query-api/routes';
import {
  EVENTS_COLLECTION,
  eventsCollection,
  QUERY_MAX_TIME_MS,
  quarantineCollection,
} from '../lambda-src/query-api/store';
import { describeMachine, loadAverage } from './machine';

const ROOT = path.resolve(__dirname, '..');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'events');
const DOC = path.join(ROOT, 'docs', 'benchmarks.md');
export const SECTION_START = '<!-- incident-queries:start -->';
export const SECTION_END = '<!-- incident-queries:end -->';
const DAY = 86_400_000;
const NOW = new Date('2026-03-10T12:00:00Z');
const PRODUCTS = Array.from({ length: 10 }, (_, i) => `product-${i}`);
const ENVS = ['prod', 'stg'];
const FILLERS: { route: Route; file: string; wrap?: (x: unknown) => unknown }[] = [
  { route: 'eventbridge', file: 'ecs/ecs-task-state-change.fargate-running.awsdocs.json' },
  { route: 'eventbridge', file: 'ecs/ecs-deployment-state-change.failed.awsdocs.json' },
  { route: 'eventbridge', file: 'securityhub/findings-imported.afsbp-ec2.7.aws-solutions.json' },
  {
    route: 'fluentbit',
    file: 'fluentbit/firelens-record.ecs-metadata-fields.awsdocs.json',
    wrap: (r) => [r],
  },
  { route: 'sentry', file: 'sentry/webhook.issue.created.sentry-docs.json' },
];

function fillerTemplates(): NormalizedEvent[] {
  return FILLERS.flatMap(({ route, file, wrap }) => {
    const sample: unknown = JSON.parse(readFileSync(path.join(FIXTURES, file), 'utf8'));
    const result = normalizeDelivery(route, wrap ? wrap(sample) : sample, {
      product: 'x',
      receivedAt: NOW.toISOString(),
      headers: { 'content-type': 'application/json', 'sentry-hook-resource': 'issue' },
    });
    if (!result.ok) throw new Error(`${file}: ${result.reason}`);
    return result.events.slice(0, 1);
  });
}

const random = seededRandom(90);
let written = 0;
let pagerduty = 0;
let incidents = 0;

/** Adds events in batches until there are `total`; returns how many are PagerDuty incident events. */
async function load(events: ReturnType<typeof eventsCollection>, total: number): Promise<number> {
  const templates = fillerTemplates();
  let batch: (NormalizedEvent & { _id: string })[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    await events.insertMany(batch as never[], { ordered: false });
    written += batch.length;
    batch = [];
  };
  while (written + batch.length < total) {
    const product = PRODUCTS[Math.floor(random() * PRODUCTS.length)];
    const env = ENVS[random() < 0.7 ? 0 : 1];
    if (random() < 1 / 360) {
      // One incident lifecycle (about 6 events with its alert).
      const n = ++incidents;
      const triggeredAt = new Date(NOW.getTime() - random() * 90 * DAY);
      for (const d of incidentLifecycle({
        product,
        env,
        id: incidentId(n),
        number: n,
        triggeredAt,
        now: NOW,
        random,
      })) {
        const r = normalizeDelivery(d.route, d.payload, {
          product,
          receivedAt: NOW.toISOString(),
          headers: { 'content-type': 'application/json' },
        });
        if (!r.ok) throw new Error(r.reason);
        for (const e of r.events) {
          if (e.source === 'pagerduty') pagerduty++;
          batch.push({ ...e, product, env, _id: e.id });
        }
      }
    } else {
      const t = templates[Math.floor(random() * templates.length)];
      const id = `bench:${written + batch.length}`;
      const at = new Date(NOW.getTime() - random() * 90 * DAY).toISOString();
      batch.push({ ...t, id, _id: id, product, env, occurredAt: at, receivedAt: at });
    }
    if (batch.length >= 2000) await flush();
  }
  await flush();
  return pagerduty;
}

/** What the server says it does with the lifecycle query's `$match`: pushed down, and its plan's root. */
async function explainLifecycle(db: ReturnType<MongoClient['db']>): Promise<string> {
  const res = await db.command({
    explain: {
      aggregate: EVENTS_COLLECTION,
      pipeline: [
        { $match: { source: 'pagerduty', kind: 'incident', product: PRODUCTS[1], env: 'prod' } },
        { $group: { _id: '$raw.event.data.id', n: { $sum: 1 } } },
      ],
      cursor: {},
    },
  });
  interface PlanNode {
    'Node Type'?: string;
    Filter?: string;
    'Recheck Cond'?: string;
    Plans?: PlanNode[];
  }
  // PostgreSQL's plan (FerretDB on PostgreSQL): the node that reads the table, under any Gather.
  let node = (res.queryPlanner as { Plan?: PlanNode } | undefined)?.Plan;
  const path: string[] = [];
  while (node) {
    path.push(node['Node Type'] ?? '?');
    if (node.Filter || node['Recheck Cond'] || !node.Plans?.length) break;
    node = node.Plans[0];
  }
  const pushed = res.filterPushdown === true ? 'filter pushed down' : 'filter not pushed down';
  if (!node) return pushed;
  const condition = node['Recheck Cond']
    ? `index condition \`${node['Recheck Cond']}\``
    : `filter \`${node.Filter ?? ''}\``;
  return `${pushed}; plan: ${path.join(' → ')}, ${condition}`;
}

/** Fields whose equality the queries' `$match` holds and FerretDB pushes down to PostgreSQL. */
const GIN_FIELDS = ['source', 'kind', 'product', 'env', 'status'];

function postgresqlUrl(): string {
  const fromEnv = process.env.FERRETDB_POSTGRESQL_URL;
  if (fromEnv) return fromEnv;
  const file = path.join(
    process.env.FERRETDB_HOME ?? path.join(ROOT, '.cache', 'ferretdb'),
    'run',
    'postgresql-url',
  );
  if (!existsSync(file))
    throw new Error(
      '--postgresql-indexes needs FerretDB on PostgreSQL: FERRETDB_BACKEND=postgresql scripts/ferretdb/start.sh (or set FERRETDB_POSTGRESQL_URL)',
    );
  return readFileSync(file, 'utf8').trim();
}

function psql(url: string, sql: string): string {
  return execFileSync('psql', [url, '-At', '-v', 'ON_ERROR_STOP=1', '-c', sql], { encoding: 'utf8' }).trim();
}

/** FerretDB's PostgreSQL table of the events collection (schema = database name). */
function eventsTable(url: string, database: string): string {
  const table = psql(
    url,
    `SELECT _jsonb->>'table' FROM "${database}"._ferretdb_database_metadata WHERE _jsonb->>'_id' = '${EVENTS_COLLECTION}'`,
  );
  if (!/^[a-z0-9_]+$/.test(table))
    throw new Error(`unexpected table name for ${EVENTS_COLLECTION}: "${table}"`);
  return `"${database}"."${table}"`;
}

/** Adds the GIN indexes; returns the seconds the build took. */
function addGinIndexes(url: string, database: string): number {
  const table = eventsTable(url, database);
  const start = Date.now();
  for (const f of GIN_FIELDS)
    psql(url, `CREATE INDEX bench_gin_${f} ON ${table} USING gin ((_jsonb->'${f}')); ANALYZE ${table}`);
  return Math.round((Date.now() - start) / 1000);
}

function dropGinIndexes(url: string, database: string): void {
  for (const f of GIN_FIELDS) psql(url, `DROP INDEX IF EXISTS "${database}".bench_gin_${f}`);
}

/** Median milliseconds, or a note when the server stopped the query at the API's time limit. */
async function median(runs: number, f: () => Promise<unknown>): Promise<string> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    try {
      await f();
    } catch (err) {
      if ((err as { code?: number }).code === 50)
        return `over ${QUERY_MAX_TIME_MS / 1000} s (stopped by maxTimeMS)`;
      throw err;
    }
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  times.sort((a, b) => a - b);
  return String(Math.round(times[Math.floor(times.length / 2)]));
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const arg = (name: string, fallback: number) => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : fallback;
  };
  const sizes = (args.includes('--events') ? args[args.indexOf('--events') + 1] : '1000000')
    .split(',')
    .map(Number)
    .sort((a, b) => a - b);
  const runs = arg('--runs', 5);
  const uri = process.env.MONGODB_URI;
  if (!uri) throw new Error('set MONGODB_URI (a MongoDB-wire server, e.g. FerretDB)');
  const client = await new MongoClient(uri).connect();
  const db = client.db(`bench_incidents_${process.pid}`);
  try {
    await db.dropDatabase();
    await ensureIndexes(db, { error: () => undefined });
    const events = eventsCollection(db);
    const ctx: QueryContext = {
      events,
      quarantine: quarantineCollection(db),
      products: PRODUCTS,
      now: () => NOW,
    };
    const get = async (p: string, query: Record<string, string> = {}) => {
      const res = await routeQuery({ method: 'GET', path: p, query }, ctx);
      if (res.statusCode !== 200) throw new Error(`${p}: ${JSON.stringify(res.body)}`);
      return res.body as Record<string, unknown>;
    };
    const QUERIES: [string, () => Promise<unknown>][] = [
      [
        'Baseline: `countDocuments({})`, a full scan of the collection (one run)',
        () => events.countDocuments({}),
      ],
      ['`/reliability` (MTTA/MTTR, 10 products × 2 envs, 7/30/90 days)', () => get('/reliability')],
      ['`/incidents?days=7` (all products)', () => get('/incidents', { days: '7' })],
      ['`/incidents?days=90` (all products)', () => get('/incidents', { days: '90' })],
      [
        '`/incidents?days=30&product=product-1&env=prod`',
        () => get('/incidents', { days: '30', product: 'product-1', env: 'prod' }),
      ],
      ["`/incidents/{id}` (detail with its window's events)", () => get(`/incidents/${incidentId(1)}`)],
    ];
    const pgUrl = args.includes('--postgresql-indexes') ? postgresqlUrl() : undefined;
    // The baseline decodes the whole collection (minutes at 1M on FerretDB): one run of it is enough,
    // and none with the indexes, which cannot change a full scan.
    const measure = async (withBaseline: boolean) => {
      const results: string[] = [];
      for (const [i, [, q]] of QUERIES.entries())
        results.push(i > 0 ? await median(runs, q) : withBaseline ? await median(1, q) : '(as above)');
      return results;
    };
    interface Column {
      size: number;
      pagerduty: number;
      loadSeconds: number;
      results: string[];
      indexed?: { buildSeconds: number; results: string[] };
    }
    const columns: Column[] = [];
    let explained = '';
    let explainedIndexed = '';
    for (const size of sizes) {
      const loadStart = Date.now();
      const pd = await load(events, size);
      const loadSeconds = Math.round((Date.now() - loadStart) / 1000);
      const column: Column = {
        // Counted while loading: FerretDB answers a count by reading every document.
        size: written,
        pagerduty: pd,
        loadSeconds,
        results: await measure(true),
      };
      explained = await explainLifecycle(db);
      if (pgUrl) {
        const buildSeconds = addGinIndexes(pgUrl, db.databaseName);
        column.indexed = { buildSeconds, results: await measure(false) };
        explainedIndexed = await explainLifecycle(db);
        dropGinIndexes(pgUrl, db.databaseName);
      }
      columns.push(column);
      console.error(`measured ${column.size} events: ${JSON.stringify(column)}`);
    }
    const backend = process.env.FERRETDB_BACKEND ?? 'sqlite';
    const build = await db.admin().command({ buildInfo: 1 });
    const server = build.ferretdbVersion
      ? `FerretDB ${build.ferretdbVersion} (${backend} backend)`
      : `MongoDB-wire server ${build.version}`;
    const biggest = columns.at(-1)!;
    const m = describeMachine();
    const section = [
      SECTION_START,
      '## Incident queries',
      '',
      `Measured with \`MONGODB_URI=… FERRETDB_BACKEND=${backend} tsx bench/incident-queries.ts --events ${sizes.join(',')} --runs ${runs}${pgUrl ? ' --postgresql-indexes' : ''}\` on ${new Date().toISOString().slice(0, 10)}:`,
      `events over 90 days for 10 products × 2 envs (PagerDuty incident lifecycles among the other sources), on ${server}`,
      `shared with other work; ${m.cores} cores, load average ${loadAverage().join(' / ')} at the end.`,
      `Median of ${runs} runs through \`routeQuery\` (the handler without its transport), in milliseconds:`,
      '',
      `| Query | ${columns.map((c) => `${c.size} events (${c.pagerduty} PagerDuty)`).join(' | ')} |`,
      `| --- | ${columns.map(() => '---:').join(' | ')} |`,
      ...QUERIES.map(([q], i) => `| ${q} | ${columns.map((c) => c.results[i]).join(' | ')} |`),
      `| Loading (inserts of 2000) | ${columns.map((c) => `${c.loadSeconds} s`).join(' | ')} |`,
      '',
      `What the server does with the lifecycle query's \`$match\` (\`source\`, \`kind\`, one \`product\`, one \`env\`),`,
      `from its explain output: ${explained}.`,
      ...(explained.startsWith('filter pushed down')
        ? [
            `So the database filters the ${biggest.size} events itself (a scan of the whole table in SQL when the plan says`,
            `Seq Scan) and FerretDB decodes only what matches, for \`/reliability\` the ${biggest.pagerduty} PagerDuty incident events;`,
            'the baseline row shows the cost of decoding every document instead.',
          ]
        : [
            'So every query decodes every document of the collection: its cost grows with the collection, like the',
            'baseline row, not with the incidents.',
          ]),
      '',
      ...(pgUrl
        ? [
            `The same queries with GIN indexes on ${GIN_FIELDS.map((f) => `\`${f}\``).join(', ')} added to FerretDB's table in PostgreSQL`,
            '(standing in for the index DocumentDB serves the `$match` from; FerretDB creates btree indexes, which its',
            'pushed-down `->` … `@>` filters cannot use), in milliseconds:',
            '',
            `| Query | ${columns.map((c) => `${c.size} events`).join(' | ')} |`,
            `| --- | ${columns.map(() => '---:').join(' | ')} |`,
            ...QUERIES.map(([q], i) => `| ${q} | ${columns.map((c) => c.indexed?.results[i]).join(' | ')} |`),
            `| Building the indexes | ${columns.map((c) => `${c.indexed?.buildSeconds} s`).join(' | ')} |`,
            '',
            `With them, the lifecycle query's \`$match\`: ${explainedIndexed}.`,
            '',
          ]
        : []),
      SECTION_END,
    ].join('\n');
    const doc = readFileSync(DOC, 'utf8');
    const start = doc.indexOf(SECTION_START);
    const end = doc.indexOf(SECTION_END);
    const next =
      start >= 0 && end > start
        ? `${doc.slice(0, start)}${section}${doc.slice(end + SECTION_END.length)}`
        : `${doc.trimEnd()}\n\n${section}\n`;
    writeFileSync(DOC, next);
    console.log(section);
  } finally {
    await db.dropDatabase();
    await client.close();
  }
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
