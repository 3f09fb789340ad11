// Events carry the env of their product account: the key's product plus the account id in the event,
// looked up in the product's accounts (never taken from the payload). Real payloads, real normalizers.
import {
  environmentOf,
  parseProductEnvironments,
  withEnvironment,
} from '../../lambda-src/collector/environment';
import { normalizeDelivery } from '../../lambda-src/collector/normalize';
import type { DeliveryContext, NormalizedEvent } from '../../lambda-src/collector/normalized-event';
import { fixtureJson } from './support/fixtures';

// The ECS sample events of the AWS docs come from account 111122223333.
const ECS = 'ecs/ecs-task-state-change.fargate-running.awsdocs.json';
const PAGERDUTY = 'pagerduty/webhook-v3.incident.priority_updated.pagerduty-docs.json';
const ENVS = {
  payments: { '111122223333': 'stg', '222222222222': 'prod' },
  search: { '444444444444': 'prod' },
};
const ctx = (product: string): DeliveryContext => ({
  product,
  receivedAt: '2026-01-01T00:00:00.000Z',
  headers: {},
});
const normalize = withEnvironment(normalizeDelivery, ENVS);
const eventsOf = (result: ReturnType<typeof normalize>): readonly NormalizedEvent[] => {
  if (!result.ok) throw new Error(result.reason);
  return result.events;
};

test('an EventBridge event gets the env of the product account it names', () => {
  const events = eventsOf(normalize('eventbridge', fixtureJson(ECS), ctx('payments')));
  expect(events.length).toBeGreaterThan(0);
  for (const e of events) {
    expect(e.account).toBe('111122223333');
    expect(e.env).toBe('stg');
  }
});

test('an account the product does not own gives no env, even if another product owns it', () => {
  const events = eventsOf(normalize('eventbridge', fixtureJson(ECS), ctx('search')));
  for (const e of events) expect(e.env).toBeUndefined();
  expect(environmentOf('search', '222222222222', ENVS)).toBeUndefined();
  expect(environmentOf('unknown', '222222222222', ENVS)).toBeUndefined();
});

test('a webhook without an account id: the env of a one-account product, none for a product with several', () => {
  const single = eventsOf(normalize('pagerduty', fixtureJson(PAGERDUTY), ctx('search')));
  expect(single.length).toBeGreaterThan(0);
  for (const e of single) {
    expect(e.account).toBeUndefined();
    expect(e.env).toBe('prod');
  }
  const several = eventsOf(normalize('pagerduty', fixtureJson(PAGERDUTY), ctx('payments')));
  for (const e of several) expect(e.env).toBeUndefined();
});

test('an env a normalizer copied from the payload is dropped', () => {
  const lying = withEnvironment((route, payload, c) => {
    const result = normalizeDelivery(route, payload, c);
    return result.ok ? { ok: true, events: result.events.map((e) => ({ ...e, env: 'prod' })) } : result;
  }, ENVS);
  const events = eventsOf(lying('eventbridge', fixtureJson(ECS), ctx('payments')));
  for (const e of events) expect(e.env).toBe('stg');
  const unknown = eventsOf(lying('eventbridge', fixtureJson(ECS), ctx('search')));
  for (const e of unknown) expect('env' in e).toBe(false);
});

test('PRODUCT_ENVIRONMENTS problems are named without quoting the value', () => {
  const problems: string[] = [];
  expect(parseProductEnvironments(undefined, problems)).toEqual({});
  expect(
    parseProductEnvironments('{"payments": {"2222": "prod", "222222222222": "prod"}}', problems),
  ).toEqual({
    payments: { '222222222222': 'prod' },
  });
  expect(parseProductEnvironments('{not json s3cr3t', problems)).toEqual({});
  expect(problems).toEqual([
    'PRODUCT_ENVIRONMENTS["payments"] has an entry that is not "<12-digit id>": "<env>"',
    'PRODUCT_ENVIRONMENTS is not JSON: events get no env',
  ]);
  expect(problems.join('\n')).not.toContain('s3cr3t');
});
