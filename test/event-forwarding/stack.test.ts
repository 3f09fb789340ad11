import { SQS_VISIBLE_MESSAGES_METRIC } from '../../constructs/datadog/dead-letter-queue-monitor';
import { matchesEventPattern } from '../../constructs/event-forwarding/pattern-matcher';
import { parsePlatformConfigYaml } from '../../stacks/config/load';
import type { ProductAccountStack } from '../../stacks/product-account-stack';
import {
  buildTestPlatform,
  exampleConfig,
  exampleConfigText,
  fixture,
  fixtureText,
  type Json,
  Synthesized,
} from '../support/synth';

const STANDARD_RULES = [
  'guardduty',
  'inspector',
  'securityhub-asff',
  'securityhub-ocsf',
  'ecs-task-stopped',
  'ecs-service-action',
  'ecs-deployment-failed',
  'ecs-container-instance',
  'config-compliance',
  'toil',
];

const stacks = buildTestPlatform().products;
const synthesized = new Map<string, Synthesized>(stacks.map((s) => [s.node.id, Synthesized.of(s)]));
const synth = (stack: ProductAccountStack | string) =>
  synthesized.get(typeof stack === 'string' ? stack : stack.node.id) as Synthesized;

const RULE = 'aws_cloudwatch_event_rule';
const TARGET = 'aws_cloudwatch_event_target';
const DESTINATION = 'aws_cloudwatch_event_api_destination';
const CONNECTION = 'aws_cloudwatch_event_connection';

/** `${type.id.attr}` for every resource of a type. */
const refs = (s: Synthesized, type: string, attribute: string) =>
  Object.keys(s.resources(type)).map((id) => `\${${type}.${id}.${attribute}}`);

/** The statements of the policy document a resource attribute points at. */
function policyStatements(s: Synthesized, reference: string): Json[] {
  const match = /^\$\{data\.aws_iam_policy_document\.([^.]+)\.json\}$/.exec(reference);
  if (!match) throw new Error(`not a policy document reference: ${reference}`);
  return s.dataSources('aws_iam_policy_document')[match[1]].statement;
}

const ruleIdOf = (rule: Json, stackName: string) => String(rule.name).replace(`obs-${stackName}-`, '');

