import { normalizeDelivery } from '../../../lambda-src/collector/normalize';
import { ctx, fixture, only, reason } from './support';

const DOCS = 'devopsguru/new-insight-open.apigateway-5xx.awsdocs.json';
const SERVICENOW = 'devopsguru/new-insight-open.dynamodb-latency.aws-samples-servicenow.json';

const update = (detailType: string, detail: Record<string, unknown> = {}) => {
  const event = fixture(DOCS);
  return {
    ...event,
    id: `${event.id}-${detailType.length}`,
    'detail-type': detailType,
    detail: { ...event.detail, ...detail },
  };
};

describe('DevOps Guru insight events', () => {
  test('a new insight (AWS docs sample) is an open anomaly with the severity, metric, link and start time', () => {
    const event = fixture(DOCS);
    const doc = only(normalizeDelivery('eventbridge', event, ctx()));
    expect(doc).toMatchObject({
      source: 'devopsguru',
      kind: 'anomaly',
      severity: 'high',
      status: 'open',
      title:
        'DevOps Guru reactive insight opened: ApiGateway 5XXError Anomalous In Stack TestStack (AWS/ApiGateway 5XXError)',
      occurredAt: '2021-11-01T17:02:00.000Z', // detail.startTime 1635786120000
      account: '123456789012',
      region: 'us-east-1',
      url: event.detail.insightUrl,
    });
    expect(doc.raw).toBe(event);
  });

  test('the AWS connector sample: low, resource from the anomaly, each metric named once', () => {
    const doc = only(normalizeDelivery('eventbridge', fixture(SERVICENOW), ctx()));
    expect(doc).toMatchObject({
      severity: 'low',
      resource:
        'arn:aws:dynamodb:us-east-1:294317511129:table/myServerless-Stack-ShopsTableMonitorOper-5U9YUOFGHWXI',
      title:
        'DevOps Guru reactive insight opened: DynamoDB SuccessfulRequestLatency Anomalous In Application myServerless-Stack (AWS/ApiGateway Count, AWS/DynamoDB SuccessfulRequestLatency)',
    });
  });

  test('each update of one insight is its own document; closed resolves it at its end time', () => {
    const opened = only(normalizeDelivery('eventbridge', fixture(DOCS), ctx()));
    const upgraded = only(
      normalizeDelivery('eventbridge', update('DevOps Guru Insight Severity Upgraded'), ctx()),
    );
    const closed = only(
      normalizeDelivery(
        'eventbridge',
        update('DevOps Guru Insight Closed', { endTime: '1635789720000' }),
        ctx(),
      ),
    );
    expect(new Set([opened.id, upgraded.id, closed.id]).size).toBe(3);
    expect(upgraded).toMatchObject({ status: 'open', occurredAt: '2021-11-01T17:06:10.000Z' });
    expect(closed).toMatchObject({ status: 'resolved', occurredAt: '2021-11-01T18:02:00.000Z' });
    expect(closed.title).toContain('insight closed');
  });

  test('an anomaly without a metric (a log anomaly) is named by its data source', () => {
    const doc = only(
      normalizeDelivery(
        'eventbridge',
        update('DevOps Guru New Anomaly Association', {
          anomalies: [{ id: 'a1', sourceDetails: [{ dataSource: 'CW_LOGS' }] }],
        }),
        ctx(),
      ),
    );
    expect(doc.title).toBe(
      'DevOps Guru reactive insight new anomaly: ApiGateway 5XXError Anomalous In Stack TestStack (CW_LOGS)',
    );
  });

  test('an unknown severity is refused naming the field and the allowed values', () => {
    expect(
      reason(
        normalizeDelivery(
          'eventbridge',
          update('DevOps Guru New Insight Open', { insightSeverity: 'urgent' }),
          ctx(),
        ),
      ),
    ).toBe(
      'DevOps Guru event: detail.insightSeverity: expected one of "high", "medium", "low", got "urgent"',
    );
  });
});
