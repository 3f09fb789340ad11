// What a quarantined delivery keeps of its request headers: an allow-list, so a credential header under a
// name nobody foresaw is dropped, and URLs with credentials in their query keep everything but the value.
import { collect } from '../../lambda-src/collector/collect';
import { maskUrlSecrets, storableHeaders } from '../../lambda-src/collector/quarantine';
import { testDeps } from './support/deps';
import { proxyEvent } from './support/proxy-event';

/** Credential headers real senders and gateways use (none matched the former deny-list's pattern). */
const CREDENTIAL_HEADERS = {
  'DD-Application-Key': 'ddapp-0123456789abcdef',
  'X-Access-Key': 'AKIAEXAMPLEACCESS',
  'Private-Key': 'priv-9f8e7d',
  'X-Functions-Key': 'func-key-123',
  'X-Webhook-Signing-Key': 'signing-key-abc',
  'X-Authentication': 'Basic dXNlcjpwYXNz',
  'X-Credentials': 'cred-xyz',
  'X-Session-Id': 'sess-42',
  'X-API-Key': 'must-not-be-stored',
  Authorization: 'Bearer eyJhbGciOi',
  Cookie: 'session=abc',
  'X-Forwarded-For': '203.0.113.7',
  'X-PagerDuty-Signature': 'v1=abcdef',
};

describe('headers kept with a quarantined delivery', () => {
  test('credential headers under any name are dropped; the useful ones are kept, lower-cased', async () => {
    const { deps, store } = testDeps();
    const res = await collect(
      proxyEvent('/events', '{"not": "recognized"}', {
        headers: {
          ...CREDENTIAL_HEADERS,
          'User-Agent': 'Amazon EventBridge API Destinations',
          'X-Amzn-Trace-Id': 'Root=1-6566-abc',
        },
      }),
      deps,
    );

    expect(res.statusCode).toBe(202);
    const [doc] = store.quarantine.values();
    expect(doc.headers).toEqual({
      'content-type': 'application/json',
      'user-agent': 'Amazon EventBridge API Destinations',
      'x-amzn-trace-id': 'Root=1-6566-abc',
    });
    for (const value of Object.values(CREDENTIAL_HEADERS)) expect(JSON.stringify(doc)).not.toContain(value);
  });

  test('the header the Sentry normalizer reads is kept, so a replay can normalize the delivery', () => {
    expect(storableHeaders({ 'sentry-hook-resource': 'issue' })).toEqual({ 'sentry-hook-resource': 'issue' });
  });

  test.each([
    ['https://app.example/hook?apiKey=abc123&page=2', 'https://app.example/hook?apiKey=***&page=2'],
    ['/relay?x=1&api_key=abc123', '/relay?x=1&api_key=***'],
    ['/relay?token=t0k3n;sig=s1g#access_token=tok', '/relay?token=***;sig=***#access_token=***'],
    ['/relay?%61piKey=abc123', '/relay?%61piKey=***'],
    ['https://app.example/a?page=2&sort=asc', 'https://app.example/a?page=2&sort=asc'],
  ])('URL header %s is kept as %s', (url, masked) => {
    expect(maskUrlSecrets(url)).toBe(masked);
    expect(storableHeaders({ Referer: url, 'X-Original-URL': url })).toEqual({
      referer: masked,
      'x-original-url': masked,
    });
  });
});