describe.each(stacks.map((s) => [s.node.id]))('%s', (stackName) => {
  const s = synth(stackName);
  const isInvokeRole = (r: Json) => r.name === `obs-${stackName}-invoke-collector`;
  const isDeadLetterKey = (k: Json) =>
    k.description === 'Encrypts events that could not be forwarded to the collector';
  const product = exampleConfig().products.find((p) => stackName.startsWith(`${p.name}-`))!;
  const account = product.accounts.find((a) => `${product.name}-${a.env}` === stackName)!;

  test('has every standard rule on the default bus, plus Health, CloudTrail and DevOps Guru only where enabled', () => {
    const ids = s.resourceList(RULE).map((r) => ruleIdOf(r, stackName));
    const f = product.eventForwarding;
    const expected = [
      ...STANDARD_RULES,
      ...(f.healthEvents ? ['health'] : []),
      ...(f.unauthorizedApiCalls.enabled ? ['cloudtrail-denied', 'cloudtrail-root-signin'] : []),
      ...(f.devOpsGuru.enabled ? ['devopsguru'] : []),
    ];
    expect(ids.sort()).toEqual([...expected].sort());
    expect(s.resourceList(RULE).every((r) => r.event_bus_name === undefined)).toBe(true);
  });

  test('creates the trail only where configured; the denial rule also receives read-only calls', () => {
    const f = product.eventForwarding;
    const trails = s.resourceList('aws_cloudtrail');
    expect(trails.length).toBe(f.unauthorizedApiCalls.enabled && f.unauthorizedApiCalls.createTrail ? 1 : 0);
    const denied = s.resourceList(RULE).find((r) => ruleIdOf(r, stackName) === 'cloudtrail-denied');
    if (denied) expect(denied.state).toBe('ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS');
    expect(s.resourceList('aws_devopsguru_resource_collection').map((c) => c.type)).toEqual(
      f.devOpsGuru.enabled ? [f.devOpsGuru.coverage === 'tags' ? 'AWS_TAGS' : 'AWS_CLOUD_FORMATION'] : [],
    );
  });

  test('has one API-key connection sending the product key in x-api-key, and one POST /events destination', () => {
    const connection = s.only(CONNECTION);
    expect(connection.authorization_type).toBe('API_KEY');
    expect(connection.auth_parameters.api_key.key).toBe('x-api-key');
    expect(connection.auth_parameters.api_key.value).toMatch(
      /^\$\{sensitive\(jsondecode\(data\.aws_secretsmanager_secret_version\.Collector_[A-F0-9]+\.secret_string\)\.apiKey\)\}$/,
    );
    const destination = s.only(DESTINATION);
    expect(destination.http_method).toBe('POST');
    expect(destination.connection_arn).toBe(s.ref(CONNECTION, 'arn'));
    expect(destination.invocation_endpoint).toMatch(/\.endpoint, "\/"\)\}\/events$/);
    expect(destination.invocation_rate_limit_per_second).toBe(product.eventForwarding.rateLimitPerSecond);
  });

  test('targets every rule at the destination, with the retry policy and the dead-letter queue', () => {
    const targets = s.resourceList(TARGET);
    expect(targets.map((t) => t.rule).sort()).toEqual(refs(s, RULE, 'name').sort());
    for (const target of targets) {
      expect(target.arn).toBe(s.ref(DESTINATION, 'arn'));
      expect(target.role_arn).toBe(s.ref('aws_iam_role', 'arn', isInvokeRole));
      expect(target.retry_policy).toEqual({
        maximum_event_age_in_seconds: product.eventForwarding.maxEventAgeSeconds,
        maximum_retry_attempts: product.eventForwarding.maxRetryAttempts,
      });
      expect(target.dead_letter_config).toEqual({ arn: s.ref('aws_sqs_queue', 'arn') });
    }
  });

  test('keeps dead letters in a queue encrypted with a rotating customer-managed key', () => {
    const queue = s.only('aws_sqs_queue');
    expect(queue.kms_master_key_id).toBe(s.ref('aws_kms_key', 'arn', isDeadLetterKey));
    expect(queue.message_retention_seconds).toBe(product.eventForwarding.deadLetterRetentionSeconds);
    expect(s.resourceList('aws_kms_key').find(isDeadLetterKey)!.enable_key_rotation).toBe(true);
  });

  test('lets only these rules, through EventBridge, send to the queue and use its key', () => {
    const ruleArns = refs(s, RULE, 'arn').sort();
    const queuePolicy = s.only('aws_sqs_queue_policy');
    expect(queuePolicy.queue_url).toBe(s.ref('aws_sqs_queue', 'url'));
    const allows = policyStatements(s, queuePolicy.policy).filter((st) => st.effect === 'Allow');
    expect(allows).toHaveLength(1);
    expect(allows[0].actions).toEqual(['sqs:SendMessage']);
    expect(allows[0].resources).toEqual([s.ref('aws_sqs_queue', 'arn')]);
    expect(allows[0].principals).toEqual([{ type: 'Service', identifiers: ['events.amazonaws.com'] }]);
    expect(allows[0].condition).toEqual([
      { test: 'ArnEquals', variable: 'aws:SourceArn', values: expect.any(Array) },
    ]);
    expect([...allows[0].condition[0].values].sort()).toEqual(ruleArns);

    const keyPolicy = JSON.parse(s.resourceList('aws_kms_key').find(isDeadLetterKey)!.policy);
    const forEventBridge = keyPolicy.Statement.filter(
      (st: Json) => st.Principal?.Service === 'events.amazonaws.com',
    );
    expect(forEventBridge).toHaveLength(1);
    expect(forEventBridge[0].Effect).toBe('Allow');
    expect([...forEventBridge[0].Action].sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
    expect(Object.keys(forEventBridge[0].Condition)).toEqual(['ArnEquals']);
    expect([...forEventBridge[0].Condition.ArnEquals['aws:SourceArn']].sort()).toEqual(ruleArns);
    // Everything else in the key policy is the account itself (administration through IAM).
    const others = keyPolicy.Statement.filter((st: Json) => st !== forEventBridge[0]);
    expect(others.map((st: Json) => st.Principal)).toEqual([
      { AWS: expect.stringMatching(/^arn:aws:iam::\$\{data\.aws_caller_identity\./) },
    ]);
  });

  test('gives EventBridge a role that can only invoke this destination', () => {
    const role = s.resourceList('aws_iam_role').find(isInvokeRole)!;
    const trust = policyStatements(s, role.assume_role_policy);
    expect(trust).toHaveLength(1);
    expect(trust[0].principals).toEqual([{ type: 'Service', identifiers: ['events.amazonaws.com'] }]);
    expect(trust[0].condition[0].variable).toBe('aws:SourceAccount');
    const roleId = s.ref('aws_iam_role', 'id', isInvokeRole);
    const attached = s.resourceList('aws_iam_role_policy').filter((p) => p.role === roleId);
    expect(attached).toHaveLength(1);
    const rolePolicy = attached[0];
    expect(policyStatements(s, rolePolicy.policy)).toEqual([
      expect.objectContaining({
        effect: 'Allow',
        actions: ['events:InvokeApiDestination'],
        resources: [s.ref(DESTINATION, 'arn')],
      }),
    ]);
    const roleName = s.ref('aws_iam_role', 'name', isInvokeRole);
    expect(
      s.resourceList('aws_iam_role_policy_attachment').filter((a) => [roleId, roleName].includes(a.role)),
    ).toEqual([]);
    expect(role.managed_policy_arns).toBeUndefined();
  });

  test('monitors the dead-letter queue depth in Datadog: any dead letter warns Slack, a stuck one pages SRE', () => {
    const queueName = s.only('aws_sqs_queue').name;
    const monitors = s.resourceList('datadog_monitor').filter((m) => String(m.query).includes(queueName));
    const alarms = exampleConfig().central.alarms;
    const notify = monitors.find((m) => m.query.startsWith('max('))!;
    const page = monitors.find((m) => m.query.startsWith('min('))!;
    expect(monitors).toHaveLength(2);
    const scope = `${SQS_VISIBLE_MESSAGES_METRIC}{queuename:${queueName},aws_account:`;
    expect(notify.query).toBe(
      `max(last_${alarms.deadLetterQueue.notifyWindowMinutes}m):max:${scope}${account.accountId}} > ${alarms.deadLetterQueue.thresholdMessages}`,
    );
    // Paging needs the queue above the threshold during the whole window: its minimum over it.
    expect(page.query).toBe(
      `min(last_${alarms.deadLetterQueue.pageAfterMinutes}m):max:${scope}${account.accountId}} > ${alarms.deadLetterQueue.thresholdMessages}`,
    );
    // Any dead letter: routed like the product's other warnings, its Slack channel and the collector webhook.
    const routing = stacks.find((st) => st.node.id === stackName)!.datadog.routing;
    expect(notify.message).toContain(`{{#is_alert}}${routing.slackHandle}{{/is_alert}}`);
    expect(notify.message).toContain(`{{#is_recovery}}${routing.slackHandle}{{/is_recovery}}`);
    expect(notify.message).toContain(routing.webhookHandle);
    expect(notify.message).not.toContain('@pagerduty-');
    // Stuck: the SRE service registered in this Datadog account, never the product's own on-call.
    const sre = `@pagerduty-${alarms.pagerduty!.datadogServiceName}-${stackName}`;
    expect(page.message).toContain(`{{#is_alert}}${routing.slackHandle} ${sre}{{/is_alert}}`);
    expect(page.message).toContain(`{{#is_recovery}}${routing.slackHandle} ${sre}{{/is_recovery}}`);
    expect(page.message.match(/@pagerduty-[\w-]+/g)).toEqual([sre, sre]);
    const object = Object.entries(s.resources('datadog_integration_pagerduty_service_object')).find(
      ([, o]) => `@pagerduty-${o.service_name}` === sre,
    )!;
    expect(page.depends_on).toContain(`datadog_integration_pagerduty_service_object.${object[0]}`);
    const key = /pagerduty_service_integration\.([\w-]+)\.integration_key/.exec(object[1].service_key)![1];
    expect(s.resources('pagerduty_service_integration')[key].service).toBe(alarms.pagerduty!.serviceId);
    // Standard tags of the Datadog construct; nothing hard-coded besides them.
    for (const m of [notify, page]) {
      expect(m.tags).toEqual(
        expect.arrayContaining([`product:${product.name}`, `env:${account.env}`, `team:${product.team}`]),
      );
      expect(m.tags.some((t: string) => t.startsWith('managed-by'))).toBe(false);
    }
    // The metric only exists if the account's Datadog AWS integration collects AWS/SQS, whatever the services.
    const integration = s.only('datadog_integration_aws_account');
    expect(integration.metrics_config.namespace_filters.include_only).toContain('AWS/SQS');
  });

  test('deploys the product toil apps from the Serverless Application Repository', () => {
    const apps = s.resourceList('aws_serverlessapplicationrepository_cloudformation_stack');
    expect(apps.map((a) => a.name).sort()).toEqual(product.toilApps.map((a) => a.name).sort());
    for (const app of apps) {
      const configured = product.toilApps.find((a) => a.name === app.name)!;
      expect(app.application_id).toBe(configured.applicationId);
      expect(app.semantic_version).toBe(configured.semanticVersion);
      expect(app.capabilities).toEqual(configured.capabilities);
      expect(Object.values(app.parameters).every((v) => typeof v === 'string')).toBe(true);
    }
  });

  test('never holds the API key as a literal: it is read from the collector secret at plan time', () => {
    const key = s.only(CONNECTION).auth_parameters.api_key.value as string;
    const mentions = s.text.match(/[^"]*apiKey[^"]*/g) ?? [];
    expect(mentions.length).toBeGreaterThan(0);
    expect(mentions.every((m) => m.includes('data.aws_secretsmanager_secret_version.Collector_'))).toBe(true);
    expect(key).not.toMatch(/^[A-Za-z0-9]{20,}$/);
  });
});

