// Per-environment settings (products[].accounts[]): only prod pages by default; a staging account alerts
// Slack and the collector and never reaches the product's on-call. Proven on the synthesized JSON.
import { parsePlatformConfig } from '../../stacks/config';
import { exampleRaw, problemsOf } from '../support/config';
import { buildTestPlatform, exampleConfig, type Json, Synthesized } from '../support/synth';

const SERVICE = 'pagerduty_service';
const POLICY = 'pagerduty_escalation_policy';
const MONITOR = 'datadog_monitor';

/** Every product stack of a config, synthesized, by stack name. */
function synth(raw: Json = exampleRaw()): Map<string, Synthesized> {
  const stacks = buildTestPlatform(parsePlatformConfig(raw, 'test.yaml')).products;
  return new Map(stacks.map((s) => [s.node.id, Synthesized.of(s)]));
}

const tag = (m: Json, key: string) =>
  (m.tags as string[]).find((t) => t.startsWith(`${key}:`))?.slice(key.length + 1);
/** Monitors of the product's catalog and SLOs (the platform's own dead-letter monitors page SRE). */
const productMonitors = (s: Synthesized) =>
  s.resourceList(MONITOR).filter((m) => !String(tag(m, 'monitor_id')).startsWith('forwarding.'));
/** Every `@handle` in a monitor message. */
const handles = (m: Json): string[] => String(m.message).match(/@[\w.-]+/g) ?? [];

describe('the example config: payments-stg does not page', () => {
  const stacks = synth();
  const prod = stacks.get('payments-prod')!;
  const stg = stacks.get('payments-stg')!;

  test('the example declares the staging account and leaves `pages` at its default for prod', () => {
    const payments = exampleConfig().products[0];
    expect(payments.accounts.map((a) => [a.env, a.pages])).toEqual([
      ['prod', undefined],
      ['stg', false],
    ]);
  });

  test('prod gets a high-urgency service and its paging monitors mention it; stg gets no service at all', () => {
    expect(prod.only(SERVICE).incident_urgency_rule).toEqual({ type: 'constant', urgency: 'high' });
    expect(prod.only(SERVICE).name).toBe('payments (prod)');
    expect(productMonitors(prod).some((m) => handles(m).includes('@pagerduty-payments-prod'))).toBe(true);

    expect(stg.resourceList(SERVICE)).toEqual([]);
    expect(stg.resourceList(POLICY)).toEqual([]);
    expect(stg.resourceList('pagerduty_webhook_subscription')).toEqual([]);
    expect(stg.resourceList('pagerduty_schedule')).toEqual([]);
  });

  test('every stg monitor notifies its Slack channel and the collector only', () => {
    const monitors = productMonitors(stg);
    expect(monitors.length).toBeGreaterThan(50);
    // Monitors the catalog marks as paging are still created, they just do not page in stg.
    expect(monitors.filter((m) => tag(m, 'pages') === 'true').length).toBeGreaterThan(0);
    for (const m of monitors) {
      expect(new Set(handles(m))).toEqual(
        new Set(['@slack-acme-payments-stg-alerts', '@webhook-observability-collector-stg']),
      );
    }
    expect(stg.text).not.toContain('@pagerduty-payments');
  });

  test("stg's monitor overrides apply to stg only, over the product's", () => {
    const rdsCpu = (s: Synthesized) =>
      s.resourceList(MONITOR).find((m) => tag(m, 'monitor_id') === 'rds.cpu_utilization')!;
    expect(rdsCpu(stg).monitor_thresholds).toEqual({ critical: '98', warning: '95' });
    expect(rdsCpu(prod).monitor_thresholds).toEqual({ critical: '95', warning: '85' });
    // The product's window (30 minutes) still applies in stg: the env override merges field by field.
    expect(rdsCpu(stg).query).toMatch(/^avg\(last_30m\)/);
    const running = (s: Synthesized) =>
      s.resourceList(MONITOR).filter((m) => tag(m, 'monitor_id') === 'ecs.service_running_below_desired');
    expect(running(stg)).toEqual([]);
    expect(running(prod)).toHaveLength(1);
  });
});

