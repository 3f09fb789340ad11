import { gzipSync } from 'node:zlib';
import { readBody } from '../../lambda-src/collector/http/body';
import { jsonDepth, parseJson } from '../../lambda-src/collector/http/json';
import { matchRoute } from '../../lambda-src/collector/http/route';

describe('matchRoute', () => {
  test.each([
    ['/events', 'eventbridge'],
    ['/webhooks/pagerduty', 'pagerduty'],
    ['/webhooks/datadog/', 'datadog'],
    ['/webhooks/Sentry', 'sentry'],
    ['/v1/webhooks/fluentbit', 'fluentbit'],
    ['/webhooks/drift', 'drift'],
  ])('POST %s goes to %s', (path, route) => {
    expect(matchRoute('POST', path)).toEqual({ ok: true, route });
  });

  test('fails with 404 on an unknown source, naming the accepted ones', () => {
    expect(matchRoute('POST', '/webhooks/opsgenie')).toEqual({
      ok: false,
      status: 404,
      reason: 'unknown webhook source "opsgenie"; accepted: pagerduty, datadog, sentry, fluentbit, drift',
    });
  });

  test.each(['/', '/event', '/webhooks', '/webhooks/datadog/extra', '/eventsx', '/webhooks/%E0%A4%A'])(
    'fails with 404 on %s',
    (path) => {
      expect(matchRoute('POST', path)).toMatchObject({ ok: false, status: 404 });
    },
  );

  test('"eventbridge" is a route name, not a webhook source', () => {
    expect(matchRoute('POST', '/webhooks/eventbridge')).toMatchObject({ ok: false, status: 404 });
  });

  test('fails with 405 on a known path with another method', () => {
    expect(matchRoute('GET', '/events')).toEqual({
      ok: false,
      status: 405,
      reason: 'GET not allowed; use POST',
    });
  });
});

describe('readBody', () => {
  test('decodes base64 bodies to the exact bytes', () => {
    const bytes = Buffer.from([0x7b, 0x7d, 0xe2, 0x82, 0xac]);
    const result = readBody(bytes.toString('base64'), true, undefined, 100);
    expect(result.ok && result.bytes.equals(bytes)).toBe(true);
  });

  test('inflates gzip bodies', () => {
    const gz = gzipSync(Buffer.from('[{"log":"x"}]'));
    const result = readBody(gz.toString('base64'), true, 'gzip', 100);
    expect(result.ok && result.bytes.toString()).toBe('[{"log":"x"}]');
  });

  test('fails with 413 when the body is larger than the limit, counting bytes not characters', () => {
    expect(readBody('€€€€', false, undefined, 10)).toEqual({
      ok: false,
      status: 413,
      reason: 'body is 12 bytes; the limit is 10 bytes (MAX_BODY_BYTES)',
    });
    expect(readBody('€€€', false, undefined, 10).ok).toBe(true);
  });

  test('fails with 413 on a base64 body over the limit, before decoding it', () => {
    const b64 = Buffer.alloc(11).toString('base64');
    expect(readBody(b64, true, undefined, 10)).toMatchObject({
      status: 413,
      reason: expect.stringContaining('11 bytes'),
    });
  });

  test('fails with 413 when a small gzip body inflates beyond the limit (zip bomb)', () => {
    const bomb = gzipSync(Buffer.alloc(1_000_000, 0x20));
    expect(bomb.length).toBeLessThan(2000);
    expect(readBody(bomb.toString('base64'), true, 'gzip', 4096)).toMatchObject({
      ok: false,
      status: 413,
      reason: 'inflated gzip body is too large; the limit is 4096 bytes (MAX_INFLATED_BODY_BYTES)',
    });
  });

  test('lets a gzip body inflate past the body limit up to the inflated-body limit', () => {
    const json = Buffer.from(JSON.stringify([{ log: 'x'.repeat(5000) }]));
    const gz = gzipSync(json).toString('base64');
    expect(readBody(gz, true, 'gzip', 4096, 8192)).toEqual({ ok: true, bytes: json });
    expect(readBody(gz, true, 'gzip', 4096, 4096)).toMatchObject({ ok: false, status: 413 });
  });

  test('fails with 400 on an empty body', () => {
    expect(readBody(null, false, undefined, 10)).toEqual({
      ok: false,
      status: 400,
      reason: 'empty body; send a JSON document',
    });
    expect(readBody('', false, undefined, 10)).toMatchObject({ status: 400 });
  });

  test('fails with 400 on broken gzip, keeping the bytes to quarantine', () => {
    const result = readBody(Buffer.from('not gzip').toString('base64'), true, 'gzip', 100);
    expect(result).toMatchObject({
      ok: false,
      status: 400,
      reason: expect.stringMatching(/^body is not valid gzip: /),
    });
    expect(!result.ok && result.bytes?.toString()).toBe('not gzip');
  });
});

describe('parseJson', () => {
  test('fails on malformed JSON with the parser position', () => {
    const result = parseJson(Buffer.from('{"a": 1,}'));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/^malformed JSON: .*position 8/);
  });

  test('fails on bytes that are not UTF-8', () => {
    expect(parseJson(Buffer.from([0x22, 0xff, 0x22]))).toEqual({
      ok: false,
      reason: 'malformed JSON: body is not valid UTF-8',
    });
  });

  test('measures depth without recursion, even 100 000 levels deep', () => {
    const deep = JSON.parse('['.repeat(100_000) + ']'.repeat(100_000));
    expect(jsonDepth(deep)).toBe(65);
    expect(jsonDepth({ a: [{ b: 1 }] })).toBe(3);
    expect(jsonDepth('text')).toBe(0);
  });
});

describe('parseJson: integers beyond 2^53', () => {
  test('are kept as their exact decimal text; safe integers, decimals and strings are untouched', () => {
    const text =
      '{"id": 8306082202796025694, "n": [-90071992547409930, 9007199254740991, 1.5e300], "s": "1234567890123456789\\" 12345678901234567"}';
    expect(parseJson(Buffer.from(text))).toEqual({
      ok: true,
      value: {
        id: '8306082202796025694',
        n: ['-90071992547409930', 9007199254740991, 1.5e300],
        s: '1234567890123456789" 12345678901234567',
      },
    });
  });

  test('malformed JSON is reported at its position in the text as sent', () => {
    expect(parseJson(Buffer.from('{"id": 8306082202796025694,}'))).toEqual({
      ok: false,
      reason: expect.stringMatching(/^malformed JSON: .*position 27\b/),
    });
  });
});