test('the synthesized rules forward the real sample events (as deployed, not only as data)', () => {
  const s = synth('payments-prod');
  const deployed = s
    .resourceList(RULE)
    .map((r) => ({ id: ruleIdOf(r, 'payments-prod'), pattern: JSON.parse(r.event_pattern) }));
  const matching = (event: unknown) =>
    deployed.filter((r) => matchesEventPattern(r.pattern, event)).map((r) => r.id);
  expect(matching(fixture('events/ecs/ecs-deployment-state-change.failed.awsdocs.json'))).toEqual([
    'ecs-deployment-failed',
  ]);
  expect(matching(fixture('events/securityhub/findings-imported.cis-1.4.aws-solutions.json'))).toEqual([
    'securityhub-asff',
  ]);
  expect(matching(fixture('events/ecs/ecs-task-state-change.fargate-running.awsdocs.json'))).toEqual([]);
  expect(
    matching({
      source: 'acme.toil',
      'detail-type': 'Toil Job Status',
      detail: { action: 'clean-logs', status: 'failed', summary: 'Log group not found' },
    }),
  ).toEqual(['toil']);
});

test('search-prod keeps only HIGH and CRITICAL Inspector findings, as configured', () => {
  const rule = synth('search-prod')
    .resourceList(RULE)
    .find((r) => r.name === 'obs-search-prod-inspector')!;
  const inspector = fixture('events/inspector2/inspector2-finding.ec2-package-vulnerability.awsdocs.json');
  expect(matchesEventPattern(JSON.parse(rule.event_pattern), inspector)).toBe(false);
});

