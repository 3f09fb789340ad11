// What Terraform makes of the task definition AppLogShipping feeds: the container definitions evaluated
// with the secret's placeholder values (scripts/terraform/placeholders.ts), as ECS would receive them.
import * as path from 'node:path';
import { App, TerraformStack } from 'cdktf';
import {
  PLACEHOLDER_COLLECTOR_API_KEY,
  PLACEHOLDER_COLLECTOR_SECRET_ARN,
} from '../../scripts/terraform/placeholders';
import { addTaskWithAppLogs } from '../app-logs/task-with-app-logs';
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
    addTaskWithAppLogs(stack);
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
