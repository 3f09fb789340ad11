import * as z from 'zod';
import {
  documentId,
  explain,
  isoUtc,
  oneLine,
  PARSE_OPTIONS,
  toEvent,
} from '../../../lambda-src/collector/normalize/common';
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
    ['Sat, 05 Jun 2016 15:10:09 GMT', '2016-06-05T15:10:09.000Z'], // AWS Health (HTTP date)
    ['Tue, 7 Feb 2017 00:55:52 GMT', '2017-02-07T00:55:52.000Z'],
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
    ['Tue, 31 Feb 2017 00:55:52 GMT'],
    ['Tue, 07 Feb 2017 24:00:00 GMT'],
    ['Tue, 07 Foo 2017 00:55:52 GMT'],
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

describe('schema reasons (issueMessage): the field, what was expected, what arrived', () => {
  const schema = z.object({
    name: z.string().min(1),
    count: z.number().min(1),
    tags: z.array(z.string()).min(1),
    mode: z.enum(['a', 'b']),
    when: z.iso.datetime(),
    nested: z.object({ flag: z.boolean() }),
  });
  const valid = {
    name: 'x',
    count: 1,
    tags: ['t'],
    mode: 'a',
    when: '2024-01-01T00:00:00Z',
    nested: { flag: true },
  };

  test.each([
    [{ name: undefined }, 'name: missing (string expected)'],
    [{ name: '' }, 'name: must not be empty'],
    [{ name: 42 }, 'name: expected string, got number 42'],
    [{ count: 0 }, 'count: must be at least 1, got number 0'],
    [{ tags: [] }, 'tags: must list at least 1 item(s)'],
    [{ tags: [1] }, 'tags[0]: expected string, got number 1'],
    [{ mode: 'c' }, 'mode: expected one of "a", "b", got string "c"'],
    [{ when: 'soon' }, 'when: expected datetime format, got string "soon"'],
    [{ nested: { flag: 'yes' } }, 'nested.flag: expected boolean, got string "yes"'],
    [{ nested: null }, 'nested: expected object, got null'],
    [{ name: 'y'.repeat(100), count: 'n' }, 'count: expected number, got string "n"'],
  ])('%p → %s', (change, expected) => {
    const parsed = schema.safeParse({ ...valid, ...change }, PARSE_OPTIONS);
    expect(parsed.success).toBe(false);
    if (!parsed.success) expect(explain('thing', parsed.error)).toBe(`thing: ${expected}`);
  });

  test('a long string value is cut in the reason', () => {
    const parsed = z.object({ n: z.number() }).safeParse({ n: 'z'.repeat(100) }, PARSE_OPTIONS);
    if (parsed.success) throw new Error('expected a failure');
    expect(explain('thing', parsed.error)).toBe(`thing: n: expected number, got string "${'z'.repeat(39)}…"`);
  });

  test('a message the schema sets itself is kept', () => {
    const parsed = z
      .object({ u: z.string().regex(/^https?:/, 'must be an http(s) URL') })
      .safeParse({ u: 'ftp:' }, PARSE_OPTIONS);
    if (parsed.success) throw new Error('expected a failure');
    expect(explain('thing', parsed.error)).toBe('thing: u: must be an http(s) URL');
  });
});
