// Property tests: whatever arrives, the collector answers with a deliberate status and never crashes.
// Run through the real normalizers, with an in-memory store that is up (so a 5xx is always a bug).
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { collect } from '../../lambda-src/collector/collect';
import { loadCollectorConfig } from '../../lambda-src/collector/config';
import { normalizeDelivery } from '../../lambda-src/collector/normalize';
import { testDeps } from './support/deps';
import { API_KEY_PRODUCTS, proxyEvent, SEARCH_KEY_ID } from './support/proxy-event';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'events');
const ROUTE_OF_FOLDER: Record<string, string> = {
  pagerduty: '/webhooks/pagerduty',
  sentry: '/webhooks/sentry',
  datadog: '/webhooks/datadog',
  fluentbit: '/webhooks/fluentbit',
};
/** Every real payload in the fixtures with the path it is posted to (authorizer events excluded). */
const samples = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== 'apigw')
  .flatMap((d) =>
    readdirSync(path.join(FIXTURES, d.name))
      .filter((f) => f.endsWith('.json'))
      .map((f) => ({
        name: `${d.name}/${f}`,
        path: ROUTE_OF_FOLDER[d.name] ?? '/events',
        text: readFileSync(path.join(FIXTURES, d.name, f), 'utf8'),
      })),
  );

const byName = new Map(samples.map((s) => [s.name, s]));
/** Picks a sample by name, so a counterexample names the file instead of printing it. */
const aSample = (filter: (s: (typeof samples)[number]) => boolean = () => true) =>
  fc.constantFrom(...samples.filter(filter).map((s) => s.name));

const PATHS = [
  '/events',
  '/webhooks/pagerduty',
  '/webhooks/datadog',
  '/webhooks/sentry',
  '/webhooks/fluentbit',
  '/webhooks/drift',
];
const anyPath = fc.oneof(fc.constantFrom(...PATHS, '/webhooks/x', '/', '/v1/events'), fc.webPath());
const NEVER = new Set([500, 501, 502, 503, 504]);

function deps() {
  return testDeps({
    config: loadCollectorConfig({ API_KEY_PRODUCTS: JSON.stringify(API_KEY_PRODUCTS) }),
    normalize: normalizeDelivery,
    signing: { pagerduty: { search: ['pd-secret'] }, sentry: { search: 'sentry-secret' } },
  });
}

async function post(path: string, body: string | Buffer, opts: Parameters<typeof proxyEvent>[2] = {}) {
  const d = deps();
  const res = await collect(proxyEvent(path, body, opts), d.deps);
  JSON.parse(res.body); // always a JSON answer
  return { res, ...d };
}

test('there are real payloads to mutate', () => {
  expect(samples.length).toBeGreaterThanOrEqual(4);
});

test('random bytes on any path: a 2xx or a 4xx, never a crash or a 5xx', async () => {
  await fc.assert(
    fc.asyncProperty(anyPath, fc.uint8Array({ maxLength: 6000 }), fc.boolean(), async (p, bytes, base64) => {
      const { res } = await post(p, Buffer.from(bytes), { base64 });
      expect(NEVER.has(res.statusCode)).toBe(false);
      expect(res.statusCode).toBeGreaterThanOrEqual(200);
      expect(res.statusCode).toBeLessThan(500);
    }),
    { numRuns: 300 },
  );
});

test('any JSON value on a known route is stored or quarantined (200/202), or refused as too big (413)', async () => {
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...PATHS), fc.jsonValue({ maxDepth: 6 }), async (p, value) => {
      const { res, store } = await post(p, JSON.stringify(value));
      expect([200, 202, 413]).toContain(res.statusCode);
      if (res.statusCode === 202) expect(store.quarantine.size).toBe(1);
    }),
    { numRuns: 300 },
  );
});

/** Replaces the value at a random path of a JSON document with another value (or removes it). */
function mutate(doc: unknown, picks: number[], replacement: unknown, remove: boolean): unknown {
  if (doc === null || typeof doc !== 'object' || picks.length === 0) return replacement;
  const copy: any = Array.isArray(doc) ? [...doc] : { ...doc };
  const keys = Object.keys(copy);
  if (keys.length === 0) return replacement;
  const key = keys[picks[0] % keys.length];
  if (remove && picks.length === 1) {
    if (Array.isArray(copy)) copy.splice(Number(key), 1);
    else delete copy[key];
    return copy;
  }
  copy[key] = mutate(copy[key], picks.slice(1), replacement, remove);
  return copy;
}

test('mutated real payloads are stored or quarantined, never lost and never a crash', async () => {
  await fc.assert(
    fc.asyncProperty(
      aSample(),
      fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
      fc.oneof(
        fc.jsonValue({ maxDepth: 2 }),
        fc.constantFrom(null, '', 0, -1, 1e308, 'NaN', [], {}, '1970-01-01'),
      ),
      fc.boolean(),
      async (name, picks, replacement, remove) => {
        const sample = byName.get(name)!;
        const mutated = mutate(JSON.parse(sample.text), picks, replacement, remove);
        const { res, store } = await post(sample.path, JSON.stringify(mutated), { apiKeyId: SEARCH_KEY_ID });
        // Signed routes refuse unsigned deliveries for "search"; everything else is kept somewhere.
        if (sample.path === '/webhooks/pagerduty' || sample.path === '/webhooks/sentry') {
          expect(res.statusCode).toBe(401);
          return;
        }
        expect([200, 202]).toContain(res.statusCode);
        expect(store.events.size + store.quarantine.size).toBeGreaterThan(0);
      },
    ),
    { numRuns: 300 },
  );
});

test('real payloads with random bytes changed get 2xx or 400 (and a 400 is still quarantined)', async () => {
  await fc.assert(
    fc.asyncProperty(
      aSample((s) => !['/webhooks/pagerduty', '/webhooks/sentry'].includes(s.path)),
      fc.nat(),
      fc.string({ minLength: 0, maxLength: 3 }),
      async (name, at, insert) => {
        const sample = byName.get(name)!;
        const i = at % (sample.text.length + 1);
        const text = sample.text.slice(0, i) + insert + sample.text.slice(i + 1);
        const { res, store } = await post(sample.path, text);
        expect([200, 202, 400]).toContain(res.statusCode);
        expect(store.events.size + store.quarantine.size).toBeGreaterThan(0);
      },
    ),
    { numRuns: 300 },
  );
});
