// The platform pages when it is down: the collector's CloudWatch alarms reach the SRE team's PagerDuty
// service through PagerDuty's CloudWatch integration (SNS https subscription), as configured in
// central.alarms.pagerduty of the example config.
import { CLOUDWATCH_VENDOR_NAME } from '../../constructs/pagerduty/cloudwatch-link';
import { exampleRaw, problemsOf } from '../support/config';
import { buildTestPlatform, exampleConfig, type Json, Synthesized } from '../support/synth';
import { exampleWithCentral, synthCentral } from './central-synth';

const INTEGRATION = 'pagerduty_service_integration';
const SUBSCRIPTION = 'aws_sns_topic_subscription';

describe('the example central stack', () => {
  const s = synthCentral();
  const sre = exampleConfig().central.alarms.pagerduty!;

  test('every collector alarm notifies a topic that is subscribed to a CloudWatch integration of the SRE service', () => {
    const integrationId = s.idOf(INTEGRATION);
    const integration = s.only(INTEGRATION);
    expect(integration.service).toBe(sre.serviceId);
    const [[vendorId, vendor]] = Object.entries(s.dataSources('pagerduty_vendor'));
    expect(integration.vendor).toBe(`\${data.pagerduty_vendor.${vendorId}.id}`);
    expect(vendor.name).toBe(CLOUDWATCH_VENDOR_NAME);
    // A fuzzy vendor match would give an integration that does not read CloudWatch notifications.
    expect(vendor.lifecycle.postcondition[0].condition).toBe(`\${self.name == "${CLOUDWATCH_VENDOR_NAME}"}`);

    const https = s.resourceList(SUBSCRIPTION).filter((x) => x.protocol === 'https');
    expect(https).toHaveLength(1);
    expect(https[0].endpoint).toBe(
      `\${sensitive("https://events.pagerduty.com/integration/\${${INTEGRATION}.${integrationId}.integration_key}/enqueue")}`,
    );
    expect(https[0].endpoint_auto_confirms).toBe(true);

    const alarms = s.resourceList('aws_cloudwatch_metric_alarm');
    expect(alarms.length).toBeGreaterThanOrEqual(8);
    for (const alarm of alarms) {
      // ALARM opens the incident, OK resolves it: both must reach the subscribed topic.
      expect(alarm.alarm_actions).toContain(https[0].topic_arn);
      expect(alarm.ok_actions).toContain(https[0].topic_arn);
    }
    expect(alarms.map((a) => a.metric_name)).toEqual(
      expect.arrayContaining(['5XXError', 'Throttles', 'Errors', 'CPUUtilization', 'FreeableMemory']),
    );
  });

  test('the PagerDuty token is a sensitive variable, never a literal', () => {
    expect(s.json.provider.pagerduty).toEqual([{ token: '${var.pagerduty_token}' }]);
    expect(s.json.variable.pagerduty_token).toMatchObject({ sensitive: true, type: 'string' });
    expect(s.json.variable.pagerduty_token.default).toBeUndefined();
  });
});

describe('without central.alarms.pagerduty', () => {
  const config = exampleWithCentral((central) => {
    delete central.alarms.pagerduty;
  });

  test('the central stack has no PagerDuty provider, integration or https subscription', () => {
    const s = synthCentral(config);
    expect(s.json.provider.pagerduty).toBeUndefined();
    expect(s.resourceList(INTEGRATION)).toEqual([]);
    expect(s.resourceList(SUBSCRIPTION).filter((x) => x.protocol === 'https')).toEqual([]);
  });

  test('product accounts keep the dead-letter notification, and nothing pages the platform', () => {
    for (const stack of buildTestPlatform(config).products) {
      const s = Synthesized.of(stack);
      const dlq = s.resourceList('datadog_monitor').filter((m) => String(m.query).includes('events-dlq'));
      expect(dlq.map((m: Json) => m.query.slice(0, 4))).toEqual(['max(']);
      expect(s.text).not.toContain('observability-platform');
    }
  });
});

test('with an existing alarm topic, PagerDuty subscribes to that topic', () => {
  const topicArn = 'arn:aws:sns:ap-northeast-1:111111111111:sre-alarms';
  const s = synthCentral(
    exampleWithCentral((central) => {
      central.alarms = { topicArn, pagerduty: { serviceId: 'PSRE001' } };
    }),
  );
  expect(s.only(SUBSCRIPTION)).toMatchObject({ topic_arn: topicArn, protocol: 'https' });
});

test('dead-letter thresholds come from the config', () => {
  const config = exampleWithCentral((central) => {
    central.alarms.deadLetterQueue = { thresholdMessages: 5, notifyWindowMinutes: 30, pageAfterMinutes: 120 };
  });
  const s = Synthesized.of(buildTestPlatform(config).products.find((p) => p.node.id === 'search-prod')!);
  const queries = s
    .resourceList('datadog_monitor')
    .map((m) => String(m.query))
    .filter((q) => q.includes('events-dlq'))
    .sort();
  expect(queries).toEqual([
    'max(last_30m):max:aws.sqs.approximate_number_of_messages_visible{queuename:obs-search-prod-events-dlq,aws_account:444444444444} > 5',
    'min(last_120m):max:aws.sqs.approximate_number_of_messages_visible{queuename:obs-search-prod-events-dlq,aws_account:444444444444} > 5',
  ]);
});

test('config errors name the path', () => {
  const raw = exampleRaw();
  raw.central.alarms.pagerduty = { serviceId: 'sre-team', extra: 1 };
  raw.central.alarms.deadLetterQueue = { pageAfterMinutes: 2 };
  expect(problemsOf(raw)).toEqual([
    'central.alarms.pagerduty.serviceId: must be a PagerDuty service id: "P" followed by 6 upper-case letters or digits (e.g. PABC123), got "sre-team"',
    expect.stringMatching(/^central\.alarms\.pagerduty\.extra: unknown key/),
    'central.alarms.deadLetterQueue.pageAfterMinutes: must be at least 5 (minutes), got 2',
  ]);
});
