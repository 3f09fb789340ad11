import { DatadogProvider } from '@cdktf/provider-datadog/lib/provider';
import { PagerdutyProvider } from '@cdktf/provider-pagerduty/lib/provider';
import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { DatadogLink } from '../../constructs/core/datadog-link';
import { EscalationPolicy } from '../../constructs/pagerduty/escalation-policy';
import { IncidentWebhook } from '../../constructs/pagerduty/incident-webhook';
import { OnCallSchedule } from '../../constructs/pagerduty/on-call-schedule';
import { PagerdutyService } from '../../constructs/pagerduty/pagerduty-service';
import { ProductPagerduty, type ProductPagerdutyProps } from '../../constructs/pagerduty/product-pagerduty';
import { Synthesized } from '../support/synth';

let stack: TerraformStack;
let apiKey: string;

beforeEach(() => {
  stack = new TerraformStack(Testing.app(), 'test');
  const secret = (name: string) =>
    new TerraformVariable(stack, name, { type: 'string', sensitive: true }).value;
  new PagerdutyProvider(stack, 'pagerduty', { token: secret('pd_token') });
  new DatadogProvider(stack, 'datadog', { apiKey: secret('dd_api'), appKey: secret('dd_app') });
  apiKey = secret('collector_api_key');
});

const collector = {
  url: (path: string) => `https://collector.example.com/v1${path}`,
  get apiKey() {
    return apiKey;
  },
};

const product = (overrides: Partial<ProductPagerdutyProps> = {}): ProductPagerdutyProps => ({
  product: 'billing',
  env: 'prod',
  rules: [{ delayMinutes: 5, targets: [{ type: 'user', id: 'PABC123' }] }],
  collector,
  ...overrides,
});

describe('EscalationPolicy', () => {
  test.each([
    [[], 'an escalation policy needs at least one rule'],
    [[{ delayMinutes: 5, targets: [] }], 'rule 1: needs at least one target'],
    [
      [{ delayMinutes: 0, targets: [{ type: 'user' as const, id: 'PABC123' }] }],
      'rule 1: delayMinutes must be',
    ],
    [
      [
        {
          delayMinutes: 5,
          targets: Array.from({ length: 11 }, () => ({ type: 'user' as const, id: 'PABC123' })),
        },
      ],
      'rule 1: at most 10 targets, got 11',
    ],
  ])('fails on rules PagerDuty refuses (%#)', (rules, message) => {
    expect(() => new EscalationPolicy(stack, 'Policy', { name: 'p', rules })).toThrow(message);
  });

  test('fails on more than 9 loops', () => {
    expect(
      () =>
        new EscalationPolicy(stack, 'Policy', {
          name: 'p',
          loops: 10,
          rules: [{ delayMinutes: 5, targets: [{ type: 'user', id: 'PABC123' }] }],
        }),
    ).toThrow('loops = 10: must be a whole number from 0 to 9');
  });

  test('maps users and schedules to their PagerDuty reference types', () => {
    new EscalationPolicy(stack, 'Policy', {
      name: 'p',
      teamId: 'PTEAM01',
      rules: [
        {
          delayMinutes: 5,
          targets: [
            { type: 'user', id: 'PABC123' },
            { type: 'schedule', id: 'PSCHED1' },
          ],
        },
      ],
    });
    const policy = Synthesized.of(stack).only('pagerduty_escalation_policy');
    expect(policy.rule[0].target).toEqual([
      { type: 'user_reference', id: 'PABC123' },
      { type: 'schedule_reference', id: 'PSCHED1' },
    ]);
    expect(policy.teams).toEqual(['PTEAM01']);
    expect(policy.num_loops).toBe(0);
  });
});

describe('OnCallSchedule', () => {
  test('fails without layers, or with a layer without users', () => {
    expect(() => new OnCallSchedule(stack, 'A', { name: 'a', timeZone: 'UTC', layers: [] })).toThrow(
      'layers = []: must list at least one layer',
    );
    expect(
      () =>
        new OnCallSchedule(stack, 'B', {
          name: 'b',
          timeZone: 'UTC',
          layers: [
            { userIds: [], rotationTurnLengthSeconds: 86400, rotationVirtualStart: '2026-01-05T09:00:00Z' },
          ],
        }),
    ).toThrow('test/B: layers[0].userIds = []: must list at least one user');
  });

  test('a layer starts at its rotation anchor unless told otherwise', () => {
    new OnCallSchedule(stack, 'S', {
      name: 's',
      timeZone: 'Asia/Tokyo',
      layers: [
        {
          userIds: ['PABC123'],
          rotationTurnLengthSeconds: 86400,
          rotationVirtualStart: '2026-01-05T09:00:00+09:00',
        },
        {
          userIds: ['PDEF456'],
          rotationTurnLengthSeconds: 604800,
          rotationVirtualStart: '2026-01-05T09:00:00+09:00',
          start: '2026-02-01T00:00:00+09:00',
        },
      ],
    });
    const [first, second] = Synthesized.of(stack).only('pagerduty_schedule').layer;
    expect(first.start).toBe('2026-01-05T09:00:00+09:00');
    expect(first.name).toBe('Layer 1');
    expect(second.start).toBe('2026-02-01T00:00:00+09:00');
  });
});

