// The source registry and what is derived from it: the enums, the routes, the generated docs.
import { readFileSync } from 'node:fs';
import { WEBHOOK_SOURCES } from '../../constructs/collector/collector-api';
import { forwardingRules } from '../../constructs/event-forwarding/patterns';
import { normalizeDelivery } from '../../lambda-src/collector/normalize';
import {
  FORWARDING_RULE_IDS,
  KINDS,
  ROUTES,
  SOURCE_REGISTRY,
  SOURCES,
  sourceOfRule,
} from '../../lambda-src/collector/sources';
import { GENERATED_MARKER, renderSourceDocs, SOURCE_DOCS_FILE } from '../../scripts/generate-source-docs';
import { ctx, FIXTURE_DELIVERIES } from './normalize/support';

const docs = readFileSync(SOURCE_DOCS_FILE, 'utf8');

test('docs/normalized-event.md holds the current generated source table (run npm run docs:sources)', () => {
  expect(docs).toContain(GENERATED_MARKER);
  expect(renderSourceDocs(docs)).toBe(docs);
});

test('the generated table has one row per registry source, in registry order', () => {
  const generated = docs.slice(docs.indexOf(GENERATED_MARKER));
  const rows = generated.split('\n').filter((line) => line.startsWith('| `'));
  expect(rows.map((r) => r.split('`')[1])).toEqual([...SOURCES]);
});

test('a stale table is detected, and regenerating keeps the hand-written part', () => {
  const intro = docs.slice(0, docs.indexOf(GENERATED_MARKER));
  const stale = docs.replace('| `health` | AWS Health |', '| `health` | Health |');
  expect(stale).not.toBe(docs);
  expect(renderSourceDocs(stale)).toBe(docs);
  expect(renderSourceDocs(stale).startsWith(intro)).toBe(true);
});

test('every kind is emitted by some source, and no source names a kind outside the list', () => {
  const emitted = new Set(SOURCES.flatMap((s) => SOURCE_REGISTRY[s].kinds as readonly string[]));
  expect([...emitted].sort()).toEqual([...KINDS].sort());
});

test('every real sample is normalized into a source and kinds its registry row declares', () => {
  for (const delivery of FIXTURE_DELIVERIES) {
    const result = normalizeDelivery(delivery.route, delivery.payload(), ctx(delivery.headers));
    if (!result.ok) continue; // samples that are refused on purpose are asserted in their own tests
    for (const event of result.events) {
      expect({ file: delivery.file, kinds: SOURCE_REGISTRY[event.source].kinds }).toEqual({
        file: delivery.file,
        kinds: expect.arrayContaining([event.kind]),
      });
    }
  }
});

test('the API Gateway webhook resources and the collector routes are the registry webhook routes', () => {
  expect(['eventbridge', ...WEBHOOK_SOURCES]).toEqual([...ROUTES]);
});

test('every rule the library creates feeds a registry source, and every registry rule is created', () => {
  const created = forwardingRules({
    ecsEvents: true,
    healthEvents: true,
    toilSource: 'acme.toil',
    unauthorizedApiCalls: true,
    devOpsGuruInsights: true,
  }).map((r) => r.id);
  expect(created.filter((id) => sourceOfRule(id) === undefined)).toEqual([]);
  expect([...created].sort()).toEqual([...FORWARDING_RULE_IDS].sort());
});
