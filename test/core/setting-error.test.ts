// The one error format of the constructs (constructs/core/setting-error.ts): construct path, the setting, the
// bad value, what is allowed; and the checks of values known only at synthesis.
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { DatadogProvider } from '@cdktf/provider-datadog/lib/provider';
import { Lazy, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { parseSettingGroup } from '../../constructs/core/setting-error';
import { DeadLetterQueueMonitor } from '../../constructs/datadog/dead-letter-queue-monitor';
import { networkConfig } from '../../stacks/config/central';

function newStack(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), 'test');
  new AwsProvider(stack, 'aws', { region: 'ap-northeast-1' });
  new DatadogProvider(stack, 'datadog', {});
  return stack;
}

test('a config group refused by its schema names the construct, the setting, the value and what is allowed', () => {
  const scope = new Construct(newStack(), 'Collector');
  expect(() =>
    parseSettingGroup(scope, 'network', networkConfig, { availabilityZones: 5, zoneIds: ['apne1-az1', 'x'] }),
  ).toThrow(
    [
      'test/Collector:',
      '  - network.availabilityZones = 5: must be at most 4 (availability zones)',
      '  - network.zoneIds[1] = "x": must be an availability zone id such as apne1-az1',
    ].join('\n'),
  );
  expect(() => parseSettingGroup(scope, 'network', networkConfig, { zones: 3 })).toThrow(
    'test/Collector: network = ["zones"]: unknown key',
  );
  expect(parseSettingGroup(scope, 'network', networkConfig, undefined)).toEqual({
    vpcCidr: '10.40.0.0/16',
    availabilityZones: 2,
  });
});

test('a lazy value is checked at synthesis once resolved; a Terraform reference is left to Terraform', () => {
  const stack = newStack();
  new DeadLetterQueueMonitor(stack, 'Lazy', {
    queueName: 'q',
    message: 'm',
    priority: Lazy.numberValue({ produce: () => 7 }),
  });
  expect(() => Testing.synth(stack, true)).toThrow(
    'test/Lazy: priority = 7: must be a whole number from 1 to 5',
  );

  const ok = newStack();
  const variable = new TerraformVariable(ok, 'priority', { type: 'number' });
  new DeadLetterQueueMonitor(ok, 'Variable', {
    queueName: 'q',
    message: 'm',
    priority: variable.numberValue,
  });
  const monitors = JSON.parse(Testing.synth(ok, true)).resource.datadog_monitor;
  expect(Object.values(monitors).map((m) => (m as { priority: unknown }).priority)).toEqual([
    '${var.priority}',
  ]);
});
