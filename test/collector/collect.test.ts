import { gzipSync } from 'node:zlib';
import { collect } from '../../lambda-src/collector/collect';
import { loadCollectorConfig } from '../../lambda-src/collector/config';
import { testDeps } from './support/deps';
import { fixtureBytes, PAGERDUTY_VECTOR, SENTRY_VECTOR } from './support/fixtures';
import { API_KEY_PRODUCTS, PAYMENTS_KEY_ID, proxyEvent, SEARCH_KEY_ID } from './support/proxy-event';

const body = (res: { body: string }) => JSON.parse(res.body);

describe('collector: answers and what gets stored', () => {
  test('stores recognized events under the product of the API key, answering 200 with their ids', async () => {
    const { deps, store } = testDeps();
    const event = proxyEvent('/webhooks/fluentbit', {
      records: [{ id: 'a' }, { id: 'b' }],
      product: 'search',
    });

    const res = await collect(event, deps);

    expect(res.statusCode).toBe(200);
    expect(body(res)).toEqual({ stored: 2, quarantined: 0, duplicates: 0, ids: ['a', 'b'] });
    expect([...store.events.values()].map((e) => e.product)).toEqual(['payments', 'payments']);
    expect(store.writes).toBe(1);
  });

  test('the product never comes from the payload, even when a normalizer copies one', async () => {
    const { deps, store } = testDeps({
      normalize: (_route, payload, ctx) => ({
        ok: true,
        events: [{ ...(payload as any).event, receivedAt: ctx.receivedAt, product: 'search' }],
      }),
    });
    const forged = {
      event: {
        id: 'x',
        source: 'toil',
        kind: 'toil',
        severity: 'info',
        status: 'info',
        title: 't',
        occurredAt: 'x',
        raw: {},
      },
    };

    await collect(proxyEvent('/events', forged, { apiKeyId: PAYMENTS_KEY_ID }), deps);

    expect(store.events.get('x')?.product).toBe('payments');
  });

  test('a retried delivery is stored once and answered as a duplicate', async () => {
    const { deps, store } = testDeps();
    const event = proxyEvent('/events', { records: [{ id: 'a' }] });

    await collect(event, deps);
    const again = await collect(event, deps);

    expect(body(again)).toMatchObject({ stored: 0, duplicates: 1, ids: ['a'] });
    expect(store.events.size).toBe(1);
  });

  test('a write the database does not account for in full is answered 503, never stored', async () => {
    // What the driver reports when the connection drops mid-write: fewer acknowledged than sent, no refusal.
    const { deps } = testDeps();
    const store = {
      saveEvents: async () => ({ inserted: 1, duplicates: 0, refused: [] }),
      saveQuarantine: async () => ({ inserted: 0, duplicates: 0, refused: [] }),
    };
    const events = await collect(proxyEvent('/events', { records: [{ id: 'a' }, { id: 'b' }] }), {
      ...deps,
      store,
    });
    const quarantined = await collect(proxyEvent('/events', '{"unknown": 1}'), { ...deps, store });
    expect([events.statusCode, events.headers['retry-after']]).toEqual([503, '30']);
    expect(quarantined.statusCode).toBe(503);
  });

  test('more records than MAX_RECORDS_PER_REQUEST are refused with 413 naming the limit, nothing written', async () => {
    const { deps, store } = testDeps({
      config: loadCollectorConfig({
        API_KEY_PRODUCTS: JSON.stringify(API_KEY_PRODUCTS),
        MAX_RECORDS_PER_REQUEST: '100',
      }),
    });
    const batch = Array.from({ length: 101 }, () => ({}));
    const array = await collect(proxyEvent('/webhooks/fluentbit', batch), deps);
    const normalized = await collect(proxyEvent('/events', { records: batch }), deps);
    for (const res of [array, normalized]) {
      expect(res.statusCode).toBe(413);
      expect(body(res)).toMatchObject({
        limit: 100,
        error: expect.stringMatching(/^101 records in one request; the limit is 100 /),
      });
    }
    expect(store.writes).toBe(0);
  });

  test('an unrecognized payload is quarantined with the reason and answered 202', async () => {
    const { deps, store } = testDeps();
    const raw = '{"hello": "world"}';

    const res = await collect(
      proxyEvent('/webhooks/datadog', raw, { headers: { 'X-Api-Key': 'secret-key' } }),
      deps,
    );

    expect(res.statusCode).toBe(202);
    expect(body(res)).toMatchObject({
      stored: 0,
      quarantined: 1,
      reason: 'no "records" array in datadog payload',
    });
    const [q] = store.quarantine.values();
    expect(q).toMatchObject({
      product: 'payments',
      route: 'datadog',
      reason: 'no "records" array in datadog payload',
      raw,
      rawEncoding: 'utf8',
      receivedAt: '2026-11-26T10:00:00.000Z',
    });
    expect(q.headers).toEqual({ 'content-type': 'application/json' });
    expect(body(res).ids).toEqual([q._id]);
  });

  test('the same unrecognized delivery twice is one quarantine document', async () => {
    const { deps, store } = testDeps();
    await collect(proxyEvent('/events', '{"x":1}'), deps);
    await collect(proxyEvent('/events', '{"x":1}'), deps);
    await collect(proxyEvent('/events', '{"x":1}', { apiKeyId: SEARCH_KEY_ID }), deps);
    expect([...store.quarantine.values()].map((q) => q.product)).toEqual(['payments', 'search']);
  });

  test('fails with 400 on malformed JSON, giving the reason and keeping the body in quarantine', async () => {
    const { deps, store } = testDeps();

    const res = await collect(proxyEvent('/webhooks/datadog', '{"title": "CPU > 90%" "x"}'), deps);

    expect(res.statusCode).toBe(400);
    expect(body(res).error).toMatch(/^malformed JSON: /);
    expect([...store.quarantine.values()][0].raw).toBe('{"title": "CPU > 90%" "x"}');
  });

  test('accepts base64 and gzip bodies', async () => {
    const { deps } = testDeps();
    const json = JSON.stringify({ records: [{ id: 'z' }] });
    const b64 = await collect(proxyEvent('/events', json, { base64: true }), deps);
    const gz = await collect(
      proxyEvent('/webhooks/fluentbit', gzipSync(json), {
        base64: true,
        headers: { 'Content-Encoding': 'gzip' },
      }),
      deps,
    );
    expect([b64.statusCode, gz.statusCode]).toEqual([200, 200]);
  });

  test('fails with 413 on a body over MAX_BODY_BYTES, storing nothing', async () => {
    const { deps, store } = testDeps();
    const res = await collect(proxyEvent('/events', { records: [{ id: 'x'.repeat(5000) }] }), deps);
    expect(res.statusCode).toBe(413);
    expect(body(res).error).toMatch(/^body is 50\d\d bytes; the limit is 4096 bytes/);
    expect(store.writes).toBe(0);
  });

  test('fails with 400 on an empty body', async () => {
    const { deps } = testDeps();
    expect((await collect(proxyEvent('/events', null), deps)).statusCode).toBe(400);
  });

  test('fails with 404 on an unknown route and 405 on GET, before anything else', async () => {
    const { deps, store } = testDeps();
    const unknown = await collect(proxyEvent('/webhooks/opsgenie', '{}'), deps);
    const get = await collect(proxyEvent('/events', null, { method: 'GET' }), deps);
    expect([unknown.statusCode, get.statusCode, get.headers.allow]).toEqual([404, 405, 'POST']);
    expect(store.writes).toBe(0);
  });

  test('fails with 403 when the API key id is not assigned to a product', async () => {
    const { deps, store } = testDeps();
    const res = await collect(proxyEvent('/events', '{}', { apiKeyId: 'zzz' }), deps);
    expect(res.statusCode).toBe(403);
    expect(body(res)).toEqual({ error: 'API key zzz is not assigned to a product' });
    expect(store.writes).toBe(0);
  });

  test('fails with 403 when the request carries no validated key id', async () => {
    const { deps } = testDeps();
    const res = await collect(proxyEvent('/events', '{}', { apiKeyId: null }), deps);
    expect(body(res)).toEqual({ error: 'request carries no validated API key' });
  });

  test('a bad API_KEY_PRODUCTS refuses with 403 and says why in the log, never 5xx', async () => {
    const config = loadCollectorConfig({ API_KEY_PRODUCTS: '{not json' });
    expect(config.problems[0]).toMatch(/^API_KEY_PRODUCTS is not JSON/);
    const { deps } = testDeps({ config });
    expect((await collect(proxyEvent('/events', '{}'), deps)).statusCode).toBe(403);
  });

  test('answers 503 with Retry-After when the database is down, and only then', async () => {
    const { deps, store } = testDeps();
    store.down = true;
    const stored = await collect(proxyEvent('/events', { records: [{}] }), deps);
    const quarantined = await collect(proxyEvent('/events', '{"x":1}'), deps);
    expect([stored.statusCode, quarantined.statusCode]).toEqual([503, 503]);
    expect(stored.headers['retry-after']).toBe('30');
  });

  test('a normalizer that throws costs nothing: the delivery is quarantined with the error', async () => {
    const { deps, store, errors } = testDeps({
      normalize: () => {
        throw new TypeError("Cannot read properties of undefined (reading 'x')");
      },
    });
    const res = await collect(proxyEvent('/events', '{}'), deps);
    expect(res.statusCode).toBe(202);
    expect([...store.quarantine.values()][0].reason).toBe(
      "normalizer error: Cannot read properties of undefined (reading 'x')",
    );
    expect(errors).toHaveLength(1);
  });

  test('payloads nested too deep for the database are quarantined, not stored', async () => {
    const { deps, store } = testDeps();
    const deep = `{"records":[${'['.repeat(80)}${']'.repeat(80)}]}`;
    const res = await collect(proxyEvent('/events', deep), deps);
    expect(res.statusCode).toBe(202);
    expect([...store.quarantine.values()][0].reason).toBe('payload nested deeper than 64 levels');
  });

  test('documents the database refuses are kept: the whole delivery goes to quarantine too', async () => {
    const { deps, store } = testDeps();
    const res = await collect(
      proxyEvent('/webhooks/fluentbit', { records: [{ id: 'ok' }, { id: 'bad', $where: 1 }] }),
      deps,
    );
    expect(res.statusCode).toBe(202);
    expect(body(res)).toMatchObject({ stored: 1, quarantined: 1 });
    expect([...store.events.keys()]).toEqual(['ok']);
    expect([...store.quarantine.values()][0].reason).toMatch(/^database refused 1 of 2 documents: bad: /);
  });

  test('a Fluent Bit batch of 1000 records is one write and a small answer', async () => {
    const { deps, store } = testDeps({
      config: loadCollectorConfig({ API_KEY_PRODUCTS: JSON.stringify(API_KEY_PRODUCTS) }),
    });
    const records = Array.from({ length: 1000 }, (_, i) => ({ id: `rec-${i}`, log: 'GET /health 200' }));
    const res = await collect(proxyEvent('/webhooks/fluentbit', { records }), deps);
    expect(store.writes).toBe(1);
    expect(store.events.size).toBe(1000);
    expect(body(res)).toMatchObject({ stored: 1000, moreIds: 950 });
    expect(res.body.length).toBeLessThan(1000);
  });

  test('log documents carry expiresAt = arrival + LOG_RETENTION_DAYS; others do not', async () => {
    const { deps, store } = testDeps();
    await collect(proxyEvent('/events', { records: [{ id: 'l' }] }), deps);
    expect(store.events.get('l')?.expiresAt).toEqual(new Date('2026-12-10T10:00:00.000Z'));
  });
});

