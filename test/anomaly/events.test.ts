// Findings as normalized `anomaly` events: deterministic ids (same stream, window and pattern → same id),
// severity by the registry's rule, the evidence in `raw`.
import { DEFAULT_DETECTOR_SETTINGS, type Finding } from '../../lambda-src/anomaly/detect';
import { anomalyEvent, type Stream, severityOf, type Window } from '../../lambda-src/anomaly/events';
import { SOURCE_REGISTRY } from '../../lambda-src/collector/sources';

const settings = DEFAULT_DETECTOR_SETTINGS;
const stream: Stream = { product: 'payments', env: 'prod', service: 'ledger' };
const window: Window = {
  start: Date.parse('2026-11-30T12:00:00Z'),
  end: Date.parse('2026-11-30T12:15:00Z'),
  baselineStart: Date.parse('2026-11-29T12:00:00Z'),
};
const pattern: Finding = {
  type: 'new-pattern',
  template: 'ERROR ledger write failed on <*>',
  key: '0123456789abcdef',
  count: 3,
  errors: 3,
  firstAt: Date.parse('2026-11-30T12:03:00Z'),
  samples: ['ERROR ledger write failed on accounts_pkey'],
  baselineLines: 5000,
  baselinePatterns: 40,
  lineIndexes: [4, 9, 11],
};
const spike: Finding = {
  type: 'error-rate',
  errors: 40,
  lines: 900,
  baseline: { windows: 96, median: 2, mad: 1, spread: 1.4826 },
  z: 25.6,
  patterns: [
    { template: 'upstream timeout after <NUM> ms', count: 40, samples: ['upstream timeout after 1003 ms'] },
  ],
  lineIndexes: [1, 2, 3],
};
const AT = '2026-11-30T12:16:02.000Z';

test('a new pattern becomes an open anomaly of the detector source, with its evidence and no line indexes', () => {
  const e = anomalyEvent(stream, pattern, window, settings, AT);
  expect(e).toMatchObject({
    product: 'payments',
    env: 'prod',
    source: 'anomaly-detector',
    kind: 'anomaly',
    severity: 'medium',
    status: 'open',
    title: '[ledger prod] new log pattern (3×): ERROR ledger write failed on <*>',
    occurredAt: '2026-11-30T12:03:00.000Z',
    receivedAt: AT,
    resource: 'ledger',
  });
  expect(e.raw).toMatchObject({
    detector: 'drain-new-pattern',
    window: { start: '2026-11-30T12:00:00.000Z', end: '2026-11-30T12:15:00.000Z' },
    baselineWindow: { start: '2026-11-29T12:00:00.000Z', end: '2026-11-30T12:00:00.000Z' },
    template: 'ERROR ledger write failed on <*>',
    count: 3,
    samples: ['ERROR ledger write failed on accounts_pkey'],
  });
  expect(e.raw).not.toHaveProperty('lineIndexes');
  expect(SOURCE_REGISTRY[e.source].kinds).toContain(e.kind);
});

test('ids: a re-run of the same window and pattern gives the same id, whenever it runs; anything else differs', () => {
  const id = anomalyEvent(stream, pattern, window, settings, AT).id;
  expect(
    anomalyEvent(stream, { ...pattern, count: 7 }, window, settings, '2026-11-30T13:00:00.000Z').id,
  ).toBe(id);
  const later = { ...window, start: window.start + 900_000, end: window.end + 900_000 };
  expect(anomalyEvent(stream, pattern, later, settings, AT).id).not.toBe(id);
  expect(anomalyEvent(stream, { ...pattern, key: 'fedcba9876543210' }, window, settings, AT).id).not.toBe(id);
  expect(anomalyEvent({ ...stream, env: 'stg' }, pattern, window, settings, AT).id).not.toBe(id);
  expect(anomalyEvent({ ...stream, product: 'search' }, pattern, window, settings, AT).id).not.toBe(id);
  expect(anomalyEvent(stream, spike, window, settings, AT).id).not.toBe(id);
});

test('an error spike is dated at the window start and says its counts in the title', () => {
  const e = anomalyEvent({ product: 'payments', service: 'ledger' }, spike, window, settings, AT);
  expect(e.title).toBe('[ledger] error spike: 40 errors in the window (baseline median 2, z 25.6)');
  expect(e.occurredAt).toBe('2026-11-30T12:00:00.000Z');
  expect(e).not.toHaveProperty('env');
  expect(e.raw).toMatchObject({ detector: 'robust-z-error-rate', errors: 40, baseline: { median: 2 } });
});

test('severity: spikes by how far beyond the threshold, patterns by whether they hold errors', () => {
  expect(severityOf(spike, { zThreshold: 3.5 })).toBe('high');
  expect(severityOf({ ...spike, z: 4 }, { zThreshold: 3.5 })).toBe('medium');
  expect(severityOf(pattern, settings)).toBe('medium');
  expect(severityOf({ ...pattern, errors: 0 }, settings)).toBe('low');
});
