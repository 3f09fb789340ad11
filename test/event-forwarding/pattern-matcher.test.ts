import {
  assertSupportedPattern,
  type EventPattern,
  matchesEventPattern,
  patternProblems,
} from '../../constructs/event-forwarding/pattern-matcher';

// Examples follow the EventBridge user guide's content-filtering and array pages.
const ec2Event = {
  source: 'aws.ec2',
  'detail-type': 'EC2 Instance State-change Notification',
  resources: [
    'arn:aws:ec2:us-west-1:123456789012:instance/i-1',
    'arn:aws:ec2:us-west-1:123456789012:instance/i-2',
  ],
  detail: { state: 'terminated', count: 5, ratio: 0.5, flag: true, nothing: null, tags: ['a', 'b'] },
};

describe('exact values', () => {
  test('match a string, number, boolean or null when one of the listed values is equal', () => {
    expect(matchesEventPattern({ source: ['aws.s3', 'aws.ec2'] }, ec2Event)).toBe(true);
    expect(matchesEventPattern({ detail: { count: [5] } }, ec2Event)).toBe(true);
    expect(matchesEventPattern({ detail: { flag: [true] } }, ec2Event)).toBe(true);
    expect(matchesEventPattern({ detail: { nothing: [null] } }, ec2Event)).toBe(true);
  });

  test('are case-sensitive and typed: "5" is not 5', () => {
    expect(matchesEventPattern({ source: ['AWS.EC2'] }, ec2Event)).toBe(false);
    expect(matchesEventPattern({ detail: { count: ['5'] } }, ec2Event)).toBe(false);
  });

  test('every field of the pattern must match (AND)', () => {
    expect(matchesEventPattern({ source: ['aws.ec2'], detail: { state: ['running'] } }, ec2Event)).toBe(
      false,
    );
  });

  test('an array in the event matches when any element is listed', () => {
    expect(matchesEventPattern({ detail: { tags: ['b', 'z'] } }, ec2Event)).toBe(true);
    expect(matchesEventPattern({ detail: { tags: ['z'] } }, ec2Event)).toBe(false);
  });

  test('a field missing from the event does not match', () => {
    expect(matchesEventPattern({ detail: { missing: ['x'] } }, ec2Event)).toBe(false);
    expect(matchesEventPattern({ nested: { deeper: ['x'] } }, ec2Event)).toBe(false);
  });

  test('a value list does not match an object in the event', () => {
    expect(matchesEventPattern({ detail: ['terminated'] }, ec2Event)).toBe(false);
  });
});

describe('prefix', () => {
  test('matches strings that start with it', () => {
    expect(matchesEventPattern({ resources: [{ prefix: 'arn:aws:ec2:' }] }, ec2Event)).toBe(true);
    expect(matchesEventPattern({ source: [{ prefix: 'aws.s' }] }, ec2Event)).toBe(false);
  });

  test('never matches a number', () => {
    expect(matchesEventPattern({ detail: { count: [{ prefix: '5' }] } }, ec2Event)).toBe(false);
  });
});

describe('suffix', () => {
  test('matches strings that end with it', () => {
    expect(matchesEventPattern({ source: [{ suffix: '.ec2' }] }, ec2Event)).toBe(true);
    expect(matchesEventPattern({ source: [{ suffix: '.ec' }] }, ec2Event)).toBe(false);
  });

  test('never matches a number', () => {
    expect(matchesEventPattern({ detail: { count: [{ suffix: '5' }] } }, ec2Event)).toBe(false);
  });
});

describe('anything-but', () => {
  test('matches any other value, single or listed', () => {
    expect(matchesEventPattern({ detail: { state: [{ 'anything-but': 'running' }] } }, ec2Event)).toBe(true);
    expect(
      matchesEventPattern({ detail: { state: [{ 'anything-but': ['running', 'terminated'] }] } }, ec2Event),
    ).toBe(false);
    expect(matchesEventPattern({ detail: { count: [{ 'anything-but': 0 }] } }, ec2Event)).toBe(true);
    expect(matchesEventPattern({ detail: { count: [{ 'anything-but': 5 }] } }, ec2Event)).toBe(false);
  });

  test('with a prefix excludes strings that start with it', () => {
    expect(matchesEventPattern({ source: [{ 'anything-but': { prefix: 'aws.' } }] }, ec2Event)).toBe(false);
    expect(matchesEventPattern({ source: [{ 'anything-but': { prefix: 'custom.' } }] }, ec2Event)).toBe(true);
  });

  test('needs the field to be present', () => {
    expect(matchesEventPattern({ detail: { missing: [{ 'anything-but': 'x' }] } }, ec2Event)).toBe(false);
  });

  test('on an array matches when some element is not excluded', () => {
    expect(matchesEventPattern({ detail: { tags: [{ 'anything-but': 'a' }] } }, ec2Event)).toBe(true);
    expect(matchesEventPattern({ detail: { tags: [{ 'anything-but': ['a', 'b'] }] } }, ec2Event)).toBe(false);
  });
});

describe('numeric', () => {
  test.each([
    [['>', 4], true],
    [['>=', 5], true],
    [['<', 5], false],
    [['<=', 5], true],
    [['=', 5], true],
    [['=', 5.5], false],
    [['>', 0, '<=', 5], true],
    [['>', 0, '<', 5], false],
    [['>=', 6, '<', 10], false],
  ] as const)('%j on 5 is %s', (operand, expected) => {
    expect(matchesEventPattern({ detail: { count: [{ numeric: operand }] } }, ec2Event)).toBe(expected);
  });

  test('compares fractions', () => {
    expect(matchesEventPattern({ detail: { ratio: [{ numeric: ['>=', 0.5] }] } }, ec2Event)).toBe(true);
    expect(matchesEventPattern({ detail: { ratio: [{ numeric: ['>', 0.5] }] } }, ec2Event)).toBe(false);
  });

  test('never matches a string, even one that reads as a number', () => {
    expect(matchesEventPattern({ v: [{ numeric: ['>', 1] }] }, { v: '5' })).toBe(false);
  });
});

