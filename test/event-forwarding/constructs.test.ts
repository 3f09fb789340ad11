import { DataAwsSecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/data-aws-secretsmanager-secret-version';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { DatadogProvider } from '@cdktf/provider-datadog/lib/provider';
import { Fn, TerraformStack, Testing } from 'cdktf';
import {
  DeadLetterQueueMonitor,
  deadLetterMonitorMessage,
} from '../../constructs/datadog/dead-letter-queue-monitor';
import {
  EventForwarding,
  type EventForwardingProps,
} from '../../constructs/event-forwarding/event-forwarding';
import { guardDutyFindings, toilEvents } from '../../constructs/event-forwarding/patterns';
import { Synthesized } from '../support/synth';

function newStack(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), 'test');
  new AwsProvider(stack, 'aws', { region: 'ap-northeast-1' });
  new DatadogProvider(stack, 'datadog', {});
  return stack;
}

/** A key that comes from a secret at plan time, as CollectorLink provides it. */
function secretKey(stack: TerraformStack): { endpointUrl: string; apiKey: string } {
  const version = new DataAwsSecretsmanagerSecretVersion(stack, 'Secret', {
    secretId: 'arn:aws:secretsmanager:x',
  });
  const value = Fn.jsondecode(version.secretString);
  return {
    endpointUrl: `${Fn.lookup(value, 'endpoint')}/events`,
    apiKey: Fn.sensitive(Fn.lookup(value, 'apiKey')),
  };
}

describe('EventForwarding', () => {
  test('with only the required props: every standard rule, 20/s, 24 h of retries, 185 attempts, 14 days', () => {
    const stack = newStack();
    new EventForwarding(stack, 'Forwarding', secretKey(stack));
    const s = Synthesized.of(stack);
    expect(
      s
        .resourceList('aws_cloudwatch_event_rule')
        .map((r) => r.name)
        .sort(),
    ).toEqual([
      'observability-config-compliance',
      'observability-ecs-container-instance',
      'observability-ecs-deployment-failed',
      'observability-ecs-service-action',
      'observability-ecs-task-stopped',
      'observability-guardduty',
      'observability-inspector',
      'observability-securityhub-asff',
      'observability-securityhub-ocsf',
    ]);
    expect(s.only('aws_cloudwatch_event_api_destination').invocation_rate_limit_per_second).toBe(20);
    expect(s.resourceList('aws_cloudwatch_event_target')[0].retry_policy).toEqual({
      maximum_event_age_in_seconds: 86_400,
      maximum_retry_attempts: 185,
    });
    expect(s.only('aws_sqs_queue').message_retention_seconds).toBe(1_209_600);
  });

  test('takes custom rules (for a product team’s own events)', () => {
    const stack = newStack();
    new EventForwarding(stack, 'Forwarding', {
      ...secretKey(stack),
      namePrefix: 'orders',
      rules: [guardDutyFindings(7), toilEvents('orders.jobs')],
    });
    const rules = Synthesized.of(stack).resourceList('aws_cloudwatch_event_rule');
    expect(rules.map((r) => [r.name, JSON.parse(r.event_pattern)])).toEqual([
      ['orders-guardduty', guardDutyFindings(7).eventPattern],
      ['orders-toil', { source: ['orders.jobs'] }],
    ]);
  });

  const invalid: [string, Partial<EventForwardingProps>, string][] = [
    [
      'a retry age below 60 s',
      { maxEventAgeSeconds: 59 },
      'test/Forwarding: maxEventAgeSeconds = 59: must be a whole number from 60 to 86400 seconds',
    ],
    [
      'more than 185 attempts',
      { maxRetryAttempts: 186 },
      'test/Forwarding: maxRetryAttempts = 186: must be a whole number from 0 to 185 attempts',
    ],
    [
      'a rate limit above 300/s',
      { rateLimitPerSecond: 301 },
      'test/Forwarding: rateLimitPerSecond = 301: must be a whole number from 1 to 300 invocations per second',
    ],
    [
      'a retention above 14 days',
      { deadLetterRetentionSeconds: 1_209_601 },
      'test/Forwarding: deadLetterRetentionSeconds = 1209601: must be a whole number from 60 to 1209600 seconds',
    ],
    ['no rule', { rules: [] }, 'test/Forwarding: rules = []: must list at least one rule'],
    [
      'a duplicate rule id',
      { rules: [guardDutyFindings(), guardDutyFindings(8)] },
      'test/Forwarding: rules[1].id = "guardduty": must be unique (it is used twice)',
    ],
    [
      'a rule name over 64 characters',
      { namePrefix: 'x'.repeat(60) },
      `  - rules[0].id = "guardduty": with namePrefix, the rule name "${'x'.repeat(60)}-guardduty" must be at most 64 characters`,
    ],
    [
      'an operator the matcher cannot check',
      {
        rules: [
          { id: 'odd', description: 'odd', eventPattern: { source: [{ wildcard: 'aws.*' }] } as never },
        ],
      },
      'test/Forwarding: rules[0].eventPattern = "odd": source[0]: operator "wildcard" is not supported',
    ],
    [
      'a literal API key',
      { apiKey: 'abcdefghijklmnopqrstuvwxyz123456' },
      'test/Forwarding: apiKey = "<literal>": must be a token',
    ],
    [
      'a plain-http endpoint',
      { endpointUrl: 'http://collector.internal/events' },
      'test/Forwarding: endpointUrl = "http://collector.internal/events": must be an https:// URL',
    ],
  ];

  test.each(invalid)('fails on %s', (_name, override, message) => {
    const stack = newStack();
    expect(() => new EventForwarding(stack, 'Forwarding', { ...secretKey(stack), ...override })).toThrow(
      message,
    );
  });

  test('fails with every problem in one message', () => {
    const stack = newStack();
    expect(
      () =>
        new EventForwarding(stack, 'Forwarding', {
          ...secretKey(stack),
          maxRetryAttempts: -1,
          maxEventAgeSeconds: 0,
        }),
    ).toThrow(
      'test/Forwarding:\n  - maxEventAgeSeconds = 0: must be a whole number from 60 to 86400 seconds\n  - maxRetryAttempts = -1: must be a whole number from 0 to 185 attempts',
    );
  });
});