describe('per-environment PagerDuty settings', () => {
  test('pages: true makes stg page on its own service, with the product escalation', () => {
    const raw = exampleRaw();
    raw.products[0].accounts[1].pages = true;
    const stg = synth(raw).get('payments-stg')!;
    expect(stg.only(SERVICE)).toMatchObject({
      name: 'payments (stg)',
      incident_urgency_rule: { type: 'constant', urgency: 'high' },
    });
    expect(productMonitors(stg).some((m) => handles(m).includes('@pagerduty-payments-stg'))).toBe(true);
  });

  test('lowUrgencyService: a service whose incidents are always low urgency, which monitors then mention', () => {
    const raw = exampleRaw();
    raw.products[0].accounts[1].pagerduty = { lowUrgencyService: true };
    const stg = synth(raw).get('payments-stg')!;
    const service = stg.only(SERVICE);
    expect(service.incident_urgency_rule).toEqual({ type: 'constant', urgency: 'low' });
    expect(service.support_hours).toBeUndefined();
    expect(productMonitors(stg).some((m) => handles(m).includes('@pagerduty-payments-stg'))).toBe(true);
  });

  test("an env's support hours replace the product's; null makes it always high urgency", () => {
    const raw = exampleRaw();
    raw.products[0].accounts[1].pages = true;
    raw.products[0].accounts[1].pagerduty = {
      supportHours: { timeZone: 'Asia/Tokyo', days: ['mon', 'fri'], start: '09:00', end: '18:00' },
    };
    raw.products[1].accounts[0].pagerduty = { supportHours: null };
    const stacks = synth(raw);
    const stg = stacks.get('payments-stg')!.only(SERVICE);
    expect(stg.incident_urgency_rule.type).toBe('use_support_hours');
    expect(stg.support_hours).toEqual({
      type: 'fixed_time_per_day',
      time_zone: 'Asia/Tokyo',
      days_of_week: [1, 5],
      start_time: '09:00:00',
      end_time: '18:00:00',
    });
    // search declares support hours for the product; its prod account opts out.
    expect(stacks.get('search-prod')!.only(SERVICE).incident_urgency_rule).toEqual({
      type: 'constant',
      urgency: 'high',
    });
    expect(stacks.get('payments-prod')!.only(SERVICE).support_hours).toBeUndefined();
  });

  test('an env that does not set pages: only prod pages', () => {
    const raw = exampleRaw();
    delete raw.products[0].accounts[1].pages;
    raw.products[0].accounts.push({ env: 'dev', accountId: '666666666666', region: 'ap-northeast-1' });
    const stacks = synth(raw);
    expect(stacks.get('payments-prod')!.resourceList(SERVICE)).toHaveLength(1);
    expect(stacks.get('payments-stg')!.resourceList(SERVICE)).toEqual([]);
    expect(stacks.get('payments-dev')!.resourceList(SERVICE)).toEqual([]);
  });
});

describe('per-environment config errors name the path', () => {
  const env = (patch: (account: Json, raw: Json) => void) => {
    const raw = exampleRaw();
    patch(raw.products[0].accounts[1], raw);
    return problemsOf(raw);
  };
  const STG = 'products[0].accounts[1]';

  test('wrong types and unknown keys', () => {
    expect(env((a) => (a.pages = 'no'))).toEqual([`${STG}.pages: must be true or false, got "no"`]);
    expect(env((a) => (a.slackChannel = '#stg'))).toEqual([
      `${STG}.slackChannel: must be a Slack channel name without "#": a-z 0-9 . _ -, got "#stg"`,
    ]);
    expect(env((a) => (a.pagerduty = { urgency: 'low' }))).toEqual([
      `${STG}.pagerduty.urgency: unknown key; allowed keys: supportHours, lowUrgencyService`,
    ]);
  });

  test('an unknown monitor id in an env override names the env and suggests the id', () => {
    const problems = env((a) => (a.monitors.overrides['rds.cpu_utilisation'] = { critical: 99 }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^products\[0\]\.accounts\[1\]\.monitors\.overrides\.rds\.cpu_utilisation: unknown monitor id \(did you mean "rds\.cpu_utilization"\?\)/,
    );
  });

  test('contradictions between the env and the product', () => {
    expect(
      env((a, raw) => {
        a.pages = true;
        raw.products[0].pagerduty = { pages: false };
      }),
    ).toEqual([
      `${STG}.pages: cannot page: products[0].pagerduty.pages is false (the product pages nobody); remove one of the two`,
    ]);
    expect(env((a) => (a.pagerduty = { lowUrgencyService: true, supportHours: null }))).toEqual([
      `${STG}.pagerduty.supportHours: applies to an environment that pages; stg does not (only prod pages unless pages: true is set)`,
    ]);
    const prod = exampleRaw();
    prod.products[0].accounts[0].pagerduty = { lowUrgencyService: true };
    expect(problemsOf(prod)).toEqual([
      'products[0].accounts[0].pagerduty.lowUrgencyService: applies to an environment that does not page; prod pages (set pages: false, or remove lowUrgencyService)',
    ]);
  });
});
