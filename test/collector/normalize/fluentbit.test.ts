import { normalizeDelivery } from '../../../lambda-src/collector/normalize';
import { logSeverity } from '../../../lambda-src/collector/normalize/fluentbit';
import { ctx, documents, fixture, RECEIVED_AT, reason } from './support';

const TAP_ARRAY = 'fluentbit/json-format-array.tap-stdout-format-json.fluent-bit-docs.json';
const FIRELENS_RECORD = 'fluentbit/firelens-record.ecs-metadata-fields.awsdocs.json';

describe('Fluent Bit http output (format json)', () => {
  test('a json-format array: one log document per record, dated by its epoch `date`', () => {
    const batch = fixture<Record<string, unknown>[]>(TAP_ARRAY);
    const docs = documents(normalizeDelivery('fluentbit', batch, ctx()));
    expect(docs).toHaveLength(4);
    // "date": 1674805634.974457, 1674805634.974605, 1674805635.972398, 1674805635.972413
    expect(docs.map((d) => d.occurredAt)).toEqual([
      '2023-01-27T07:47:14.974Z',
      '2023-01-27T07:47:14.975Z',
      '2023-01-27T07:47:15.972Z',
      '2023-01-27T07:47:15.972Z',
    ]);
    for (const [i, d] of docs.entries()) {
      expect(d).toMatchObject({ source: 'applog', kind: 'log', severity: 'info', status: 'info' });
      expect(d.raw).toBe(batch[i]);
    }
    // records without a message are titled with their content
    expect(docs[0].title).toMatch(/^\{"type":1,"trace_id":"0","plugin_instance":"dummy\.0"/);
    expect(new Set(docs.map((d) => d.id)).size).toBe(4);
  });

  test('a FireLens record: container, task, account and region from the ECS metadata', () => {
    const record = { date: 1671000068.5, ...fixture(FIRELENS_RECORD) };
    const [doc] = documents(normalizeDelivery('fluentbit', [record], ctx()));
    expect(doc).toMatchObject({
      source: 'applog',
      kind: 'log',
      // "Exception in thread "main" java.lang.RuntimeException" with no level field
      severity: 'high',
      status: 'info',
      title:
        '[app] Dec 14 06:41:08 Exception in thread "main" java.lang.RuntimeException: Something has gone wrong, aborting!',
      occurredAt: '2022-12-14T06:41:08.500Z',
      region: 'us-east-1',
      resource: 'arn:aws:ecs:us-east-1:xxxxxxxxxxxx:task/default/xxxxxx',
    });
    // "xxxxxxxxxxxx" in the docs' ARN is not an account id
    expect(doc).not.toHaveProperty('account');
  });

  test('a record without any time is dated by its arrival', () => {
    const [doc] = documents(normalizeDelivery('fluentbit', [fixture(FIRELENS_RECORD)], ctx()));
    expect(doc.occurredAt).toBe(RECEIVED_AT);
  });

  test('identical records in one batch are distinct documents, and a retried batch gives the same ids', () => {
    const record = { date: 1671000068.5, log: 'GET /health 200', container_name: 'web' };
    const first = documents(normalizeDelivery('fluentbit', [record, { ...record }], ctx()));
    const retry = documents(normalizeDelivery('fluentbit', [{ ...record }, { ...record }], ctx()));
    expect(first[0].id).not.toBe(first[1].id);
    expect(retry.map((d) => d.id)).toEqual(first.map((d) => d.id));
  });

  test.each([
    [{ level: 'error' }, 'plain text', 'high'],
    [{ level: 'WARN' }, 'plain text', 'medium'],
    [{ severity: 'critical' }, 'plain text', 'critical'],
    [{ log_level: 'notice' }, 'plain text', 'low'],
    [{ level: 'info' }, 'ERROR: looks bad but the level says info', 'info'],
    [{ level: 50 }, 'pino error', 'high'],
    [{ level: 60 }, 'pino fatal', 'critical'],
    [{ level: 40 }, 'pino warn', 'medium'],
    [{ level: 30 }, 'pino info', 'info'],
    [{}, 'Traceback (most recent call last):', 'high'],
    [{}, 'panic: runtime error: index out of range', 'high'],
    [{}, 'TypeError: Cannot read properties of undefined', 'high'],
    [{}, '2026-11-26 12:00:00 [error] upstream timed out', 'high'],
    [{}, 'processed 10 items, 0 errors', 'info'],
    [{}, 'GET /health 200', 'info'],
  ])('level %p with line %p → %s', (fields, line, expected) => {
    expect(logSeverity({ ...fields, log: line }, line)).toBe(expected);
  });

  test('a JSON log line gives its level and message', () => {
    const line = JSON.stringify({ level: 'error', msg: 'payment declined', orderId: 7 });
    const [doc] = documents(
      normalizeDelivery('fluentbit', [{ date: 1671000068, log: line, container_name: 'api' }], ctx()),
    );
    expect(doc).toMatchObject({ severity: 'high', title: '[api] payment declined' });
  });

  test('an empty batch gives no documents', () => {
    expect(documents(normalizeDelivery('fluentbit', [], ctx()))).toEqual([]);
  });

  test('fails on a single record that is not in an array', () => {
    expect(reason(normalizeDelivery('fluentbit', fixture(FIRELENS_RECORD), ctx()))).toBe(
      'Fluent Bit batch: expected a JSON array of records (http output with format json)',
    );
  });

  test('fails on a record that is not an object, naming its index', () => {
    expect(reason(normalizeDelivery('fluentbit', [{ log: 'ok' }, 'just a string'], ctx()))).toBe(
      'Fluent Bit batch: record [1] is not a JSON object',
    );
  });
});
