import { INCIDENT_WEBHOOK_EVENTS } from '../../constructs/pagerduty/incident-webhook';
import { buildTestPlatform, exampleConfig, fixture, type Json, Synthesized } from '../support/synth';

const POLICY = 'pagerduty_escalation_policy';
const SERVICE = 'pagerduty_service';
const INTEGRATION = 'pagerduty_service_integration';
const SERVICE_OBJECT = 'datadog_integration_pagerduty_service_object';
const WEBHOOK = 'pagerduty_webhook_subscription';
const SCHEDULE = 'pagerduty_schedule';

/** The product's own PagerDuty resources (the platform's SRE link in the Datadog construct is separate). */
const ownEntries = (s: Synthesized, type: string) =>
  Object.entries(s.resources(type)).filter(([id]) => id.startsWith('PagerDuty_'));
function own(s: Synthesized, type: string): Json {
  const entries = ownEntries(s, type);
  if (entries.length !== 1) throw new Error(`expected exactly one own ${type}, found ${entries.length}`);
  return entries[0][1];
}
const ownRef = (s: Synthesized, type: string, attribute: string) =>
  `\${${type}.${ownEntries(s, type)[0][0]}.${attribute}}`;

describe('PagerDuty in every paging product stack of the example config', () => {
  const config = exampleConfig();
  const stacks = buildTestPlatform(config);
  const all = new Map(stacks.products.map((s) => [s.node.id, Synthesized.of(s)]));
  // Only prod pages in the example: payments-stg alerts Slack and the collector only.
  const synthesized = new Map([...all].filter(([id]) => id !== 'payments-stg'));
  const central = Synthesized.of(stacks.central);

  test('the example config pages from its prod accounts only', () => {
    expect([...all.keys()]).toEqual(['payments-prod', 'payments-stg', 'search-prod']);
    for (const s of synthesized.values()) {
      for (const type of [POLICY, SERVICE, INTEGRATION, SERVICE_OBJECT, WEBHOOK]) {
        expect(ownEntries(s, type)).toHaveLength(1);
      }
    }
    const stg = all.get('payments-stg')!;
    for (const type of [POLICY, SERVICE, WEBHOOK]) expect(stg.resourceList(type)).toHaveLength(0);
    expect(ownEntries(stg, INTEGRATION)).toHaveLength(0);
    expect(ownEntries(stg, SERVICE_OBJECT)).toHaveLength(0);
  });

  test('the service follows the policy, the integration and the webhook belong to the service', () => {
    for (const s of synthesized.values()) {
      const serviceId = ownRef(s, SERVICE, 'id');
      expect(own(s, SERVICE).escalation_policy).toBe(ownRef(s, POLICY, 'id'));
      expect(own(s, INTEGRATION).service).toBe(serviceId);
      expect(own(s, WEBHOOK).filter).toEqual([{ type: 'service_reference', id: serviceId }]);
    }
  });

  test('the Datadog service object carries the integration key, by reference and marked sensitive', () => {
    for (const [stack, s] of synthesized) {
      const object = own(s, SERVICE_OBJECT);
      const key = ownRef(s, INTEGRATION, 'integration_key');
      // What Terraform makes of the expression (sensitive, unknown until apply): test/terraform/product-plan.test.ts
      expect(object.service_key).toContain(key.slice(2, -1));
      // contract: monitors page @pagerduty-<product>-<env>
      expect(object.service_name).toBe(stack);
    }
  });

  test('the integration is of the Datadog vendor, and the plan refuses a vendor not named exactly "Datadog"', () => {
    for (const s of synthesized.values()) {
      const [[vendorId, vendor]] = Object.entries(s.dataSources('pagerduty_vendor')).filter(([id]) =>
        id.startsWith('PagerDuty_'),
      );
      expect(own(s, INTEGRATION).vendor).toBe(`\${data.pagerduty_vendor.${vendorId}.id}`);
      expect(vendor.name).toBe('Datadog');
      expect(vendor.lifecycle.postcondition).toEqual([
        { condition: '${self.name == "Datadog"}', error_message: expect.stringContaining('Datadog') },
      ]);
    }
  });

  test('the webhook posts incident events to the collector with the product API key header', () => {
    for (const s of synthesized.values()) {
      const webhook = own(s, WEBHOOK);
      const [[secretId]] = Object.entries(s.dataSources('aws_secretsmanager_secret_version'));
      const secret = `jsondecode(data.aws_secretsmanager_secret_version.${secretId}.secret_string)`;
      expect(webhook.active).toBe(true);
      expect(webhook.events.sort()).toEqual(
        [
          'incident.acknowledged',
          'incident.escalated',
          'incident.priority_updated',
          'incident.reassigned',
          'incident.reopened',
          'incident.resolved',
          'incident.triggered',
        ].sort(),
      );
      const [delivery] = webhook.delivery_method;
      expect(delivery.type).toBe('http_delivery_method');
      // The values Terraform computes from these reads are checked in test/terraform/product-plan.test.ts.
      expect(delivery.url).toContain(`${secret}.endpoint`);
      expect(delivery.custom_header).toEqual([
        { name: 'x-api-key', value: expect.stringContaining(`${secret}.apiKey`) },
      ]);
    }
  });

  test('the events PagerDuty documents for incidents are among those subscribed', () => {
    const body = fixture<Json>('events/pagerduty/webhook-v3.incident.priority_updated.pagerduty-docs.json');
    expect(INCIDENT_WEBHOOK_EVENTS).toContain(body.event.event_type);
    expect(body.event.event_type.startsWith('incident.')).toBe(true);
  });

  test('service and policy names carry the env, so the stacks of one product do not collide', () => {
    const names = [...synthesized.values()].map((s) => own(s, SERVICE).name);
    expect(names).toEqual(['payments (prod)', 'search (prod)']);
    for (const s of synthesized.values()) expect(own(s, POLICY).name).toBe(own(s, SERVICE).name);
  });

  test('escalation rules keep their order, delays, targets and loops', () => {
    const payments = own(synthesized.get('payments-prod')!, POLICY);
    const rules = config.products[0].pagerduty.escalation!.rules;
    expect(payments.num_loops).toBe(config.products[0].pagerduty.escalation!.loops);
    expect(payments.rule.map((r: Json) => r.escalation_delay_in_minutes)).toEqual(
      rules.map((r) => r.delayMinutes),
    );
    expect(payments.rule[2].target).toEqual([
      { type: 'user_reference', id: rules[2].targets[0].user },
      { type: 'schedule_reference', id: rules[2].targets[1].scheduleId },
    ]);
  });

  test('a schedule defined in config is created and targeted by reference', () => {
    const s = synthesized.get('search-prod')!;
    const schedule = own(s, SCHEDULE);
    const configured = config.products[1].pagerduty.schedules[0];
    expect(schedule.name).toBe('search primary (prod)');
    expect(schedule.time_zone).toBe(configured.timeZone);
    expect(schedule.layer[0]).toMatchObject({
      users: configured.layers[0].users,
      rotation_turn_length_seconds: configured.layers[0].rotationTurnLengthHours * 3600,
      rotation_virtual_start: configured.layers[0].rotationVirtualStart,
    });
    expect(own(s, POLICY).rule[0].target).toEqual([
      { type: 'schedule_reference', id: ownRef(s, SCHEDULE, 'id') },
    ]);
    expect(synthesized.get('payments-prod')!.resourceList(SCHEDULE)).toHaveLength(0);
  });

  test('urgency: always high by default', () => {
    const service = own(synthesized.get('payments-prod')!, SERVICE);
    expect(service.incident_urgency_rule).toEqual({ type: 'constant', urgency: 'high' });
    expect(service.support_hours).toBeUndefined();
    expect(service.scheduled_actions).toBeUndefined();
  });

  test('urgency: high in support hours, low outside, raised when support hours start', () => {
    const service = own(synthesized.get('search-prod')!, SERVICE);
    expect(service.incident_urgency_rule).toEqual({
      type: 'use_support_hours',
      during_support_hours: { type: 'constant', urgency: 'high' },
      outside_support_hours: { type: 'constant', urgency: 'low' },
    });
    expect(service.support_hours).toEqual({
      type: 'fixed_time_per_day',
      time_zone: 'America/New_York',
      days_of_week: [1, 2, 3, 4, 5],
      start_time: '08:00:00',
      end_time: '20:00:00',
    });
    expect(service.scheduled_actions).toEqual([
      {
        type: 'urgency_change',
        to_urgency: 'high',
        at: [{ type: 'named_time', name: 'support_hours_start' }],
      },
    ]);
  });

  test('timeouts are passed to PagerDuty in seconds', () => {
    const service = own(synthesized.get('payments-prod')!, SERVICE);
    expect(service.acknowledgement_timeout).toBe(
      String(config.products[0].pagerduty.acknowledgementTimeoutSeconds),
    );
    expect(service.auto_resolve_timeout).toBe(String(config.products[0].pagerduty.autoResolveTimeoutSeconds));
  });

  test('the integration key and the API key are never literals and never outputs', () => {
    for (const s of [...synthesized.values(), central]) {
      const outputs = JSON.stringify(s.json.output ?? {});
      expect(outputs).not.toMatch(/integration_key|apiKey|custom_header|service_key/);
    }
    for (const s of synthesized.values()) {
      // every read of the integration key and of the API key is wrapped in sensitive()
      const keyReads = s.text.match(/[a-z(]*pagerduty_service_integration\.[\w-]+\.integration_key/g) ?? [];
      // the product's own Datadog link and the platform's SRE link
      expect(keyReads).toHaveLength(2);
      for (const read of keyReads) expect(read).toMatch(/^sensitive\(pagerduty_service_integration\./);
      const apiKeyReads = s.text.match(/[a-z(]*jsondecode\([^)]*\)\.apiKey/g) ?? [];
      expect(apiKeyReads.length).toBeGreaterThan(0);
      for (const read of apiKeyReads) expect(read).toMatch(/^sensitive\(jsondecode\(/);
    }
    for (const s of synthesized.values()) {
      expect(own(s, SERVICE_OBJECT).service_key).toMatch(/^\$\{sensitive\(.*\)\}$/);
      expect(own(s, WEBHOOK).delivery_method[0].custom_header[0].value).toMatch(/^\$\{sensitive\(.*\)\}$/);
    }
  });

  test('the Datadog account integration is not managed from the per-env stacks', () => {
    for (const s of synthesized.values())
      expect(s.resourceList('datadog_integration_pagerduty')).toHaveLength(0);
  });
});
