// Every forwarding rule the library can create (every option on) must forward only events the collector
// stores: each rule's synthesized pattern is matched against every sample (by AWS's event-ruler when
// Java is here, else by pattern-matcher.ts, which the oracle test holds to event-ruler), and each matching
// sample is posted to the collector: stored, never quarantined, under the rule's registry source.
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Fn, TerraformStack, Testing } from 'cdktf';
import { MongoClient } from 'mongodb';
import { EventForwarding } from '../../constructs/event-forwarding/event-forwarding';
import { type EventPattern, matchesEventPattern } from '../../constructs/event-forwarding/pattern-matcher';
import { forwardingRules } from '../../constructs/event-forwarding/patterns';
import { collect } from '../../lambda-src/collector/collect';
import { loadCollectorConfig } from '../../lambda-src/collector/config';
import { normalizeDelivery } from '../../lambda-src/collector/normalize';
import { FORWARDING_RULE_IDS, sourceOfRule } from '../../lambda-src/collector/sources';
import { dbTest, MONGODB_URI, scratchDbName } from '../collector/support/db-test';
import { testDeps } from '../collector/support/deps';
import { API_KEY_PRODUCTS, proxyEvent } from '../collector/support/proxy-event';
import { oracle } from '../support/event-ruler/oracle';
import { Synthesized } from '../support/synth';
import { EVENT_SAMPLES, TOIL_SOURCE } from './samples';

const PREFIX = 'observability';

/** The rules as deployed: the event patterns of the synthesized EventBridge rules, by rule id. */
function synthesizedRules(): Map<string, EventPattern> {
  const stack = new TerraformStack(Testing.app(), 'walk');
  new AwsProvider(stack, 'aws', { region: 'ap-northeast-1' });
  new EventForwarding(stack, 'Forwarding', {
    endpointUrl: `${Fn.lookup(Fn.jsondecode('{}'), 'endpoint')}/events`,
    apiKey: Fn.sensitive(Fn.lookup(Fn.jsondecode('{}'), 'apiKey')),
    namePrefix: PREFIX,
    rules: forwardingRules({
      ecsEvents: true,
      healthEvents: true,
      toilSource: TOIL_SOURCE,
      unauthorizedApiCalls: true,
      devOpsGuruInsights: true,
    }),
  });
  const rules = Synthesized.of(stack).resourceList('aws_cloudwatch_event_rule');
  return new Map(rules.map((r) => [String(r.name).slice(PREFIX.length + 1), JSON.parse(r.event_pattern)]));
}

const rules = synthesizedRules();

/** For each rule id, the samples its pattern matches. */
function matchingSamples(): Map<string, string[]> {
  const events = Object.fromEntries(EVENT_SAMPLES.map((s) => [s.name, s.event()]));
  const byRule = new Map<string, string[]>([...rules.keys()].map((id) => [id, []]));
  if (oracle.available) {
    const verdict = oracle.match(Object.fromEntries(rules), events);
    for (const [event, matched] of Object.entries(verdict.matches)) {
      for (const id of matched) byRule.get(id)?.push(event);
    }
  } else {
    for (const [id, pattern] of rules) {
      byRule.set(
        id,
        EVENT_SAMPLES.filter((s) => matchesEventPattern(pattern, events[s.name])).map((s) => s.name),
      );
    }
  }
  return byRule;
}

const matching = matchingSamples();
const DECIDED_BY = oracle.available ? 'event-ruler' : 'pattern-matcher.ts (event-ruler unavailable here)';
const sampleByName = new Map(EVENT_SAMPLES.map((s) => [s.name, s]));
const cases = [...matching].flatMap(([id, names]) => names.map((name) => [id, name] as const));

test('every rule the library can create is in the source registry, and the registry knows no other', () => {
  expect([...rules.keys()].sort()).toEqual([...FORWARDING_RULE_IDS].sort());
  for (const id of rules.keys()) expect(sourceOfRule(id)).toBeDefined();
});

test.each([...rules.keys()])(`rule %s matches at least one sample event (decided by ${DECIDED_BY})`, (id) => {
  expect(matching.get(id)).not.toEqual([]);
});

describe('each matching sample is stored by the collector, none quarantined', () => {
  const config = loadCollectorConfig({ API_KEY_PRODUCTS: JSON.stringify(API_KEY_PRODUCTS) });

  test.each(cases)('rule %s: %s', async (id, name) => {
    const { deps, store } = testDeps({ config, normalize: normalizeDelivery });
    const res = await collect(proxyEvent('/events', sampleByName.get(name)!.event()), deps);
    const body = JSON.parse(res.body);
    expect({ status: res.statusCode, quarantined: body.quarantined, reason: body.reason }).toEqual({
      status: 200,
      quarantined: 0,
      reason: undefined,
    });
    expect(body.stored).toBeGreaterThanOrEqual(1);
    expect(store.quarantine.size).toBe(0);
    expect([...new Set([...store.events.values()].map((d) => d.source))]).toEqual([sourceOfRule(id)]);
  });
});

describe('through the Lambda handler and a real MongoDB-wire server', () => {
  const dbName = scratchDbName('walk_rules');
  const saved = { ...process.env };
  let handler: typeof import('../../lambda-src/collector/handler').handler;
  let reset: (() => Promise<void>) | undefined;
  let client: MongoClient | undefined;

  beforeAll(async () => {
    if (!MONGODB_URI) return;
    process.env = {
      ...saved,
      API_KEY_PRODUCTS: JSON.stringify(API_KEY_PRODUCTS),
      MONGODB_URI,
      EVENTS_DB_NAME: dbName,
    };
    jest.isolateModules(() => {
      handler = require('../../lambda-src/collector/handler').handler;
      reset = require('../../lambda-src/collector/store/connection').resetConnection;
    });
    client = await new MongoClient(MONGODB_URI).connect();
  });
  afterAll(async () => {
    process.env = saved;
    await reset?.();
    await client
      ?.db(dbName)
      .dropDatabase()
      .catch(() => undefined);
    await client?.close();
  });

  dbTest('every matching sample of every rule is stored, the quarantine stays empty', async () => {
    const ids: string[] = [];
    for (const [id, name] of cases) {
      const res = await handler(proxyEvent('/events', sampleByName.get(name)!.event()));
      const body = JSON.parse(res.body);
      expect({ rule: id, sample: name, status: res.statusCode, quarantined: body.quarantined }).toEqual({
        rule: id,
        sample: name,
        status: 200,
        quarantined: 0,
      });
      ids.push(...body.ids);
    }
    const db = client!.db(dbName);
    expect(await db.collection('quarantine').countDocuments({})).toBe(0);
    expect(await db.collection('events').countDocuments({ _id: { $in: ids } } as any)).toBe(
      new Set(ids).size,
    );
  });
});
