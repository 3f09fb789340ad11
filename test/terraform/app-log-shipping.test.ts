// What Terraform makes of the task definition AppLogShipping feeds: the container definitions evaluated
// with the secret's placeholder values (scripts/terraform/placeholders.ts), as ECS would receive them.
import * as path from 'node:path';
import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, TerraformStack } from 'cdktf';
import { AppLogShipping } from '../../constructs/app-logs/app-log-shipping';
import { CollectorLink } from '../../constructs/core/collector-link';
import { serviceTrustPolicy } from '../../constructs/core/policy-document';
import {
  PLACEHOLDER_COLLECTOR_API_KEY,
  PLACEHOLDER_COLLECTOR_SECRET_ARN,
} from '../../scripts/terraform/placeholders';
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

describeWithTerraform('AppLogShipping through Terraform', () => {
  const root = scratchDir('app-logs');
  beforeAll(() => {
    const app = new App({ outdir: path.join(root, 'out') });
    const stack = new TerraformStack(app, 'applogs');
    new AwsProvider(stack, 'aws', { region: 'ap-northeast-1' });
    const collector = new CollectorLink(stack, 'Collector', {
      centralAccountId: '111111111111',
      centralRegion: 'ap-northeast-1',
      product: 'payments',
    });
    const role = new IamRole(stack, 'ExecutionRole', {
      name: 'app-execution',
      assumeRolePolicy: serviceTrustPolicy('ecs-tasks.amazonaws.com', '222222222222'),
    });
    const logs = new AppLogShipping(stack, 'AppLogs', { collector, executionRoleName: role.name });
    new EcsTaskDefinition(stack, 'Task', {
      family: 'app',
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: '256',
      memory: '512',
      executionRoleArn: role.arn,
      containerDefinitions: JSON.stringify([
        { name: 'app', image: 'nginx:1.27', essential: true, logConfiguration: logs.logConfiguration },
        logs.logRouterContainer,
      ]),
    });
    app.synth();
  });

  test(
    'the task definition evaluates to FireLens settings with Fluent Bit’s own variable and no key',
    async () => {
      const check = await checkWithReplay(
        path.join(root, 'out', 'stacks', 'applogs'),
        path.join(root, 'work'),
        {
          plan: true,
        },
      );
      expect(problems(check)).toEqual([]);
      const plan = readPlan(check);
      const task = [...plannedResources(plan).values()].find(
        (r: PlanJson) => r.type === 'aws_ecs_task_definition',
      )!;
      const definitions: string = task.values.container_definitions;
      const [app, router] = JSON.parse(definitions);
      expect(app.logConfiguration.options).toMatchObject({
        Host: 'collector.replay.invalid',
        URI: '/webhooks/fluentbit',
        // Terraform took `$${` literally: Fluent Bit reads its variable from the environment ECS fills.
        Header: 'x-api-key ${COLLECTOR_API_KEY}',
      });
      expect(router.secrets).toEqual([
        { name: 'COLLECTOR_API_KEY', valueFrom: `${PLACEHOLDER_COLLECTOR_SECRET_ARN}:apiKey::` },
      ]);
      const policy = JSON.parse(
        [...plannedResources(plan).values()].find((r: PlanJson) => r.type === 'aws_iam_role_policy')!.values
          .policy,
      );
      expect(policy.Statement[0].Resource).toBe(PLACEHOLDER_COLLECTOR_SECRET_ARN);
      expect(policy.Statement[1].Resource).toBe('arn:aws:kms:ap-northeast-1:111111111111:key/*');
      expect(definitions).not.toContain(PLACEHOLDER_COLLECTOR_API_KEY);
    },
    TERRAFORM_TIMEOUT_MS,
  );
});