describe('PagerdutyService', () => {
  test('null disables a timeout (PagerDuty takes the string "null")', () => {
    new PagerdutyService(stack, 'Service', {
      name: 's',
      escalationPolicyId: 'PPOLICY',
      acknowledgementTimeoutSeconds: null,
      autoResolveTimeoutSeconds: 3600,
    });
    const service = Synthesized.of(stack).only('pagerduty_service');
    expect(service.acknowledgement_timeout).toBe('null');
    expect(service.auto_resolve_timeout).toBe('3600');
  });
});

describe('DatadogLink', () => {
  test('manages the account integration only when asked, and creates service objects after it', () => {
    new DatadogLink(stack, 'Link', {
      serviceId: 'PSERVIC',
      datadogServiceName: 'billing-prod',
      accountIntegrationSubdomain: 'acme',
    });
    const s = Synthesized.of(stack);
    expect(s.only('datadog_integration_pagerduty').subdomain).toBe('acme');
    expect(s.only('datadog_integration_pagerduty_service_object').depends_on).toEqual([
      `datadog_integration_pagerduty.${s.idOf('datadog_integration_pagerduty')}`,
    ]);
  });

  test('without a subdomain, relies on the integration installed in the Datadog account', () => {
    const link = new DatadogLink(stack, 'Link', { serviceId: 'PSERVIC', datadogServiceName: 'billing-prod' });
    const s = Synthesized.of(stack);
    expect(s.resourceList('datadog_integration_pagerduty')).toHaveLength(0);
    expect(s.only('datadog_integration_pagerduty_service_object').depends_on).toBeUndefined();
    expect(link.mention).toBe('@pagerduty-billing-prod');
  });
});

describe('IncidentWebhook', () => {
  test('can narrow the events', () => {
    new IncidentWebhook(stack, 'Hook', {
      serviceId: 'PSERVIC',
      url: 'https://collector.example.com/v1/webhooks/pagerduty',
      apiKey,
      events: ['incident.triggered', 'incident.resolved'],
    });
    const webhook = Synthesized.of(stack).only('pagerduty_webhook_subscription');
    expect(webhook.events).toEqual(['incident.triggered', 'incident.resolved']);
    expect(webhook.delivery_method[0].custom_header).toEqual([
      { name: 'x-api-key', value: '${var.collector_api_key}' },
    ]);
  });

  test('fails on an API key given as a literal', () => {
    expect(
      () =>
        new IncidentWebhook(stack, 'Hook', {
          serviceId: 'PSERVIC',
          url: 'https://collector.example.com/v1/webhooks/pagerduty',
          apiKey: 'k3y-in-plain-text',
        }),
    ).toThrow(
      'apiKey = "<literal>": must be a reference (CollectorLink.apiKey, a sensitive variable), not a literal',
    );
  });
});

describe('ProductPagerduty', () => {
  test('fails on a rule that targets a schedule it does not define', () => {
    expect(
      () =>
        new ProductPagerduty(
          stack,
          'PD',
          product({
            schedules: [
              {
                name: 'primary',
                timeZone: 'UTC',
                layers: [
                  {
                    userIds: ['PABC123'],
                    rotationTurnLengthSeconds: 3600,
                    rotationVirtualStart: '2026-01-05T00:00:00Z',
                  },
                ],
              },
            ],
            rules: [{ delayMinutes: 5, targets: [{ type: 'schedule-name', name: 'secondary' }] }],
          }),
        ),
    ).toThrow('rules = "secondary": must name a defined schedule (defined: primary)');
  });

  test('fails on two schedules with the same name', () => {
    const schedule = {
      name: 'primary',
      timeZone: 'UTC',
      layers: [
        {
          userIds: ['PABC123'],
          rotationTurnLengthSeconds: 3600,
          rotationVirtualStart: '2026-01-05T00:00:00Z',
        },
      ],
    };
    expect(() => new ProductPagerduty(stack, 'PD', product({ schedules: [schedule, schedule] }))).toThrow(
      'schedules = "primary": must define each schedule name once',
    );
  });

  test('names follow serviceName and the Datadog name can be overridden', () => {
    new ProductPagerduty(
      stack,
      'PD',
      product({ serviceName: 'Billing API', datadogServiceName: 'billing-api' }),
    );
    const s = Synthesized.of(stack);
    expect(s.only('pagerduty_service').name).toBe('Billing API (prod)');
    expect(s.only('pagerduty_escalation_policy').name).toBe('Billing API (prod)');
    expect(s.only('datadog_integration_pagerduty_service_object').service_name).toBe('billing-api');
    expect(s.only('pagerduty_webhook_subscription').delivery_method[0].url).toBe(
      'https://collector.example.com/v1/webhooks/pagerduty',
    );
  });

  test('construct ids are stable (renaming one would replace real PagerDuty objects)', () => {
    const pd = new ProductPagerduty(stack, 'PD', product());
    expect(
      [pd.escalationPolicy, pd.service, pd.datadogLink, pd.incidentWebhook].map((c) => c.node.id),
    ).toEqual(['EscalationPolicy', 'Service', 'DatadogLink', 'IncidentWebhook']);
    expect(pd.service.resource.node.id).toBe('Resource');
    expect(pd.datadogLink.resource.node.id).toBe('Resource');
  });
});
