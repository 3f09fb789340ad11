import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { DatadogProvider } from '@cdktf/provider-datadog/lib/provider';
import { type App, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { CollectorWebhook } from '../../constructs/datadog/collector-webhook';
import {
  DatadogAwsIntegration,
  SECURITY_AUDIT_POLICY_ARN,
} from '../../constructs/datadog/datadog-aws-integration';
import { LoadBalancerSlos } from '../../constructs/datadog/load-balancer-slos';
import { NotificationRouting } from '../../constructs/datadog/notification-routing';
import { ProductMonitors, type ProductMonitorsProps } from '../../constructs/datadog/product-monitors';
import { Synthesized } from '../support/synth';
import { recipients } from './support';

let app: App;
let stack: TerraformStack;
beforeEach(() => {
  app = Testing.app();
  stack = new TerraformStack(app, 'test');
  new AwsProvider(stack, 'aws', { region: 'ap-northeast-1' });
  new DatadogProvider(stack, 'datadog', {});
});

const routing = new NotificationRouting({
  slackChannel: 'alerts',
  webhookName: 'observability-collector-prod',
});

describe('DatadogAwsIntegration', () => {
  const integrate = (site = 'datadoghq.com') =>
    new DatadogAwsIntegration(stack, 'Integration', {
      awsAccountId: '222222222222',
      site,
      metricNamespaces: ['AWS/EC2', 'AWS/SQS'],
    });

  test("the role trusts Datadog's AWS account, with the external id the integration uses", () => {
    integrate();
    const s = Synthesized.of(stack);
    const externalId = s.ref('datadog_integration_aws_external_id', 'id');
    const [trust] = Object.values(s.dataSources('aws_iam_policy_document'));
    expect(trust.statement).toEqual([
      {
        effect: 'Allow',
        actions: ['sts:AssumeRole'],
        principals: [{ type: 'AWS', identifiers: ['arn:aws:iam::464622532012:root'] }],
        condition: [{ test: 'StringEquals', variable: 'sts:ExternalId', values: [externalId] }],
      },
    ]);
    const role = s.only('aws_iam_role');
    expect(role.assume_role_policy).toBe(
      `\${data.aws_iam_policy_document.${Object.keys(s.dataSources('aws_iam_policy_document'))[0]}.json}`,
    );
    const account = s.only('datadog_integration_aws_account');
    expect(account.auth_config.aws_auth_config_role).toEqual({
      role_name: role.name,
      external_id: externalId,
    });
    expect(account.aws_account_id).toBe('222222222222');
    expect(account.metrics_config.namespace_filters).toEqual({ include_only: ['AWS/EC2', 'AWS/SQS'] });
  });

  test('grants the permissions Datadog publishes, in policies that fit the managed-policy size limit', () => {
    integrate();
    const s = Synthesized.of(stack);
    // How Terraform splits the published list into policies (sizes, count, names, attachments) is checked by
    // Terraform itself on a long list: test/terraform/datadog-permissions.test.ts.
    expect(Object.keys(s.dataSources('datadog_integration_aws_iam_permissions'))).toHaveLength(1);
    const policy = s.only('aws_iam_policy');
    expect(policy.count).toBeDefined();
    const attachments = s.resourceList('aws_iam_role_policy_attachment');
    const role = s.ref('aws_iam_role', 'name');
    expect(attachments.map((a) => a.policy_arn)).toContain(SECURITY_AUDIT_POLICY_ARN);
    expect(attachments.some((a) => a.policy_arn.includes(`aws_iam_policy.${s.idOf('aws_iam_policy')}`))).toBe(
      true,
    );
    for (const a of attachments) expect(a.role).toBe(role);
    // Datadog checks the role when the integration is created.
    expect(s.only('datadog_integration_aws_account').depends_on).toEqual(
      expect.arrayContaining([`aws_iam_role.${s.idOf('aws_iam_role')}`]),
    );
  });

  test("trusts the site's own Datadog account", () => {
    integrate('ap1.datadoghq.com');
    const [trust] = Object.values(Synthesized.of(stack).dataSources('aws_iam_policy_document'));
    expect(trust.statement[0].principals[0].identifiers).toEqual(['arn:aws:iam::417141415827:root']);
  });

  test('fails for the US1-FED site, which supports access keys only', () => {
    expect(() => integrate('ddog-gov.com')).toThrow(
      'test/Integration: site = "ddog-gov.com": must be a site with a role-delegation principal (US1-FED uses access keys)',
    );
  });
});

describe('CollectorWebhook', () => {
  test('keeps the API key out of the synthesized JSON', () => {
    const key = new TerraformVariable(stack, 'collector_key', { type: 'string', sensitive: true });
    new CollectorWebhook(stack, 'Webhook', {
      env: 'prod',
      url: 'https://collector.example/v1/webhooks/datadog',
      apiKey: key.value,
    });
    const webhook = Synthesized.of(stack).only('datadog_webhook');
    expect(webhook.name).toBe('observability-collector-prod');
    // A reference, not the key; the header Terraform builds from it: test/terraform/product-plan.test.ts
    expect(webhook.custom_headers).toContain('var.collector_key');
  });

  test('fails with a literal API key', () => {
    expect(
      () =>
        new CollectorWebhook(stack, 'Webhook', {
          env: 'prod',
          url: 'https://collector.example',
          apiKey: 'k-123',
        }),
    ).toThrow('test/Webhook: apiKey = "<literal>": must be a token');
  });
});

describe('ProductMonitors', () => {
  const props: ProductMonitorsProps = {
    product: 'shop',
    env: 'prod',
    services: ['rds'],
    routing,
    cloudwatchScope: 'aws_account:222222222222',
  };

  test('creates one monitor per catalog entry of the services, with construct ids equal to the monitor ids', () => {
    const monitors = new ProductMonitors(stack, 'Monitors', { ...props, disabled: ['rds.deadlocks'] });
    const ids = Object.keys(monitors.monitors);
    expect(ids.every((id) => id.startsWith('rds.'))).toBe(true);
    expect(ids).not.toContain('rds.deadlocks');
    expect(monitors.node.children.map((c) => c.node.id).sort()).toEqual([...ids].sort());
  });

  test('fails on overrides and disabled entries naming unknown ids, and on contradictory thresholds', () => {
    expect(
      () =>
        new ProductMonitors(stack, 'Monitors', {
          ...props,
          overrides: {
            'rds.cpu': { critical: 1 },
            'rds.cpu_utilization': { warning: 99 },
          } as ProductMonitorsProps['overrides'],
          disabled: ['rds.nope'] as unknown as ProductMonitorsProps['disabled'],
        }),
    ).toThrow(
      [
        'test/Monitors:',
        '  - overrides = "rds.cpu": must be a catalog monitor id',
        '  - disabled[0] = "rds.nope": must be a catalog monitor id',
        '  - overrides.rds.cpu_utilization.warning = 99: warning 99 must be below critical 90 (catalog default)',
      ].join('\n'),
    );
  });

  test('an override can make a monitor page and change its evaluation delay', () => {
    const paging = new NotificationRouting({
      slackChannel: 'alerts',
      pagerdutyService: 'shop-prod',
      webhookName: 'observability-collector-prod',
    });
    new ProductMonitors(stack, 'Monitors', {
      ...props,
      routing: paging,
      overrides: { 'rds.cpu_utilization': { pages: true, evaluationDelaySeconds: 300 } },
    });
    const monitors = Synthesized.of(stack).resourceList('datadog_monitor');
    const cpu = monitors.find((m) => m.tags.includes('monitor_id:rds.cpu_utilization'))!;
    expect(recipients(cpu.message, 'is_alert')).toEqual(['@slack-alerts', '@pagerduty-shop-prod']);
    expect(cpu.tags).toContain('pages:true');
    expect(cpu.evaluation_delay).toBe(300);
    const latency = monitors.find((m) => m.tags.includes('monitor_id:rds.read_latency'))!;
    expect(recipients(latency.message, 'is_alert')).toEqual(['@slack-alerts']);
    expect(latency.evaluation_delay).toBe(900);
  });

  test('uses the agent scope for agent metrics', () => {
    const monitors = new ProductMonitors(stack, 'Monitors', {
      ...props,
      services: ['ec2'],
      agentScope: 'host_env:prod',
    });
    expect(monitors.definitions['ec2.disk_usage']?.evaluationDelaySeconds).toBeUndefined();
    const disk = Synthesized.of(stack)
      .resourceList('datadog_monitor')
      .find((m) => m.tags.includes('monitor_id:ec2.disk_usage'))!;
    expect(disk.query).toBe('max(last_10m):max:system.disk.in_use{host_env:prod} by {host,device} > 0.9');
  });
});

describe('LoadBalancerSlos', () => {
  test('fails when a target is too low for the fast-burn alert', () => {
    expect(
      () =>
        new LoadBalancerSlos(stack, 'Slos', {
          product: 'shop',
          env: 'prod',
          routing,
          scope: 'aws_account:222222222222',
          availabilityTargetPercent: 90,
        }),
    ).toThrow(
      'test/Slos: availabilityTargetPercent = 90: is too low for the 30d fast-burn alert (burn rate 14.4): the target must be at least 93.06',
    );
  });
});