describe('DeadLetterQueueMonitor', () => {
  test('alerts on any visible message of the queue (lower-cased like Datadog tags) and stays quiet without data', () => {
    const stack = newStack();
    new DeadLetterQueueMonitor(stack, 'Dlq', {
      queueName: 'Obs-Payments-DLQ',
      message: deadLetterMonitorMessage('Obs-Payments-DLQ', '@slack-payments-alerts'),
    });
    const monitor = Synthesized.of(stack).only('datadog_monitor');
    expect(monitor.query).toBe(
      'max(last_15m):max:aws.sqs.approximate_number_of_messages_visible{queuename:obs-payments-dlq} > 0',
    );
    expect(monitor.monitor_thresholds).toEqual({ critical: '0' });
    expect(monitor.notify_no_data).toBe(false);
    expect(monitor.evaluation_delay).toBe(900);
    expect(monitor.message).toMatch(/npm run redrive-dlq/);
    expect(monitor.message.endsWith('\n\n@slack-payments-alerts')).toBe(true);
  });

  test('takes a threshold, a window and an account scope', () => {
    const stack = newStack();
    new DeadLetterQueueMonitor(stack, 'Dlq', {
      queueName: 'q',
      message: 'm',
      awsAccountId: '222222222222',
      criticalThresholdMessages: 10,
      evaluationWindowMinutes: 60,
    });
    expect(Synthesized.of(stack).only('datadog_monitor').query).toBe(
      'max(last_60m):max:aws.sqs.approximate_number_of_messages_visible{queuename:q,aws_account:222222222222} > 10',
    );
  });

  test('fails on a queue name that is a token, and on a priority outside 1-5', () => {
    const stack = newStack();
    const forwarding = new EventForwarding(stack, 'Forwarding', secretKey(stack));
    expect(
      () =>
        new DeadLetterQueueMonitor(stack, 'A', { queueName: forwarding.deadLetterQueue.name, message: 'm' }),
    ).toThrow('test/A: queueName = <token>: must be a plain string, not a token');
    expect(
      () => new DeadLetterQueueMonitor(stack, 'B', { queueName: 'q', message: 'm', priority: 6 }),
    ).toThrow('test/B: priority = 6: must be a whole number from 1 to 5');
  });
});
