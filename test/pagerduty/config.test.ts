import { stringify } from 'yaml';
import { PAGERDUTY_ID, parsePlatformConfigYaml } from '../../stacks/config';
import { exampleRaw, yamlProblems } from '../support/config';
import { buildTestPlatform, exampleConfigText, fixture, type Json, Synthesized } from '../support/synth';

/** Problems reported for a changed config, written out and parsed from YAML as the app does. */
const problemsOf = (raw: unknown): string[] => yamlProblems(stringify(raw));

const PAYMENTS = 'products[0].pagerduty';
const SEARCH = 'products[1].pagerduty';

describe('PagerDuty config', () => {
  test('the example config pages from every product, one of them with a schedule and support hours', () => {
    const config = parsePlatformConfigYaml(exampleConfigText());
    for (const p of config.products) {
      expect(p.pagerduty.pages).toBe(true);
      expect(p.pagerduty.escalation!.rules.length).toBeGreaterThan(0);
    }
    expect(
      config.products.some((p) => p.pagerduty.schedules.length > 0 && p.pagerduty.supportHours !== undefined),
    ).toBe(true);
  });

  test('real PagerDuty ids from a documented webhook payload have the accepted shape', () => {
    const body = fixture<Json>('events/pagerduty/webhook-v3.incident.priority_updated.pagerduty-docs.json');
    const { data, agent } = body.event;
    const ids = [
      agent.id,
      data.service.id,
      data.escalation_policy.id,
      ...data.assignees.map((a: Json) => a.id),
    ];
    ids.push(...data.teams.map((t: Json) => t.id));
    expect(ids.length).toBeGreaterThanOrEqual(5);
    for (const id of ids) expect(id).toMatch(PAGERDUTY_ID);
    // the webhook event id is a UUID, not an object id
    expect(body.event.id).not.toMatch(PAGERDUTY_ID);
  });

  test('a product that does not page needs no escalation and gets no PagerDuty resources', () => {
    const raw = exampleRaw();
    raw.products[1].pagerduty = { pages: false };
    const config = parsePlatformConfigYaml(stringify(raw));
    const stacks = buildTestPlatform(config);
    const search = stacks.products.find((s) => s.node.id === 'search-prod')!;
    expect(search.pagerduty).toBeUndefined();
    const s = Synthesized.of(search);
    for (const type of [
      'pagerduty_escalation_policy',
      'pagerduty_service',
      'pagerduty_service_integration',
      'datadog_integration_pagerduty_service_object',
      'pagerduty_webhook_subscription',
    ]) {
      // The platform's SRE link (the Datadog construct's, for the dead-letter monitor) is not the product's.
      expect(
        Object.keys(s.resources(type)).filter((id) => !id.startsWith('Datadog_PlatformPagerDuty_')),
      ).toEqual([]);
    }
  });

  test('fails on a paging product without an escalation section', () => {
    const raw = exampleRaw();
    delete raw.products[1].pagerduty;
    expect(problemsOf(raw)).toContain(
      `${SEARCH}.escalation: a product that pages needs at least one escalation rule with a target (or set pages: false), got nothing`,
    );
  });

  test('fails on a paging product whose escalation has no rule', () => {
    const raw = exampleRaw();
    raw.products[0].pagerduty.escalation.rules = [];
    expect(problemsOf(raw)).toContain(
      `${PAYMENTS}.escalation.rules: a product that pages needs at least one escalation rule with a target (or set pages: false), got []`,
    );
  });

  test('fails on a rule without targets', () => {
    const raw = exampleRaw();
    raw.products[0].pagerduty.escalation.rules[1].targets = [];
    expect(problemsOf(raw)).toContain(
      `${PAYMENTS}.escalation.rules[1].targets: must list at least one target, got []`,
    );
  });

  test.each([
    ['pabc123', 'lower case'],
    ['PABC12', 'too short'],
    ['PABC1234', 'too long'],
    ['QABC123', 'not a P id'],
    ['P-BC123', 'punctuation'],
  ])('fails on user id %j (%s), naming path and value', (id) => {
    const raw = exampleRaw();
    raw.products[0].pagerduty.escalation.rules[1].targets[0].user = id;
    expect(problemsOf(raw)).toContain(
      `${PAYMENTS}.escalation.rules[1].targets[0].user: must be a PagerDuty user id: "P" followed by 6 upper-case letters or digits (e.g. PABC123), got ${JSON.stringify(id)}`,
    );
  });

  test('fails on a bad schedule id and a bad user id in a schedule layer', () => {
    const raw = exampleRaw();
    raw.products[0].pagerduty.escalation.rules[0].targets[0].scheduleId =
      'https://acme.pagerduty.com/schedules/PQ9K7I8';
    raw.products[1].pagerduty.schedules[0].layers[0].users[1] = 'bob@example.com';
    const problems = problemsOf(raw);
    expect(problems).toContain(
      `${PAYMENTS}.escalation.rules[0].targets[0].scheduleId: must be a PagerDuty schedule id: "P" followed by 6 upper-case letters or digits (e.g. PABC123), got "https://acme.pagerduty.com/schedules/PQ9K7I8"`,
    );
    expect(problems).toContain(
      `${SEARCH}.schedules[0].layers[0].users[1]: must be a PagerDuty user id: "P" followed by 6 upper-case letters or digits (e.g. PABC123), got "bob@example.com"`,
    );
  });

  test.each([
    [0, "must be at least 1 minute (PagerDuty's minimum escalation delay), got 0"],
    [-5, "must be at least 1 minute (PagerDuty's minimum escalation delay), got -5"],
    [2.5, 'must be a whole number of minutes, got 2.5'],
    ['10', 'must be a number of minutes, got "10"'],
  ])('fails on escalation delay %j', (delay, message) => {
    const raw = exampleRaw();
    raw.products[1].pagerduty.escalation.rules[1].delayMinutes = delay;
    expect(problemsOf(raw)).toContain(`${SEARCH}.escalation.rules[1].delayMinutes: ${message}`);
  });

  test('fails on more loops than PagerDuty allows', () => {
    const raw = exampleRaw();
    raw.products[0].pagerduty.escalation.loops = 10;
    expect(problemsOf(raw)).toContain(
      `${PAYMENTS}.escalation.loops: must be from 0 to 9 (PagerDuty repeats a policy at most 9 times), got 10`,
    );
  });

  test('fails on a reference to a schedule that is not defined, listing the defined ones', () => {
    const raw = exampleRaw();
    raw.products[1].pagerduty.escalation.rules[1].targets = [{ schedule: 'secondary' }];
    raw.products[0].pagerduty.escalation.rules[0].targets = [{ schedule: 'primary' }];
    const problems = problemsOf(raw);
    expect(problems).toContain(
      `${SEARCH}.escalation.rules[1].targets[0].schedule: unknown schedule; defined schedules: primary, got "secondary"`,
    );
    // schedules are per product: payments defines none
    expect(problems).toContain(
      `${PAYMENTS}.escalation.rules[0].targets[0].schedule: unknown schedule; defined schedules: none, got "primary"`,
    );
  });

  test('fails on a target with none or several of user, scheduleId, schedule', () => {
    const raw = exampleRaw();
    raw.products[0].pagerduty.escalation.rules[1].targets = [{ user: 'PXPGF42', scheduleId: 'PQ9K7I8' }, {}];
    const problems = problemsOf(raw);
    expect(problems).toContain(
      `${PAYMENTS}.escalation.rules[1].targets[0]: must have exactly one of user, scheduleId, schedule, got {"user":"PXPGF42","scheduleId":"PQ9K7I8"}`,
    );
    expect(problems).toContain(
      `${PAYMENTS}.escalation.rules[1].targets[1]: must have exactly one of user, scheduleId, schedule, got {}`,
    );
  });

  test('fails on a misspelt target key, suggesting the right one', () => {
    const raw = exampleRaw();
    raw.products[0].pagerduty.escalation.rules[1].targets = [{ usr: 'PXPGF42' }];
    expect(problemsOf(raw)).toContainEqual(
      expect.stringMatching(
        /^products\[0\]\.pagerduty\.escalation\.rules\[1\]\.targets\[0\]\.usr: unknown key \(did you mean "user"\?\)/,
      ),
    );
  });

  test('fails on two schedules with the same name', () => {
    const raw = exampleRaw();
    const [primary] = raw.products[1].pagerduty.schedules;
    raw.products[1].pagerduty.schedules.push({ ...primary });
    expect(problemsOf(raw)).toContain(
      `${SEARCH}.schedules[1].name: duplicate schedule name; schedule names must be unique within a product, got "primary"`,
    );
  });

  test('fails on schedule layers that PagerDuty cannot rotate', () => {
    const raw = exampleRaw();
    const layer = raw.products[1].pagerduty.schedules[0].layers[0];
    layer.rotationVirtualStart = '2026-01-05 09:00';
    layer.rotationTurnLengthHours = 0;
    raw.products[1].pagerduty.schedules[0].timeZone = 'Tokyo';
    const problems = problemsOf(raw);
    expect(problems).toContain(
      `${SEARCH}.schedules[0].layers[0].rotationVirtualStart: must be an ISO 8601 date-time with offset, e.g. 2026-01-05T09:00:00+09:00, got "2026-01-05 09:00"`,
    );
    expect(problems).toContain(
      `${SEARCH}.schedules[0].layers[0].rotationTurnLengthHours: must be at least 1 hour, got 0`,
    );
    expect(problems).toContain(
      `${SEARCH}.schedules[0].timeZone: must be an IANA time zone such as Asia/Tokyo or Europe/Berlin, got "Tokyo"`,
    );
  });

  test('fails on support hours that are not a daily window', () => {
    const raw = exampleRaw();
    raw.products[1].pagerduty.supportHours = {
      timeZone: 'America/New_Yrok',
      days: ['mon', 'friday'],
      start: '9am',
      end: '18:00',
    };
    const problems = problemsOf(raw);
    expect(problems).toContain(
      `${SEARCH}.supportHours.timeZone: must be an IANA time zone such as Asia/Tokyo or Europe/Berlin, got "America/New_Yrok"`,
    );
    expect(problems).toContain(
      `${SEARCH}.supportHours.days[1]: must be one of mon, tue, wed, thu, fri, sat, sun, got "friday"`,
    );
    expect(problems).toContain(
      `${SEARCH}.supportHours.start: must be a time of day HH:MM (24-hour, e.g. 09:00), got "9am"`,
    );
  });

  test('fails on support hours that end before they start', () => {
    const raw = exampleRaw();
    raw.products[1].pagerduty.supportHours.start = '20:00';
    raw.products[1].pagerduty.supportHours.end = '08:00';
    expect(problemsOf(raw)).toContain(
      `${SEARCH}.supportHours.end: must be after start (20:00); support hours cannot span midnight, got "08:00"`,
    );
  });

  test('fails on a zero timeout, and accepts null to disable one', () => {
    const raw = exampleRaw();
    raw.products[0].pagerduty.acknowledgementTimeoutSeconds = 0;
    expect(problemsOf(raw)).toContain(
      `${PAYMENTS}.acknowledgementTimeoutSeconds: must be at least 1 second (null disables it), got 0`,
    );

    raw.products[0].pagerduty.acknowledgementTimeoutSeconds = null;
    raw.products[0].pagerduty.autoResolveTimeoutSeconds = null;
    const config = parsePlatformConfigYaml(stringify(raw));
    const service = Synthesized.of(buildTestPlatform(config).products[0]).only('pagerduty_service');
    expect(service.acknowledgement_timeout).toBe('null');
    expect(service.auto_resolve_timeout).toBe('null');
  });

  test('reports every PagerDuty problem of a config at once, cross-field checks included', () => {
    const raw = exampleRaw();
    raw.products[0].pagerduty.escalation.rules[0].delayMinutes = 0;
    raw.products[0].pagerduty.escalation.rules[1].targets[0].user = 'nobody';
    raw.products[1].pagerduty.escalation.loops = 12;
    raw.products[1].pagerduty.escalation.rules[1].targets = [{ schedule: 'secondary' }];
    const paths = problemsOf(raw).map((p) => p.split(': ')[0]);
    expect(paths.sort()).toEqual(
      [
        `${PAYMENTS}.escalation.rules[0].delayMinutes`,
        `${PAYMENTS}.escalation.rules[1].targets[0].user`,
        `${SEARCH}.escalation.loops`,
        `${SEARCH}.escalation.rules[1].targets[0].schedule`,
      ].sort(),
    );
  });
});
