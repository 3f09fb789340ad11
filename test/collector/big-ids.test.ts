// Datadog renders `$ID` unquoted in a custom template: an event id beyond 2^53 is then a JSON number.
import { collect } from '../../lambda-src/collector/collect';
import { normalizeDelivery } from '../../lambda-src/collector/normalize';
import { testDeps } from './support/deps';
import { fixtureBytes } from './support/fixtures';
import { proxyEvent } from './support/proxy-event';

const FIXTURE = 'datadog/webhook.monitor-triggered.default-template-plus-custom-fields.inres-thirdparty.json';

/** The real webhook with its id rendered as a bare number. */
function withNumericId(id: string): string {
  const text = fixtureBytes(FIXTURE).toString('utf8');
  const quoted = '"id": "8306082202796025694"';
  expect(text).toContain(quoted);
  return text.replace(quoted, `"id": ${id}`);
}

test('two Datadog events whose ids differ beyond 2^53 are two documents, each with its exact id', async () => {
  const { deps, store } = testDeps({ normalize: normalizeDelivery });
  // The same double (8306082202796025856) for both: as numbers they would be one document.
  expect(Number('8306082202796025694')).toBe(Number('8306082202796025695'));

  const first = await collect(proxyEvent('/webhooks/datadog', withNumericId('8306082202796025694')), deps);
  const second = await collect(proxyEvent('/webhooks/datadog', withNumericId('8306082202796025695')), deps);

  expect([first.statusCode, second.statusCode]).toEqual([200, 200]);
  expect(JSON.parse(second.body)).toMatchObject({ stored: 1, duplicates: 0 });
  const raws = [...store.events.values()].map((e) => (e.raw as { id: unknown }).id);
  expect(raws).toEqual(['8306082202796025694', '8306082202796025695']);
});
