import type { AddressInfo } from 'node:net';
import { parseDevApiKeys } from '../../lambda-src/dev-server/dev-keys';
import { createDevServer } from '../../lambda-src/dev-server/server';
import { testDeps } from './support/deps';
import { fixtureBytes, PAGERDUTY_VECTOR } from './support/fixtures';

describe('collector dev server', () => {
  const { deps, store } = testDeps({ signing: { pagerduty: { payments: [PAGERDUTY_VECTOR.secret] } } });
  const server = createDevServer({ apiKeys: { 'k-pay': 'payments', 'k-search': 'search' }, deps });
  let base: string;

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  test('stores with the product of the key from the header', async () => {
    const res = await fetch(`${base}/events`, {
      method: 'POST',
      headers: { 'X-API-Key': 'k-search' },
      body: JSON.stringify({ records: [{ id: 'dev-1' }] }),
    });
    expect(res.status).toBe(200);
    expect(store.events.get('dev-1')?.product).toBe('search');
  });

  test('takes the key from the apiKey query parameter, like API Gateway with the authorizer', async () => {
    const res = await fetch(`${base}/webhooks/datadog?apiKey=k-pay`, { method: 'POST', body: '{"x":1}' });
    expect(res.status).toBe(202);
  });

  test('checks signatures over the exact bytes sent', async () => {
    const body = fixtureBytes(PAGERDUTY_VECTOR.body);
    const signed = await fetch(`${base}/webhooks/pagerduty`, {
      method: 'POST',
      headers: { 'x-api-key': 'k-pay', 'x-pagerduty-signature': PAGERDUTY_VECTOR.signature },
      body,
    });
    const unsigned = await fetch(`${base}/webhooks/pagerduty`, {
      method: 'POST',
      headers: { 'x-api-key': 'k-pay' },
      body,
    });
    expect([signed.status, unsigned.status]).toEqual([202, 401]);
  });

  test('answers like API Gateway without a key (401) and with an unknown key (403)', async () => {
    const none = await fetch(`${base}/events`, { method: 'POST', body: '{}' });
    const unknown = await fetch(`${base}/events`, {
      method: 'POST',
      headers: { 'x-api-key': 'nope' },
      body: '{}',
    });
    expect([none.status, await none.json()]).toEqual([401, { message: 'Unauthorized' }]);
    expect([unknown.status, await unknown.json()]).toEqual([403, { message: 'Forbidden' }]);
  });
});

describe('parseDevApiKeys', () => {
  test('reads key=product pairs', () => {
    expect(parseDevApiKeys('key1=payments, key2=search')).toEqual({ key1: 'payments', key2: 'search' });
  });

  test('fails on an entry without a product, quoting it', () => {
    expect(() => parseDevApiKeys('key1=payments,key2')).toThrow(
      'DEV_API_KEYS: "key2" must look like key=product (e.g. dev-key=payments)',
    );
  });
});
