// A product-account stack with a Fargate task whose application container ships its logs through
// AppLogShipping, as the README's example wires it: shared by the JSON and the Terraform tests.
import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { TerraformStack } from 'cdktf';
import { AppLogShipping, type AppLogShippingProps } from '../../constructs/app-logs/app-log-shipping';
import { CollectorLink } from '../../constructs/core/collector-link';
import { serviceTrustPolicy } from '../../constructs/core/policy-document';

export function addTaskWithAppLogs(
  stack: TerraformStack,
  props: Partial<AppLogShippingProps> = {},
): AppLogShipping {
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
  const logs = new AppLogShipping(stack, 'AppLogs', { collector, executionRoleName: role.name, ...props });
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
  return logs;
}