describe('config variants', () => {
  /** The example config with search's whole eventForwarding block replaced. */
  const withForwarding = (yaml: string) => {
    const text = exampleConfigText();
    const start = text.indexOf('    eventForwarding:\n      inspectorMinSeverity: HIGH\n');
    const end = text.indexOf('    toilApps:', start);
    if (start < 0 || end < start)
      throw new Error('example config layout changed: search eventForwarding not found');
    return text.slice(0, start) + yaml + text.slice(end);
  };

  test('retry and rate settings reach every target and the destination', () => {
    const config = parsePlatformConfigYaml(
      withForwarding(
        '    eventForwarding:\n      maxEventAgeSeconds: 3600\n      maxRetryAttempts: 10\n      rateLimitPerSecond: 5\n',
      ),
    );
    const search = buildTestPlatform(config).products.find((p) => p.node.id === 'search-prod')!;
    const s = Synthesized.of(search);
    for (const target of s.resourceList(TARGET)) {
      expect(target.retry_policy).toEqual({ maximum_event_age_in_seconds: 3600, maximum_retry_attempts: 10 });
    }
    expect(s.only(DESTINATION).invocation_rate_limit_per_second).toBe(5);
  });

  test('disabled forwarding creates no rule, queue or monitor; a product without ECS gets no ECS rule', () => {
    const config = parsePlatformConfigYaml(withForwarding('    eventForwarding: { enabled: false }\n'));
    const search = Synthesized.of(
      buildTestPlatform(config).products.find((p) => p.node.id === 'search-prod')!,
    );
    expect(search.resourceList(RULE)).toEqual([]);
    expect(search.resourceList('aws_sqs_queue')).toEqual([]);
    expect(
      search.resourceList('datadog_monitor').filter((m) => String(m.query).includes('events-dlq')),
    ).toEqual([]);

    const noEcs = parsePlatformConfigYaml(
      exampleConfigText().replace('services: [ec2, alb, ecs, elasticache, lambda]', 'services: [ec2, alb]'),
    );
    const rules = Synthesized.of(buildTestPlatform(noEcs).products.find((p) => p.node.id === 'search-prod')!)
      .resourceList(RULE)
      .map((r) => ruleIdOf(r, 'search-prod'));
    expect(rules.filter((id) => id.startsWith('ecs-'))).toEqual([]);
    expect(rules).toContain('guardduty');
  });
});

test('the monitored metric is a real Datadog SQS metric (reference list copied from ../shared)', () => {
  const reference = fixtureText('datadog-reference/aws-metrics-used-by-claranet-monitors.csv');
  expect(reference.split('\n').some((line) => line.endsWith(`,${SQS_VISIBLE_MESSAGES_METRIC}`))).toBe(true);
});
