import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { matchesBinaryMediaType, proxyBody } from '../../lambda-src/dev-server/binary-media';
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

describe('collector dev server: bodies as API Gateway passes them', () => {
  const gzipBatch = gzipSync(JSON.stringify({ records: [{ id: 'gz-1' }] }));
  const post = (base: string) =>
    fetch(`${base}/webhooks/fluentbit`, {
      method: 'POST',
      headers: { 'x-api-key': 'k', 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: gzipBatch,
    });
  const listen = async (server: Server) => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };

  test('with the binary media types the API deploys, a gzip Fluent Bit body arrives intact and is stored', async () => {
    const { deps, store } = testDeps();
    const server = createDevServer({ apiKeys: { k: 'payments' }, deps });
    try {
      const res = await post(await listen(server));
      expect(res.status).toBe(200);
      expect(store.events.has('gz-1')).toBe(true);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test('without binary media types the gzip bytes arrive as UTF-8 text, corrupted: 400 and quarantined', async () => {
    const { deps, store } = testDeps();
    const server = createDevServer({ apiKeys: { k: 'payments' }, deps, binaryMediaTypes: [] });
    try {
      const res = await post(await listen(server));
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: string }).error).toMatch(/^body is not valid gzip/);
      expect(store.events.size).toBe(0);
      expect(store.quarantine.size).toBe(1);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test('isBase64Encoded follows the Content-Type, with wildcards and parameters', () => {
    expect(matchesBinaryMediaType('application/json; charset=utf-8', ['application/*'])).toBe(true);
    expect(matchesBinaryMediaType('application/json', ['image/png', 'application/octet-stream'])).toBe(false);
    expect(matchesBinaryMediaType('Image/PNG', ['image/png'])).toBe(true);
    const bytes = Buffer.from([0x1f, 0x8b, 0xff]);
    expect(proxyBody(bytes, 'application/gzip', ['*/*'])).toEqual({
      body: bytes.toString('base64'),
      isBase64Encoded: true,
    });
    expect(proxyBody(bytes, 'application/gzip', [])).toEqual({
      body: '\u001f\ufffd\ufffd',
      isBase64Encoded: false,
    });
    expect(proxyBody(Buffer.alloc(0), 'application/json', ['*/*'])).toEqual({
      body: null,
      isBase64Encoded: false,
    });
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