describe('exists', () => {
  test('true matches a present leaf (null included), false matches a missing field', () => {
    expect(matchesEventPattern({ detail: { state: [{ exists: true }] } }, ec2Event)).toBe(true);
    expect(matchesEventPattern({ detail: { nothing: [{ exists: true }] } }, ec2Event)).toBe(true);
    expect(matchesEventPattern({ detail: { missing: [{ exists: true }] } }, ec2Event)).toBe(false);
    expect(matchesEventPattern({ detail: { missing: [{ exists: false }] } }, ec2Event)).toBe(true);
    expect(matchesEventPattern({ detail: { state: [{ exists: false }] } }, ec2Event)).toBe(false);
  });

  test('works only on leaves: an object is neither a present nor a missing leaf value', () => {
    expect(matchesEventPattern({ detail: [{ exists: true }] }, ec2Event)).toBe(false);
  });

  test('false matches when a whole parent object is missing', () => {
    expect(matchesEventPattern({ other: { field: [{ exists: false }] } }, ec2Event)).toBe(true);
  });
});

describe('$or', () => {
  const pattern: EventPattern = {
    detail: { $or: [{ state: ['running'] }, { count: [{ numeric: ['>', 3] }] }] },
  };

  test('matches when any alternative does, and is AND-ed with the other fields', () => {
    expect(matchesEventPattern(pattern, ec2Event)).toBe(true);
    expect(matchesEventPattern({ ...pattern, source: ['aws.s3'] }, ec2Event)).toBe(false);
    expect(
      matchesEventPattern(pattern, {
        ...ec2Event,
        detail: { ...ec2Event.detail, count: 1, state: 'stopped' },
      }),
    ).toBe(false);
  });
});

describe('arrays of objects', () => {
  const event = {
    detail: {
      findings: [
        { Severity: { Label: 'LOW' }, RecordState: 'ACTIVE' },
        { Severity: { Label: 'HIGH' }, RecordState: 'ARCHIVED' },
      ],
    },
  };

  test('match when one element matches the nested pattern', () => {
    expect(matchesEventPattern({ detail: { findings: { Severity: { Label: ['HIGH'] } } } }, event)).toBe(
      true,
    );
  });

  test('never combine fields from two different elements (array consistency)', () => {
    const pattern = { detail: { findings: { Severity: { Label: ['HIGH'] }, RecordState: ['ACTIVE'] } } };
    expect(matchesEventPattern(pattern, event)).toBe(false);
  });

  test('an empty array offers no value', () => {
    expect(matchesEventPattern({ list: ['x'] }, { list: [] })).toBe(false);
    expect(matchesEventPattern({ list: [{ exists: false }] }, { list: [] })).toBe(true);
  });
});

describe('unsupported patterns', () => {
  test('fails on an operator it does not implement, naming it and the supported ones', () => {
    expect(() =>
      matchesEventPattern({ source: [{ wildcard: '*.ec2' }] } as unknown as EventPattern, ec2Event),
    ).toThrow(
      'source[0]: operator "wildcard" is not supported (supported: prefix, suffix, anything-but, numeric, exists)',
    );
  });

  test('fails on malformed operands, empty lists and scalar fields', () => {
    expect(patternProblems({ a: [] })).toEqual(['a: must list at least one value']);
    expect(patternProblems({ a: [{ numeric: ['>'] }] })).toEqual([
      'a[0]: numeric needs one or two [operator, number] pairs',
    ]);
    expect(patternProblems({ a: [{ numeric: ['~', 1] }] })).toEqual([
      'a[0]: numeric pair 0 must be one of < <= = > >= followed by a number',
    ]);
    expect(patternProblems({ a: [{ numeric: ['=', 1, '<', 3] }] })).toEqual([
      'a[0]: "=" cannot be combined with a second comparison',
    ]);
    expect(patternProblems({ a: [{ prefix: 1 }] })).toEqual(['a[0]: prefix needs a string']);
    expect(patternProblems({ a: [{ suffix: 1 }] })).toEqual(['a[0]: suffix needs a string']);
    expect(patternProblems({ a: [{ exists: 'yes' }] })).toEqual(['a[0]: exists needs true or false']);
    expect(patternProblems({ a: [{ 'anything-but': [] }] })).toEqual([
      'a[0]: anything-but needs a value, a non-empty list of values or {"prefix": "..."}',
    ]);
    expect(patternProblems({ a: [{ prefix: 'x', exists: true }] })).toEqual([
      'a[0]: an operator object has exactly one key, got prefix, exists',
    ]);
    expect(patternProblems({ a: 'x' })).toEqual([
      'a: must be an array of values or a nested pattern, got "x"',
    ]);
    expect(patternProblems({ $or: [{ a: ['x'] }] })).toEqual([
      '$or: must list at least two alternative patterns',
    ]);
    expect(patternProblems({})).toEqual(['<root>: a pattern must not be empty']);
  });

  test('fails with every problem listed', () => {
    expect(() => assertSupportedPattern({ a: [], b: [{ wildcard: '*' }] })).toThrow(
      'Unsupported event pattern:\n  - a: must list at least one value\n  - b[0]: operator "wildcard" is not supported',
    );
  });
});
