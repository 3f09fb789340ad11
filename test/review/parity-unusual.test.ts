// `review parity` on a valid config chosen to trip name matching and declared settings: products named `api`
// and `identity` (words of fixed text: `datadog_api_key_…`, `x-api-key`, `aws_caller_identity`), one that does
// not page (`pagerduty.pages: false`) and one without an ALB (no SLOs, no ALB monitors).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { compareProductStacks, translate } from '../../review/parity';
import { readSynthOutput } from '../../review/synth-output';
import { parsePlatformConfigYaml } from '../../stacks/config/load';
import type { Json } from '../support/synth';
import { synthTo } from './synth-out';

const UNUSUAL = `
deployment: { stateBucket: acme-observability-tfstate, stateRegion: eu-west-1 }
central: { accountId: "111111111111", region: eu-west-1, network: { zoneIds: [euw1-az1, euw1-az2] } }
products:
  - name: api
    team: platform
    slackChannel: api-alerts
    services: [alb, ecs, rds, sqs, lambda]
    accounts:
      - { env: prod, accountId: "222222222222", region: eu-west-1 }
      # Paging on in staging too, so that most stacks page and the product that does not is the odd one.
      - { env: stg, accountId: "333333333333", region: eu-west-1, pages: true }
    pagerduty: { escalation: { rules: [{ delayMinutes: 15, targets: [{ scheduleId: PQ9K7I8 }] }] } }
    datadog: { monitors: { overrides: { alb.target_5xx_rate: { critical: 3, warning: 1 } } } }
  - name: identity
    team: identity
    slackChannel: identity-alerts
    services: [ecs, dynamodb, lambda]
    accounts:
      - { env: prod, accountId: "444444444444", region: us-east-1 }
    pagerduty: { pages: false }
`;

const config = parsePlatformConfigYaml(UNUSUAL, 'unusual.yaml');
let out: string;
beforeAll(() => {
  out = synthTo(mkdtempSync(path.join(tmpdir(), 'parity-unusual-')), config);
}, 120_000);

const stackFile = (stack: string) => path.join(out, 'stacks', stack, 'cdk.tf.json');
const edit = (stack: string, change: (json: Json) => void) => {
  const json = JSON.parse(readFileSync(stackFile(stack), 'utf8'));
  const before = readFileSync(stackFile(stack), 'utf8');
  change(json);
  writeFileSync(stackFile(stack), JSON.stringify(json));
  return () => writeFileSync(stackFile(stack), before);
};

test('every deviation is declared by the config', () => {
  const report = compareProductStacks(readSynthOutput(out), config);
  expect(report.stacks).toEqual(['api-prod', 'api-stg', 'identity-prod']);
  expect(report.deviations.filter((d) => !d.declared)).toEqual([]);
  // The names never count: nothing about variables, providers, or text that holds `api` or `identity`.
  expect(report.deviations.filter((d) => ['variable', 'provider'].includes(d.type))).toEqual([]);
  expect(report.deviations.filter((d) => /EventForwarding|CollectorWebhook/.test(d.where))).toEqual([]);
});

test('no paging and an absent ALB are what declares the missing resources', () => {
  const report = compareProductStacks(readSynthOutput(out), config);
  const of = (type: string, where: string) =>
    report.deviations.find((d) => d.stack === 'identity-prod' && d.type === type && d.where === where);
  // api pages in both its envs, so identity is the stack without PagerDuty, declared by its own setting.
  expect(of('pagerduty_service', 'PagerDuty/Service/Resource')).toMatchObject({
    kind: 'missing',
    declared: { by: 'config', text: 'identity: `pagerduty.pages: false`' },
  });
  expect(of('datadog_service_level_objective', 'Datadog/Slos/Availability')).toMatchObject({
    kind: 'missing',
    declared: { by: 'config', text: 'identity: `services` does not include `"alb"`' },
  });
});

test('a real difference in text that holds the product name is still found', () => {
  const restore = edit('api-prod', (json) => {
    json.provider.datadog[0].api_url = 'https://api.datadoghq.eu/';
  });
  try {
    const undeclared = compareProductStacks(readSynthOutput(out), config).deviations.filter(
      (d) => !d.declared,
    );
    expect(undeclared).toEqual([
      expect.objectContaining({ stack: 'api-prod', type: 'provider', attribute: 'api_url', kind: 'differs' }),
    ]);
  } finally {
    restore();
  }
});

test('a variable renamed in one stack is still missing there', () => {
  const restore = edit('identity-prod', (json) => {
    json.variable.datadog_api_key_identity_v2 = json.variable.datadog_api_key_identity;
    delete json.variable.datadog_api_key_identity;
  });
  try {
    const undeclared = compareProductStacks(readSynthOutput(out), config).deviations.filter(
      (d) => !d.declared,
    );
    expect(undeclared.map((d) => `${d.stack} ${d.kind} ${d.type}`).sort()).toEqual([
      'identity-prod extra variable',
      'identity-prod missing variable',
    ]);
  } finally {
    restore();
  }
});

test('translating between stacks replaces whole names only, in one pass', () => {
  const api = new Map([
    ['stack', 'api-prod'],
    ['name', 'api'],
    ['env', 'prod'],
  ]);
  const identity = new Map([
    ['stack', 'identity-prod'],
    ['name', 'identity'],
    ['env', 'prod'],
  ]);
  expect(translate('${var.datadog_api_key_identity}', identity, api)).toBe('${var.datadog_api_key_api}');
  expect(translate('[identity-prod] ALB 5xx', identity, api)).toBe('[api-prod] ALB 5xx');
  // Names that hold each other are swapped, not chained.
  expect(translate('api identity', api, identity)).toBe('identity identity');
  expect(translate('rapid apis', api, identity)).toBe('rapid apis');
});
