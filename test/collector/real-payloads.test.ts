// The collector with the real normalizers and real payloads (signed ones with their real signatures).
import { collect } from '../../lambda-src/collector/collect';
import { loadCollectorConfig } from '../../lambda-src/collector/config';
import { normalizeDelivery } from '../../lambda-src/collector/normalize';
import { testDeps } from './support/deps';
import { fixtureBytes, fixtureJson, PAGERDUTY_VECTOR, SENTRY_VECTOR } from './support/fixtures';
import { API_KEY_PRODUCTS, proxyEvent, SEARCH_KEY_ID } from './support/proxy-event';

function realDeps() {
  return testDeps({
    config: loadCollectorConfig({ API_KEY_PRODUCTS: JSON.stringify(API_KEY_PRODUCTS) }),
    normalize: normalizeDelivery,
    signing: {
      pagerduty: { payments: [PAGERDUTY_VECTOR.secret] },
      sentry: { payments: SENTRY_VECTOR.secret },
    },
  });
}

test('a signed PagerDuty webhook is verified, stored once as an incident of the key owner, retries are duplicates', async () => {
  const { deps, store } = realDeps();
  const event = proxyEvent('/webhooks/pagerduty', fixtureBytes(PAGERDUTY_VECTOR.body), {
    headers: { 'X-PagerDuty-Signature': PAGERDUTY_VECTOR.signature },
  });

  const first = await collect(event, deps);
  const retry = await collect(event, deps);

  expect(first.statusCode).toBe(200);
  expect(JSON.parse(retry.body)).toMatchObject({ stored: 0, duplicates: 1 });
  expect(store.events.size).toBe(1);
  const [doc] = store.events.values();
  expect(doc).toMatchObject({ product: 'payments', source: 'pagerduty', kind: 'incident' });
  expect(doc).not.toHaveProperty('expiresAt');
  expect(store.writes).toBe(2);
});

test('a signed Sentry issue webhook is stored as an exception', async () => {
  const { deps, store } = realDeps();
  const event = proxyEvent('/webhooks/sentry', fixtureBytes(SENTRY_VECTOR.body), {
    headers: { 'Sentry-Hook-Signature': SENTRY_VECTOR.signature, 'Sentry-Hook-Resource': 'issue' },
  });

  const res = await collect(event, deps);

  expect(res.statusCode).toBe(200);
  expect([...store.events.values()].map((e) => [e.source, e.kind])).toEqual([['sentry', 'exception']]);
});

test('a Fluent Bit json array is one write with one log document per record, each expiring', async () => {
  const { deps, store } = realDeps();
  const name = 'fluentbit/json-format-array.tap-stdout-format-json.fluent-bit-docs.json';
  const records = fixtureJson<unknown[]>(name);

  const res = await collect(
    proxyEvent('/webhooks/fluentbit', fixtureBytes(name), { apiKeyId: SEARCH_KEY_ID }),
    deps,
  );

  expect(res.statusCode).toBe(200);
  expect(store.writes).toBe(1);
  const docs = [...store.events.values()];
  expect(docs).toHaveLength(records.length);
  expect(docs.every((d) => d.kind === 'log' && d.product === 'search' && d.expiresAt instanceof Date)).toBe(
    true,
  );
});

test.each([
  ['/events', 'ecs/ecs-deployment-state-change.failed.awsdocs.json'],
  ['/events', 'securityhub/findings-imported.cis-1.4.aws-solutions.json'],
  [
    '/webhooks/datadog',
    'datadog/webhook.monitor-triggered.default-template-plus-custom-fields.inres-thirdparty.json',
  ],
])('POST %s with %s is stored (200), nothing quarantined', async (path, name) => {
  const { deps, store } = realDeps();
  const res = await collect(proxyEvent(path, fixtureBytes(name)), deps);
  expect(res.statusCode).toBe(200);
  expect(store.events.size).toBeGreaterThan(0);
  expect(store.quarantine.size).toBe(0);
});

test('a PagerDuty body posted to the Datadog route is quarantined, not mis-normalized', async () => {
  const { deps, store } = realDeps();
  const res = await collect(proxyEvent('/webhooks/datadog', fixtureBytes(PAGERDUTY_VECTOR.body)), deps);
  expect(res.statusCode).toBe(202);
  expect(store.events.size).toBe(0);
  expect([...store.quarantine.values()][0].route).toBe('datadog');
});
