// An offline plan of a product stack of the example config (replay provider, dummy credentials): what
// Terraform evaluates from the expressions the constructs write, which no assertion on the JSON can check.
import * as path from 'node:path';
import {
  PLACEHOLDER_COLLECTOR_API_KEY,
  PLACEHOLDER_COLLECTOR_ENDPOINT,
} from '../../scripts/terraform/placeholders';
import { synthTo } from '../../scripts/terraform/synth-to';
import { readStack } from '../../scripts/terraform/workspace';
import { exampleConfig } from '../support/synth';
import {
  checkWithReplay,
  describeWithTerraform,
  type PlanJson,
  plannedResources,
  problems,
  readPlan,
  scratchDir,
  TERRAFORM_TIMEOUT_MS,
} from '../support/terraform';

const STACK = 'payments-prod';

describeWithTerraform(`offline plan of ${STACK} (example config)`, () => {
  const root = scratchDir('product-plan');
  const out = path.join(root, 'out');
  const stackDir = path.join(out, 'stacks', STACK);
  let plan: PlanJson;
  let changes: Map<string, PlanJson>;
  let planned: Map<string, PlanJson>;

  beforeAll(async () => {
    synthTo(exampleConfig(), out);
    const check = await checkWithReplay(stackDir, path.join(root, 'work'), { plan: true });
    expect(problems(check)).toEqual([]);
    plan = readPlan(check);
    changes = new Map(plan.resource_changes.map((c: PlanJson) => [c.address, c]));
    planned = plannedResources(plan);
  }, TERRAFORM_TIMEOUT_MS);

  const one = (type: string): PlanJson => {
    const found = [...planned.values()].filter((r) => r.type === type);
    if (found.length !== 1) throw new Error(`expected one ${type} in the plan, found ${found.length}`);
    return found[0];
  };

  test('creates every resource of the stack and nothing else', () => {
    const declared = Object.entries<Record<string, unknown>>(readStack(stackDir).resource as never).flatMap(
      ([type, blocks]) => Object.keys(blocks).map((name) => `${type}.${name}`),
    );
    const created = [...changes.values()]
      .filter((c) => c.mode === 'managed')
      .map((c) => {
        expect([c.address, c.change.actions]).toEqual([c.address, ['create']]);
        return c.address.replace(/\[\d+\]$/, '');
      });
    expect([...new Set(created)].sort()).toEqual(declared.sort());
  });

  test('PagerDuty delivers to the collector endpoint from the product secret, without a double slash', () => {
    const webhook = one('pagerduty_webhook_subscription').values;
    expect(PLACEHOLDER_COLLECTOR_ENDPOINT.endsWith('/')).toBe(true);
    expect(webhook.delivery_method[0].url).toBe(
      `${PLACEHOLDER_COLLECTOR_ENDPOINT.slice(0, -1)}/webhooks/pagerduty`,
    );
    expect(webhook.delivery_method[0].custom_header).toEqual([
      { name: 'x-api-key', value: PLACEHOLDER_COLLECTOR_API_KEY },
    ]);
    const sensitive = changes.get(one('pagerduty_webhook_subscription').address)!.change.after_sensitive;
    expect(sensitive.delivery_method[0].custom_header[0].value).toBe(true);
  });

  test('the Datadog webhook sends the API key as a JSON header, and Terraform treats it as sensitive', () => {
    const webhook = one('datadog_webhook');
    expect(JSON.parse(webhook.values.custom_headers)).toEqual({ 'x-api-key': PLACEHOLDER_COLLECTOR_API_KEY });
    expect(changes.get(webhook.address)!.change.after_sensitive.custom_headers).toBe(true);
  });

  test('the Datadog service object takes the integration key, which Terraform treats as sensitive', () => {
    // The product's own service (the platform's SRE service, paged for the dead-letter queue, is the other).
    const objects = [...planned.values()].filter(
      (r) =>
        r.type === 'datadog_integration_pagerduty_service_object' &&
        r.address.includes('PagerDuty_DatadogLink'),
    );
    expect(objects).toHaveLength(1);
    const object = objects[0];
    const change = changes.get(object.address)!.change;
    expect(change.after_unknown.service_key).toBe(true);
    expect(change.after_sensitive.service_key).toBe(true);
  });
});
