import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DocdbCluster } from '@cdktf/provider-aws/lib/docdb-cluster';
import { DocdbClusterParameterGroup } from '@cdktf/provider-aws/lib/docdb-cluster-parameter-group';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { Aspects, TerraformStack, Testing } from 'cdktf';
import { Guardrails } from '../../constructs/guardrails/guardrails';
import { buildTestPlatform } from '../support/synth';

function stackWith(production: boolean, build: (stack: TerraformStack) => void): TerraformStack {
  const stack = new TerraformStack(Testing.app(), 'test');
  new AwsProvider(stack, 'aws', { region: 'ap-northeast-1' });
  build(stack);
  Aspects.of(stack).add(new Guardrails({ production }));
  return stack;
}

const goodCluster = {
  clusterIdentifier: 'events',
  storageEncrypted: true,
  deletionProtection: true,
  skipFinalSnapshot: false,
  backupRetentionPeriod: 7,
};

function warningsOf(stack: TerraformStack): string[] {
  Testing.synth(stack, true);
  return stack.node
    .findAll()
    .flatMap((c) => c.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data)));
}

describe('guardrails', () => {
  test('fails when DocumentDB storage encryption is turned off', () => {
    const stack = stackWith(
      false,
      (s) => new DocdbCluster(s, 'db', { ...goodCluster, storageEncrypted: false }),
    );
    expect(() => Testing.synth(stack, true)).toThrow(
      /\[test\/db\] guardrail: DocumentDB storage encryption must stay on/,
    );
  });

  test('fails when DocumentDB deletion protection is off in production, not outside it', () => {
    const build = (s: TerraformStack) =>
      new DocdbCluster(s, 'db', { ...goodCluster, deletionProtection: false });
    expect(() => Testing.synth(stackWith(true, build), true)).toThrow(
      /deletion protection must stay on in production/,
    );
    expect(() => Testing.synth(stackWith(false, build), true)).not.toThrow();
  });

  test('fails when the final snapshot is skipped, and warns on short backups', () => {
    expect(() =>
      Testing.synth(
        stackWith(false, (s) => new DocdbCluster(s, 'db', { ...goodCluster, skipFinalSnapshot: true })),
        true,
      ),
    ).toThrow(/final snapshot/);
    const warnings = warningsOf(
      stackWith(false, (s) => new DocdbCluster(s, 'db', { ...goodCluster, backupRetentionPeriod: 1 })),
    );
    expect(warnings).toContain('guardrail: DocumentDB keeps backups for 1 day(s); 7 or more is recommended');
  });

  test('fails when TLS to DocumentDB is disabled or not set', () => {
    const disabled = stackWith(
      false,
      (s) =>
        new DocdbClusterParameterGroup(s, 'params', {
          family: 'docdb5.0',
          parameter: [{ name: 'tls', value: 'disabled' }],
        }),
    );
    expect(() => Testing.synth(disabled, true)).toThrow(/TLS to DocumentDB must stay on/);
    const unset = stackWith(
      false,
      (s) => new DocdbClusterParameterGroup(s, 'params', { family: 'docdb5.0' }),
    );
    expect(() => Testing.synth(unset, true)).toThrow(/TLS to DocumentDB must stay on/);
    const enabled = stackWith(
      false,
      (s) =>
        new DocdbClusterParameterGroup(s, 'params', {
          family: 'docdb5.0',
          parameter: [{ name: 'tls', value: 'enabled' }],
        }),
    );
    expect(() => Testing.synth(enabled, true)).not.toThrow();
  });

  test('fails when a log group keeps logs forever', () => {
    const stack = stackWith(false, (s) => new CloudwatchLogGroup(s, 'logs', { name: '/x' }));
    expect(() => Testing.synth(stack, true)).toThrow(/log groups must set a retention/);
  });

  test('sees overrides: a retention removed by an escape hatch still fails', () => {
    const stack = stackWith(false, (s) => {
      const group = new CloudwatchLogGroup(s, 'logs', { name: '/x', retentionInDays: 30 });
      group.addOverride('retention_in_days', 0);
    });
    expect(() => Testing.synth(stack, true)).toThrow(/log groups must set a retention/);
  });

  test('fails when an event target has no dead-letter queue', () => {
    const stack = stackWith(
      false,
      (s) => new CloudwatchEventTarget(s, 'target', { rule: 'r', arn: 'arn:aws:sqs:x' }),
    );
    expect(() => Testing.synth(stack, true)).toThrow(/event targets must have a dead-letter queue/);
  });

  test('fails when a queue is not encrypted, and when a KMS key does not rotate', () => {
    const stack = stackWith(false, (s) => {
      new SqsQueue(s, 'queue', { name: 'q', sqsManagedSseEnabled: false });
      new KmsKey(s, 'key', { enableKeyRotation: false });
    });
    expect(() => Testing.synth(stack, true)).toThrow(
      /SQS queues must be encrypted at rest[\s\S]*KMS keys must rotate/,
    );
  });

  test('fails when a Lambda environment variable looks like a secret, but not for an ARN', () => {
    const fn = (variables: Record<string, string>) =>
      stackWith(
        false,
        (s) =>
          new LambdaFunction(s, 'fn', {
            functionName: 'f',
            role: 'arn:aws:iam::111111111111:role/r',
            environment: { variables },
            tracingConfig: { mode: 'Active' },
          }),
      );
    expect(() => Testing.synth(fn({ DB_PASSWORD: 'hunter2' }), true)).toThrow(
      /DB_PASSWORD looks like a secret/,
    );
    expect(() => Testing.synth(fn({ DB_SECRET_ARN: 'arn:aws:secretsmanager:x' }), true)).not.toThrow();
  });

  test('reports every violation of a stack at once', () => {
    const stack = stackWith(true, (s) => {
      new CloudwatchLogGroup(s, 'logs', { name: '/x' });
      new DocdbCluster(s, 'db', { ...goodCluster, storageEncrypted: false });
    });
    expect(() => Testing.synth(stack, true)).toThrow(
      /\[test\/logs\][\s\S]*\[test\/db\]|\[test\/db\][\s\S]*\[test\/logs\]/,
    );
  });

  test('every stack of the example config carries the guardrails', () => {
    const stacks = buildTestPlatform();
    for (const stack of [stacks.central, ...stacks.products]) {
      expect(Aspects.of(stack).all.some((a) => a instanceof Guardrails)).toBe(true);
    }
  });
});
