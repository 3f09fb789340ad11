// End users' personal data in Sentry payloads is removed before storing, unless configured otherwise.
import { collect } from '../../lambda-src/collector/collect';
import { loadCollectorConfig } from '../../lambda-src/collector/config';
import { collectorNormalize } from '../../lambda-src/collector/handler';
import { REDACTED, redactSentryPersonalData } from '../../lambda-src/collector/privacy/redact-sentry';
import { testDeps } from './support/deps';
import { fixtureBytes, fixtureJson } from './support/fixtures';
import { API_KEY_PRODUCTS, proxyEvent } from './support/proxy-event';

const ERROR = 'sentry/webhook.error.created.sentry-docs.json';
const EVENT_ALERT = 'sentry/webhook.event-alert.triggered.sentry-docs.json';
/** The end user's address in both published samples (`user.ip_address`). */
const END_USER_IP = '162.218.85.90';

async function storedRaw(body: Buffer | string, resource: string, env: Record<string, string> = {}) {
  const config = loadCollectorConfig({ API_KEY_PRODUCTS: JSON.stringify(API_KEY_PRODUCTS), ...env });
  const { deps, store } = testDeps({ config, normalize: collectorNormalize(config) });
  const res = await collect(
    proxyEvent('/webhooks/sentry', body, { headers: { 'Sentry-Hook-Resource': resource } }),
    deps,
  );
  expect(res.statusCode).toBe(200);
  const [doc] = store.events.values();
  return doc.raw as any;
}

describe('Sentry personal data', () => {
  test.each([
    [ERROR, 'error', 'error'],
    [EVENT_ALERT, 'event_alert', 'event'],
  ])(
    '%s: the end user IP address is not stored; the rest of the payload is',
    async (fixture, resource, key) => {
      const raw = await storedRaw(fixtureBytes(fixture), resource);

      expect(JSON.stringify(raw)).not.toContain(END_USER_IP);
      const expected = fixtureJson(fixture);
      expected.data[key].user.ip_address = REDACTED;
      // The samples' `user` tag repeats an address (`ip:162.217.75.90`).
      for (const tag of expected.data[key].tags) if (tag[0] === 'user') tag[1] = REDACTED;
      expect(JSON.stringify(raw)).not.toMatch(/"ip:/);
      expect(raw).toEqual(expected);
    },
  );

  test('e-mail, user name, name, location, client address, cookies and user tags are removed; the user id stays', async () => {
    const payload = fixtureJson(ERROR);
    const error = payload.data.error;
    error.user = {
      id: '4711',
      ip_address: END_USER_IP,
      email: 'jane.doe@example.com',
      username: 'jdoe',
      name: 'Jane Doe',
      geo: { city: 'Vienna', country_code: 'AT' },
    };
    error.request.headers.push(['X-Forwarded-For', END_USER_IP], ['Cookie', 'sid=abc123']);
    error.request.env = { REMOTE_ADDR: END_USER_IP, SERVER_NAME: 'web-1' };
    error.request.cookies = [['sid', 'abc123']];
    error.tags = [
      ['user', 'email:jane.doe@example.com'],
      ['user.ip', END_USER_IP],
      ['browser', 'Chrome 75'],
      ['user', 'id:4711'],
    ];

    const raw = await storedRaw(JSON.stringify(payload), 'error');

    const text = JSON.stringify(raw);
    for (const personal of [END_USER_IP, 'jane.doe', 'jdoe', 'Jane Doe', 'Vienna', 'abc123'])
      expect(text).not.toContain(personal);
    expect(raw.data.error.user).toEqual({
      id: '4711',
      ip_address: REDACTED,
      email: REDACTED,
      username: REDACTED,
      name: REDACTED,
      geo: REDACTED,
    });
    expect(raw.data.error.request.env.SERVER_NAME).toBe('web-1');
    expect(raw.data.error.tags).toEqual([
      ['user', REDACTED],
      ['user.ip', REDACTED],
      ['browser', 'Chrome 75'],
      ['user', 'id:4711'],
    ]);
    expect(raw.data.error.request.headers[0][0]).toBe('User-Agent');
    expect(raw.data.error.request.headers[0][1]).toMatch(/^Mozilla/);
  });

  test('REDACT_PERSONAL_DATA=false keeps the payload as sent', async () => {
    const raw = await storedRaw(fixtureBytes(ERROR), 'error', { REDACT_PERSONAL_DATA: 'false' });
    expect(raw).toEqual(fixtureJson(ERROR));
  });

  test('a value other than true/false keeps redaction on and is reported', () => {
    const config = loadCollectorConfig({ API_KEY_PRODUCTS: '{}', REDACT_PERSONAL_DATA: 'no' });
    expect(config.redactPersonalData).toBe(true);
    expect(config.problems).toContain('REDACT_PERSONAL_DATA must be true or false, got "no"; using true');
  });

  test('the payload handed in is not changed (the quarantine keeps the delivery as received)', () => {
    const payload = fixtureJson(ERROR);
    const { value, redacted } = redactSentryPersonalData(payload);
    expect(redacted).toBe(2);
    expect(payload).toEqual(fixtureJson(ERROR));
    expect(value).not.toEqual(payload);
  });
});