describe('collector: signatures', () => {
  const pd = () => fixtureBytes(PAGERDUTY_VECTOR.body);
  const pdSecrets = (list: string[]) => ({ pagerduty: { payments: list } });

  test('accepts the PagerDuty test vector (quarantined here only because the stand-in normalizer does not know it)', async () => {
    const { deps } = testDeps({ signing: pdSecrets([PAGERDUTY_VECTOR.secret]) });
    const event = proxyEvent('/webhooks/pagerduty', pd(), {
      headers: { 'X-PagerDuty-Signature': PAGERDUTY_VECTOR.signature },
    });
    expect((await collect(event, deps)).statusCode).toBe(202);
  });

  test('accepts a rotation: several v1= signatures, several configured secrets', async () => {
    const { deps } = testDeps({ signing: pdSecrets(['old-secret-no-longer-used', PAGERDUTY_VECTOR.secret]) });
    const header = `v1=${'0'.repeat(64)}, ${PAGERDUTY_VECTOR.signature}`;
    const event = proxyEvent('/webhooks/pagerduty', pd(), { headers: { 'x-pagerduty-signature': header } });
    expect((await collect(event, deps)).statusCode).toBe(202);
  });

  test.each([
    ['a signature of other bytes', `v1=${'ab'.repeat(32)}`],
    ['no v1= prefix', PAGERDUTY_VECTOR.signature.slice(3)],
    ['a truncated signature', PAGERDUTY_VECTOR.signature.slice(0, -2)],
    ['no header', undefined],
  ])('fails with 401 on PagerDuty deliveries with %s, storing nothing', async (_, header) => {
    const { deps, store } = testDeps({ signing: pdSecrets([PAGERDUTY_VECTOR.secret]) });
    const headers: Record<string, string> = header ? { 'X-PagerDuty-Signature': header } : {};
    const res = await collect(proxyEvent('/webhooks/pagerduty', pd(), { headers }), deps);
    expect(res.statusCode).toBe(401);
    expect(body(res)).toEqual({ error: 'X-PagerDuty-Signature is missing or matches no configured secret' });
    expect(store.writes).toBe(0);
  });

  test('fails with 401 when one byte of the body changed', async () => {
    const { deps } = testDeps({ signing: pdSecrets([PAGERDUTY_VECTOR.secret]) });
    const tampered = Buffer.from(
      pd().toString().replace('incident.priority_updated', 'incident.priority_updatex'),
    );
    expect(tampered.equals(pd())).toBe(false);
    const event = proxyEvent('/webhooks/pagerduty', tampered, {
      headers: { 'X-PagerDuty-Signature': PAGERDUTY_VECTOR.signature },
    });
    expect((await collect(event, deps)).statusCode).toBe(401);
  });

  test('checks the signature over the decoded bytes of a base64 body', async () => {
    const { deps } = testDeps({ signing: pdSecrets([PAGERDUTY_VECTOR.secret]) });
    const event = proxyEvent('/webhooks/pagerduty', pd(), {
      base64: true,
      headers: { 'X-PagerDuty-Signature': PAGERDUTY_VECTOR.signature },
    });
    expect((await collect(event, deps)).statusCode).toBe(202);
  });

  test('does not check PagerDuty signatures for a product without a secret', async () => {
    const { deps } = testDeps({ signing: { pagerduty: { search: ['x'] } } });
    expect((await collect(proxyEvent('/webhooks/pagerduty', pd()), deps)).statusCode).toBe(202);
  });

  test('accepts a Sentry delivery signed with the client secret and refuses a bad one', async () => {
    const { deps } = testDeps({ signing: { sentry: { payments: SENTRY_VECTOR.secret } } });
    const sentry = fixtureBytes(SENTRY_VECTOR.body);
    const good = proxyEvent('/webhooks/sentry', sentry, {
      headers: { 'Sentry-Hook-Signature': SENTRY_VECTOR.signature, 'Sentry-Hook-Resource': 'issue' },
    });
    const bad = proxyEvent('/webhooks/sentry', sentry, {
      headers: { 'Sentry-Hook-Signature': 'f'.repeat(64) },
    });
    const [ok, refused] = [await collect(good, deps), await collect(bad, deps)];
    expect([ok.statusCode, refused.statusCode]).toEqual([202, 401]);
    expect(body(refused).error).toBe('Sentry-Hook-Signature is missing or does not match the client secret');
  });

  test('when the signing secrets cannot be read the delivery is quarantined as unverified, not refused', async () => {
    const { deps, store } = testDeps({
      signingSecrets: async () => {
        throw new Error('AccessDeniedException');
      },
    });
    const res = await collect(proxyEvent('/webhooks/pagerduty', pd()), deps);
    expect(res.statusCode).toBe(202);
    expect([...store.quarantine.values()][0].reason).toBe(
      'signature not checked: signing secrets unavailable (AccessDeniedException)',
    );
  });

  test('routes that are not signed never read the signing secrets', async () => {
    const signingSecrets = jest.fn(async () => undefined);
    const { deps } = testDeps({ signingSecrets });
    await collect(proxyEvent('/webhooks/datadog', '{}'), deps);
    await collect(proxyEvent('/events', '{}'), deps);
    expect(signingSecrets).not.toHaveBeenCalled();
  });
});
