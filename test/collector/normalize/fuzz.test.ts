import fc from 'fast-check';
import { normalizeDelivery } from '../../../lambda-src/collector/normalize';
import { type NormalizeResult, ROUTES, type Route } from '../../../lambda-src/collector/normalized-event';
import { AWS_DETAIL_TYPES } from '../../../lambda-src/collector/sources';
import { ctx, FIXTURE_DELIVERIES, storedDocument } from './support';

const ZOD_DEFAULT_MESSAGE =
  /Invalid (input|option|string|element|key|union)|Too (small|big)|Unrecognized key/;

/** The invariant: a result is either schema-valid documents, or a failure with a reason. Never a throw. */
function assertWellFormed(result: NormalizeResult): void {
  if (result.ok) {
    for (const event of result.events) storedDocument.parse(event);
  } else {
    expect(typeof result.reason).toBe('string');
    expect(result.reason.length).toBeGreaterThan(0);
    // Reasons are in the project's words (issueMessage), never the schema library's default messages.
    expect(result.reason).not.toMatch(ZOD_DEFAULT_MESSAGE);
  }
}

function normalizeUnchanged(
  route: Route,
  payload: unknown,
  headers: Record<string, string>,
): NormalizeResult {
  const before = JSON.stringify(payload);
  const result = normalizeDelivery(route, payload, ctx(headers));
  // The payload is stored as raw: normalizing must never change it.
  expect(JSON.stringify(payload)).toBe(before);
  return result;
}

const sentryHeaders = fc.constantFrom<Record<string, string>>(
  {},
  { 'sentry-hook-resource': 'issue' },
  { 'sentry-hook-resource': 'error' },
  { 'sentry-hook-resource': 'event_alert' },
  { 'sentry-hook-resource': 'metric_alert' },
  { 'sentry-hook-resource': '__proto__' },
);

type Path = (string | number)[];

/** Every path to a value inside a JSON document. */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  const here = prefix.length ? [prefix] : [];
  if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => pathsOf(v, [...prefix, i]))];
  if (value !== null && typeof value === 'object') {
    return [...here, ...Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...prefix, k]))];
  }
  return here;
}

/** A copy of `doc` with the value at `path` replaced (or deleted when `replacement` is undefined). */
function mutate(doc: unknown, path: Path, replacement: unknown): unknown {
  const copy = structuredClone(doc);
  let parent: any = copy;
  for (const key of path.slice(0, -1)) parent = parent[key];
  const last = path[path.length - 1];
  if (replacement === undefined) {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else {
    parent[last] = replacement;
  }
  return copy;
}

const scalarOrJson = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constantFrom(
    '',
    '$ID',
    'P1',
    'STOPPED',
    'NON_COMPLIANT',
    '1e400',
    '2024-02-30T25:61:00Z',
    '\n\n',
    '__proto__',
  ),
  fc.jsonValue({ maxDepth: 2 }),
);

describe('property: never throws, always well-formed', () => {
  test('random JSON on every route', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ROUTES),
        fc.jsonValue({ maxDepth: 4 }),
        sentryHeaders,
        (route, payload, headers) => {
          assertWellFormed(normalizeUnchanged(route, payload, headers));
        },
      ),
      { numRuns: 500 },
    );
  });

  test('random details inside every known EventBridge source and detail-type', () => {
    const envelope = fc.record({
      version: fc.constant('0'),
      id: fc.oneof(fc.uuid(), fc.string()),
      // Every source and detail-type of the registry, and a custom (toil) source with a detail-type of its own.
      'detail-type': fc.constantFrom(...AWS_DETAIL_TYPES.map((t) => t.detailType), 'Toil Automation Result'),
      source: fc.constantFrom(...new Set(AWS_DETAIL_TYPES.map((t) => t.eventSource)), 'toil.patching'),
      account: fc.constantFrom('123456789012', ''),
      time: fc.oneof(fc.constant('2024-01-01T00:00:00Z'), fc.string()),
      region: fc.constantFrom('us-east-1', 'nowhere', ''),
      resources: fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 2 }),
      detail: fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 })),
    });
    fc.assert(
      fc.property(envelope, (event) => assertWellFormed(normalizeUnchanged('eventbridge', event, {}))),
      { numRuns: 500 },
    );
  });

  test.each(FIXTURE_DELIVERIES.map((d) => [d.file, d] as const))('%s, mutated', (_file, d) => {
    const original = d.payload();
    const paths = pathsOf(original);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: paths.length - 1 }), scalarOrJson, (index, replacement) => {
        const mutated = mutate(original, paths[index], replacement);
        assertWellFormed(normalizeUnchanged(d.route, mutated, d.headers));
      }),
      { numRuns: 150 },
    );
  });
});

describe('keys of Object.prototype in payload values', () => {
  // Lookup tables keyed by payload strings (levels, priorities, labels) must only see their own keys.
  const PROTOTYPE_KEYS = [
    '__proto__',
    '__PROTO__',
    'constructor',
    'CONSTRUCTOR',
    'toString',
    'hasOwnProperty',
  ];

  test.each(FIXTURE_DELIVERIES.map((d) => [d.file, d] as const))(
    '%s: every value replaced by each of them',
    (_file, d) => {
      const original = d.payload();
      for (const path of pathsOf(original)) {
        for (const key of PROTOTYPE_KEYS) {
          assertWellFormed(normalizeUnchanged(d.route, mutate(original, path, key), d.headers));
        }
      }
    },
  );
});
