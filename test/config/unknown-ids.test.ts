// Every id the config refers to (service, region, Datadog site, product, schedule, monitor) is checked, and a
// wrong one is answered with the closest real one; an entry that would be silently ignored is refused.
import { exampleRaw, problemsOf } from '../support/config';

test('an unknown service, region and Datadog site each name the closest allowed value', () => {
  const raw = exampleRaw();
  raw.products[1].services = ['ec2', 'lamda'];
  raw.products[1].accounts[0].region = 'us-east-11';
  raw.products[0].datadog.site = 'datadoghq.con';
  const problems = problemsOf(raw);
  expect(problems).toEqual(
    expect.arrayContaining([
      expect.stringMatching(
        /^products\[1\]\.services\[1\]: must be one of .* \(did you mean "lambda"\?\), got "lamda"$/,
      ),
      expect.stringMatching(
        /^products\[1\]\.accounts\[0\]\.region: .*\(did you mean "us-east-1"\?\), got "us-east-11"$/,
      ),
      expect.stringMatching(
        /^products\[0\]\.datadog\.site: .*\(did you mean "datadoghq\.com"\?\), got "datadoghq\.con"$/,
      ),
    ]),
  );
});

test('a value far from every allowed one gets the list, not a guess', () => {
  const raw = exampleRaw();
  raw.products[1].services = ['kafka'];
  const [problem] = problemsOf(raw);
  expect(problem).toMatch(/^products\[1\]\.services\[0\]: must be one of ec2, alb, .*, got "kafka"$/);
  expect(problem).not.toContain('did you mean');
});

test('an unknown product under central.api.products and an unknown schedule name the closest one', () => {
  const raw = exampleRaw();
  raw.central.api.products = { serch: { throttle: { rateLimit: 10, burstLimit: 20 } } };
  raw.products[1].pagerduty.escalation.rules[0].targets = [{ schedule: 'primray' }];
  const problems = problemsOf(raw);
  expect(problems).toEqual(
    expect.arrayContaining([
      'central.api.products.serch: unknown product "serch" (did you mean "search"?); products: payments, search',
      'products[1].pagerduty.escalation.rules[0].targets[0].schedule: unknown schedule (did you mean "primary"?); defined schedules: primary, got "primray"',
    ]),
  );
});

describe('monitors of services the product does not list', () => {
  // search lists ec2, alb, ecs, elasticache and lambda.
  test('an override is refused: the monitor is never created, so the override would be ignored', () => {
    const raw = exampleRaw();
    raw.products[1].datadog = { monitors: { overrides: { 'rds.cpu_utilization': { critical: 95 } } } };
    expect(problemsOf(raw)).toEqual([
      'products[1].datadog.monitors.overrides.rds.cpu_utilization: is a monitor of rds, which this product does not list in services (ec2, alb, ecs, elasticache, lambda): add rds to services or remove the entry, got "rds.cpu_utilization"',
    ]);
  });

  test('a disabled entry is refused the same way; monitors of listed services stay accepted', () => {
    const raw = exampleRaw();
    raw.products[1].datadog = {
      monitors: {
        overrides: { 'alb.target_5xx_rate': { critical: 3 } },
        disabled: ['ecs.service_cpu_utilization', 'sqs.oldest_message_age'],
      },
    };
    expect(problemsOf(raw)).toEqual([
      expect.stringMatching(
        /^products\[1\]\.datadog\.monitors\.disabled\[1\]: is a monitor of sqs, which this product does not list/,
      ),
    ]);
  });

  test('a product that lists no services accepts no override at all', () => {
    const raw = exampleRaw();
    raw.products[1].services = [];
    raw.products[1].datadog = { monitors: { disabled: ['ec2.cpu_utilization'] } };
    expect(problemsOf(raw)).toEqual([
      expect.stringMatching(
        /disabled\[0\]: is a monitor of ec2, which this product does not list in services \(none\)/,
      ),
    ]);
  });
});
