import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformLocal, TerraformStack, Testing } from 'cdktf';
import {
  AppLogShipping,
  type AppLogShippingProps,
  AWS_FOR_FLUENT_BIT_IMAGE,
} from '../../constructs/app-logs/app-log-shipping';
import { fluentBitHttpOutputOptions } from '../../constructs/app-logs/fluent-bit-http-output';
import { CollectorLink } from '../../constructs/core/collector-link';
import { type Json, Synthesized } from '../support/synth';
import { addTaskWithAppLogs } from './task-with-app-logs';

function taskStack(props: Partial<AppLogShippingProps> = {}) {
  const stack = new TerraformStack(Testing.app(), 'payments-prod');
  const logs = addTaskWithAppLogs(stack, props);
  // What the construct hands over, with its Terraform references rendered as in the synthesized JSON.
  new TerraformLocal(stack, 'handed_over', {
    router: logs.logRouterContainer,
    app: { logConfiguration: logs.logConfiguration },
    policy: JSON.parse(logs.executionRolePolicy),
  });
  const synth = Synthesized.of(stack);
  const handedOver = synth.json.locals.handed_over as { router: Json; app: Json; policy: Json };
  return { stack, synth, ...handedOver };
}

/**
 * A reference to the key secret read at plan time (its full ARN, which the secret carries; what Terraform
 * makes of it is checked in test/terraform/app-log-shipping.test.ts).
 */
const secretRef = (s: Synthesized) =>
  expect.stringMatching(
    new RegExp(
      `^\\$\\{[^}]*data\\.aws_secretsmanager_secret_version\\.${Object.keys(s.dataSources('aws_secretsmanager_secret_version'))[0]}\\.secret_string[^}]*\\}`,
    ),
  );

describe('AppLogShipping', () => {
  test('puts a pinned FireLens log router in the task and sends the app container through it', () => {
    const { synth, app, router } = taskStack();
    const definitions = synth.only('aws_ecs_task_definition').container_definitions as string;
    // The task's JSON is a Terraform template string; what it evaluates to is checked by Terraform itself.
    expect(definitions).toContain('"logDriver":"awsfirelens"');
    expect(definitions).toContain('"name":"log_router"');
    expect(router).toMatchObject({
      name: 'log_router',
      image: AWS_FOR_FLUENT_BIT_IMAGE,
      essential: true,
      firelensConfiguration: { type: 'fluentbit', options: { 'enable-ecs-log-metadata': 'true' } },
      memoryReservation: 50,
    });
    expect(AWS_FOR_FLUENT_BIT_IMAGE).toMatch(/:\d+\.\d+\.\d+$/);
    expect(app.logConfiguration.logDriver).toBe('awsfirelens');
    expect(app.logConfiguration.options).toMatchObject({
      Name: 'http',
      Port: '443',
      Format: 'json',
      json_date_key: 'date',
      json_date_format: 'double',
      compress: 'gzip',
      tls: 'On',
      'tls.verify': 'On',
      Retry_Limit: '10',
    });
    expect(app.logConfiguration.options.URI).toMatch(/\/webhooks\/fluentbit$/);
  });

  test('reads the API key from the central secret by full ARN, never writing it into the task', () => {
    const { synth, app, router } = taskStack();
    expect(router.secrets).toEqual([{ name: 'COLLECTOR_API_KEY', valueFrom: secretRef(synth) }]);
    // Fluent Bit's own `${VAR}`, escaped so that Terraform leaves it alone.
    expect(app.logConfiguration.options.Header).toBe('x-api-key $${COLLECTOR_API_KEY}');
    // The endpoint is read from the secret at plan time; the key never is (ECS reads it at task start).
    const definitions = synth.only('aws_ecs_task_definition').container_definitions as string;
    expect(definitions).toContain('secret_string).endpoint');
    expect(definitions).not.toMatch(/secret_string\)\.apiKey|"apiKey"/);
  });

  test('grants the execution role exactly the secret, and the central key only through Secrets Manager', () => {
    const { synth, policy } = taskStack();
    expect(synth.only('aws_iam_role_policy').policy).toContain('"Sid":"DecryptCollectorApiKey"');
    expect(synth.only('aws_iam_role_policy').role).toBe(synth.ref('aws_iam_role', 'name'));
    expect(policy.Statement).toEqual([
      {
        Sid: 'ReadCollectorApiKey',
        Effect: 'Allow',
        Action: ['secretsmanager:GetSecretValue'],
        Resource: secretRef(synth),
      },
      expect.objectContaining({
        Sid: 'DecryptCollectorApiKey',
        Action: ['kms:Decrypt'],
        Condition: {
          StringLike: { 'kms:ViaService': 'secretsmanager.*.amazonaws.com' },
          StringEquals: { 'kms:EncryptionContext:SecretARN': secretRef(synth) },
        },
      }),
    ]);
  });

  test('without an execution role name, attaches nothing and exposes the policy', () => {
    const stack = new TerraformStack(Testing.app(), 'x');
    new AwsProvider(stack, 'aws', { region: 'ap-northeast-1' });
    const collector = new CollectorLink(stack, 'Collector', {
      centralAccountId: '111111111111',
      centralRegion: 'ap-northeast-1',
      product: 'payments',
    });
    const logs = new AppLogShipping(stack, 'AppLogs', { collector });
    expect(Synthesized.of(stack).resourceList('aws_iam_role_policy')).toHaveLength(0);
    expect(JSON.parse(logs.executionRolePolicy).Statement).toHaveLength(2);
  });

  test('fails on a memory reservation below what ECS accepts, naming the construct', () => {
    expect(() => taskStack({ memoryReservationMiB: 4 })).toThrow(
      "payments-prod/AppLogs: memoryReservationMiB = 4: must be a whole number from 6 to 1000000 MiB (ECS's minimum is 6)",
    );
  });

  test('retries without limit when retryLimit is false, and refuses a retry limit below 1', () => {
    expect(fluentBitHttpOutputOptions({ host: 'h', basePath: '', retryLimit: false }).Retry_Limit).toBe(
      'no_limits',
    );
    expect(() => fluentBitHttpOutputOptions({ host: 'h', basePath: '', retryLimit: 0 })).toThrow(
      'retryLimit: must be a whole number ≥ 1 or false (no limit), got 0',
    );
  });
});
