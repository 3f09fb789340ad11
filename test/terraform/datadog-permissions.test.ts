// Datadog publishes its AWS integration's permissions at plan time (a data source); the construct splits
// them with Terraform expressions into managed policies under IAM's size limit. Terraform evaluates those
// expressions here on a list long enough to need several policies.
import * as path from 'node:path';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { DatadogProvider } from '@cdktf/provider-datadog/lib/provider';
import { App, TerraformStack } from 'cdktf';
import {
  DatadogAwsIntegration,
  SECURITY_AUDIT_POLICY_ARN,
} from '../../constructs/datadog/datadog-aws-integration';
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

/** IAM's limit on a managed policy document, in characters (whitespace not counted; jsonencode writes none). */
const MANAGED_POLICY_LIMIT = 6144;

// 700 actions of 20 to 40 characters, about 21,000 characters: Datadog's real list is of this order.
const SERVICES = ['ec2', 'cloudwatch', 'elasticloadbalancing', 'rds', 'dynamodb', 'lambda', 'apigateway'];
const PERMISSIONS = Array.from(
  { length: 700 },
  (_, i) => `${SERVICES[i % SERVICES.length]}:Describe${'Resource'.repeat(1 + (i % 3))}${i}`,
);

describeWithTerraform('Datadog AWS integration permissions through Terraform', () => {
  const root = scratchDir('datadog-permissions');
  const stackDir = path.join(root, 'out', 'stacks', 'integration');
  let planned: Map<string, PlanJson>;

  beforeAll(async () => {
    const app = new App({ outdir: path.join(root, 'out') });
    const stack = new TerraformStack(app, 'integration');
    new AwsProvider(stack, 'aws', { region: 'ap-northeast-1' });
    new DatadogProvider(stack, 'datadog', {});
    new DatadogAwsIntegration(stack, 'Integration', {
      awsAccountId: '222222222222',
      site: 'datadoghq.com',
      metricNamespaces: ['AWS/EC2'],
    });
    app.synth();
    const check = await checkWithReplay(
      stackDir,
      path.join(root, 'work'),
      { plan: true },
      { 'datadog_integration_aws_iam_permissions.iam_permissions': PERMISSIONS },
    );
    expect(problems(check)).toEqual([]);
    planned = plannedResources(readPlan(check));
  }, TERRAFORM_TIMEOUT_MS);

  const policies = () =>
    [...planned.values()]
      .filter((r) => r.type === 'aws_iam_policy')
      .sort((a, b) => a.index - b.index)
      .map((r) => r.values);

  test('grants every published permission once, in order, across several policies', () => {
    expect(policies().length).toBeGreaterThan(1);
    const granted = policies().flatMap((p) =>
      JSON.parse(p.policy).Statement.flatMap((s: PlanJson) => s.Action),
    );
    expect(granted).toEqual(PERMISSIONS);
  });

  test('keeps every policy under the managed-policy size limit, with a distinct name', () => {
    for (const p of policies()) expect(p.policy.length).toBeLessThanOrEqual(MANAGED_POLICY_LIMIT);
    const names = policies().map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
  });

  test('attaches each policy and SecurityAudit to the integration role', () => {
    const attachments = [...planned.values()].filter((r) => r.type === 'aws_iam_role_policy_attachment');
    // Policy ARNs are known only after apply; SecurityAudit's is a literal.
    expect(attachments).toHaveLength(policies().length + 1);
    expect(attachments.filter((a) => a.values.policy_arn === SECURITY_AUDIT_POLICY_ARN)).toHaveLength(1);
  });
});
