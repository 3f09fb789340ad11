import { documentId, isoUtc, oneLine, toEvent } from '../../../lambda-src/collector/normalize/common';
import { ctx } from './support';

describe('timestamps (isoUtc)', () => {
  test.each([
    ['2020-05-27T03:37:40Z', '2020-05-27T03:37:40.000Z'],
    ['2019-08-19T20:58:37.391000Z', '2019-08-19T20:58:37.391Z'], // Sentry: microseconds
    ['2020-09-13T12:26:40.000000Z', '2020-09-13T12:26:40.000Z'],
    ['2024-01-01T09:00:00+09:00', '2024-01-01T00:00:00.000Z'],
    ['2024-01-01T09:00:00+0900', '2024-01-01T00:00:00.000Z'],
    ['2024-01-01 00:00:00', '2024-01-01T00:00:00.000Z'], // no zone: UTC
    ['Wed Sep 04 17:00:36.951 UTC 2024', '2024-09-04T17:00:36.951Z'], // Inspector
    ['1759343824000', '2025-10-01T18:37:04.000Z'], // Datadog $DATE, ms
    [1674805634.974457, '2023-01-27T07:47:14.974Z'], // Fluent Bit date, s
    [1566248317.391, '2019-08-19T20:58:37.391Z'],
  ])('%p → %s', (input, expected) => {
    expect(isoUtc(input)).toBe(expected);
  });

  test.each([
    ['yesterday'],
    ['1'],
    [''],
    ['2024-02-30T25:61:00Z'],
    [Number.NaN],
    [Number.POSITIVE_INFINITY],
    [-1],
    [null],
    [{}],
    ['Wed Foo 04 17:00:36 UTC 2024'],
  ])('%p is not a timestamp', (input) => {
    expect(isoUtc(input)).toBeUndefined();
  });
});

describe('titles (oneLine)', () => {
  test('collapses newlines and runs of spaces', () => {
    expect(oneLine('  a\n\tb   c \r\n')).toBe('a b c');
  });

  test('caps the length at 300 characters with an ellipsis', () => {
    const title = oneLine('x'.repeat(1000));
    expect(title).toHaveLength(300);
    expect(title.endsWith('…')).toBe(true);
  });
});

describe('documents (toEvent)', () => {
  const draft = {
    kind: 'alert',
    severity: 'high',
    status: 'open',
    title: 'Disk full',
    occurredAt: '2024-01-01T00:00:00.000Z',
    raw: {},
  } as const;

  test.each([['javascript:alert(1)'], ['data:text/html,x'], [' '], ['https://'], ['ftp://host/file']])(
    'drops the link %p',
    (url) => {
      expect(toEvent(ctx(), 'datadog', ['1'], { ...draft, url })).not.toHaveProperty('url');
    },
  );

  test('keeps http(s) links', () => {
    expect(
      toEvent(ctx(), 'datadog', ['1'], { ...draft, url: 'https://app.datadoghq.com/monitors/1' }).url,
    ).toBe('https://app.datadoghq.com/monitors/1');
  });

  test('blank optional fields are left out and a blank title gets a generic one', () => {
    const event = toEvent(ctx(), 'datadog', ['1'], {
      ...draft,
      title: ' \n ',
      account: ' ',
      region: '',
      resource: '\t',
    });
    expect(event.title).toBe('datadog alert');
    expect(Object.keys(event)).toEqual([
      'id',
      'product',
      'source',
      'kind',
      'severity',
      'status',
      'title',
      'occurredAt',
      'receivedAt',
      'raw',
    ]);
  });
});

describe('ids (documentId)', () => {
  test('is sha256 hex over product, source and parts', () => {
    expect(documentId('payments', 'guardduty', ['abc', '2024-01-01T00:00:00Z'])).toMatch(/^[0-9a-f]{64}$/);
  });

  test('parts cannot run into each other', () => {
    expect(documentId('p', 'sentry', ['a:b'])).not.toBe(documentId('p', 'sentry', ['a', 'b']));
    expect(documentId('p', 'sentry', ['ab', 'c'])).not.toBe(documentId('p', 'sentry', ['a', 'bc']));
  });

  test('differs by product and by source', () => {
    const id = documentId('payments', 'datadog', ['1']);
    expect(documentId('search', 'datadog', ['1'])).not.toBe(id);
    expect(documentId('payments', 'sentry', ['1'])).not.toBe(id);
  });
});
