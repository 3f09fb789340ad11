import { QUARANTINE_METRIC } from '../../constructs/collector/collector-monitoring';
import { collect } from '../../lambda-src/collector/collect';
import { normalizeDelivery } from '../../lambda-src/collector/normalize';
import {
  countingQuarantine,
  QUARANTINE_METRIC_NAME,
  QUARANTINE_METRIC_NAMESPACE,
} from '../../lambda-src/collector/quarantine-metric';
import { testDeps } from '../collector/support/deps';
import { fixtureBytes } from '../collector/support/fixtures';
import { proxyEvent } from '../collector/support/proxy-event';
import type { Json, Synthesized } from '../support/synth';

/** An AWS event no normalizer handles (EC2 state change). */
const EC2_EVENT = 'eventbridge/generic-envelope.powertools-python.json';

import { collectorPart, exampleWithCentral, synthCentral } from './central-synth';

let s: Synthesized;
beforeAll(() => {
  s = collectorPart(synthCentral());
});

function alarmOn(namespace: string, metric: string, dimensions: Record<string, string>): Json[] {
  return s
    .resourceList('aws_cloudwatch_metric_alarm')
    .filter(
      (a) =>
        a.namespace === namespace &&
        a.metric_name === metric &&
        Object.entries(dimensions).every(([k, v]) => a.dimensions[k] === v),
    );
}

test('alarms cover the collector, the authorizer, the API and every DocumentDB instance', () => {
  const fn = (f: string) => ({ FunctionName: f });
  const api = { ApiName: 'observability-collector', Stage: 'v1' };
  const expected: [string, string, Record<string, string>][] = [
    ['AWS/Lambda', 'Errors', fn('observability-collector')],
    ['AWS/Lambda', 'Throttles', fn('observability-collector')],
    ['AWS/Lambda', 'Errors', fn('observability-collector-authorizer')],
    ['AWS/Lambda', 'Errors', fn('observability-collector-anomaly-detector')],
    ['AWS/ApiGateway', '5XXError', api],
    ['AWS/ApiGateway', 'Latency', api],
    ['AWS/DocDB', 'VolumeBytesUsed', { DBClusterIdentifier: 'observability-collector' }],
    ['Observability/Collector', 'QuarantinedDeliveries', {}],
  ];
  for (const instance of ['observability-collector-1', 'observability-collector-2']) {
    for (const metric of ['CPUUtilization', 'DatabaseConnections', 'FreeableMemory']) {
      expected.push(['AWS/DocDB', metric, { DBInstanceIdentifier: instance }]);
    }
  }
  for (const [namespace, metric, dims] of expected) {
    expect({ namespace, metric, dims, alarms: alarmOn(namespace, metric, dims).length }).toEqual({
      namespace,
      metric,
      dims,
      alarms: 1,
    });
  }
  expect(s.resourceList('aws_cloudwatch_metric_alarm')).toHaveLength(expected.length);
  // The names the alarms watch are the resources' real names.
  const names = s.resourceList('aws_lambda_function').map((f) => f.function_name);
  // The database bootstrap runs at deploy only: a failure fails the apply, no alarm needed.
  expect(names.sort()).toEqual([
    'observability-collector',
    'observability-collector-anomaly-detector',
    'observability-collector-authorizer',
    'observability-collector-db-bootstrap',
  ]);
  expect(
    s
      .resourceList('aws_docdb_cluster_instance')
      .map((i) => i.identifier)
      .sort(),
  ).toEqual(['observability-collector-1', 'observability-collector-2']);
});

test("the connection alarm fires before the instance class's limit, and latency is judged on p99", () => {
  // db.t4g.medium: 500 connections, alarm at 80 %.
  expect(alarmOn('AWS/DocDB', 'DatabaseConnections', {})[0]).toMatchObject({
    statistic: 'Maximum',
    comparison_operator: 'GreaterThanThreshold',
    threshold: 400,
  });
  const latency = alarmOn('AWS/ApiGateway', 'Latency', {})[0];
  expect(latency.extended_statistic).toBe('p99');
  expect(latency.statistic).toBeUndefined();
});

test('every alarm notifies the encrypted topic, which CloudWatch of this account may publish to', () => {
  const topic = s.ref('aws_sns_topic', 'arn');
  for (const alarm of s.resourceList('aws_cloudwatch_metric_alarm')) {
    expect(alarm.alarm_actions).toEqual([topic]);
    expect(alarm.ok_actions).toEqual([topic]);
  }
  const statement = JSON.parse(s.only('aws_sns_topic_policy').policy).Statement[0];
  expect(statement).toMatchObject({
    Principal: { Service: 'cloudwatch.amazonaws.com' },
    Action: ['sns:Publish'],
    Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } },
  });
  expect(s.resourceList('aws_sns_topic_subscription').map((x) => [x.protocol, x.endpoint])).toEqual([
    ['email', 'sre-oncall@example.com'],
  ]);
});

test('with an existing topic, no topic is created and the alarms go there', () => {
  const topicArn = 'arn:aws:sns:ap-northeast-1:111111111111:sre-alarms';
  const synth = collectorPart(
    synthCentral(
      exampleWithCentral((central) => {
        central.alarms = { topicArn };
      }),
    ),
  );
  expect(synth.resourceList('aws_sns_topic')).toEqual([]);
  for (const alarm of synth.resourceList('aws_cloudwatch_metric_alarm'))
    expect(alarm.alarm_actions).toEqual([topicArn]);
});

describe('quarantine alarm', () => {
  const quarantineAlarm = (synth: Synthesized) =>
    synth.resourceList('aws_cloudwatch_metric_alarm').filter((a) => a.metric_name === QUARANTINE_METRIC_NAME);

  test('a quarantined delivery raises it: the collector writes the very metric the alarm watches', async () => {
    const [alarm] = quarantineAlarm(s);
    const { deps, store } = testDeps({ normalize: normalizeDelivery });
    const lines: string[] = [];
    const counted = { ...deps, store: countingQuarantine(store, (l) => lines.push(l)) };

    const res = await collect(proxyEvent('/events', fixtureBytes(EC2_EVENT)), counted);

    expect(res.statusCode).toBe(202);
    const emf = JSON.parse(lines[0]);
    const [directive] = emf._aws.CloudWatchMetrics;
    // The alarm's metric identity (namespace, name, no dimensions) is one the EMF line publishes.
    expect(directive.Namespace).toBe(alarm.namespace);
    expect(directive.Metrics.map((m: Json) => m.Name)).toContain(alarm.metric_name);
    expect(directive.Dimensions).toContainEqual(Object.keys(alarm.dimensions ?? {}));
    // One delivery in the period: the Sum reaches the default threshold.
    expect(alarm).toMatchObject({
      statistic: 'Sum',
      comparison_operator: 'GreaterThanOrEqualToThreshold',
      period: 300,
      evaluation_periods: 1,
      treat_missing_data: 'notBreaching',
    });
    expect(emf[alarm.metric_name]).toBeGreaterThanOrEqual(alarm.threshold);
    // Routed like the other collector alarms.
    expect(alarm.alarm_actions).toEqual(alarmOn('AWS/Lambda', 'Throttles', {})[0].alarm_actions);
  });

  test('threshold and period come from central.alarms.quarantine', () => {
    const synth = collectorPart(
      synthCentral(
        exampleWithCentral((central) => {
          central.alarms = { ...central.alarms, quarantine: { threshold: 25, periodMinutes: 60 } };
        }),
      ),
    );
    expect(quarantineAlarm(synth)).toEqual([expect.objectContaining({ threshold: 25, period: 3600 })]);
  });

  test('the construct and the collector name the same metric', () => {
    expect(QUARANTINE_METRIC).toEqual({
      namespace: QUARANTINE_METRIC_NAMESPACE,
      name: QUARANTINE_METRIC_NAME,
    });
  });
});
