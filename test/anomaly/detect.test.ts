// Detection for one stream and one window: error spikes against the baseline's windows, and message
// templates the baseline never produced, with the evidence each finding carries.
import {
  DEFAULT_DETECTOR_SETTINGS,
  type DetectorSettings,
  detectWindow,
  type LogLine,
} from '../../lambda-src/anomaly/detect';

const MIN = 60_000;
const settings: DetectorSettings = {
  ...DEFAULT_DETECTOR_SETTINGS,
  windowMs: 10 * MIN,
  baselineWindows: 12,
  minBaselineWindows: 6,
  minBaselineLines: 50,
};
const W0 = Date.parse('2026-11-30T12:00:00Z');
const windowStart = W0 + 12 * settings.windowMs;

/** The same healthy traffic in each of the 12 baseline windows: 20 requests and `errors` errors. */
function baselineLines(errorsPerWindow: (w: number) => number): LogLine[] {
  const lines: LogLine[] = [];
  for (let w = 0; w < 12; w++) {
    const start = W0 + w * settings.windowMs;
    for (let i = 0; i < 20; i++)
      lines.push({
        at: start + i * 1000,
        message: `GET /orders/${100 + i} 200 in ${5 + i} ms`,
        error: false,
      });
    for (let e = 0; e < errorsPerWindow(w); e++)
      lines.push({ at: start + 30_000 + e, message: `upstream timeout after ${e + 1000} ms`, error: true });
  }
  return lines.sort((a, b) => a.at - b.at);
}

function windowLines(errors: number, extra: readonly string[] = []): LogLine[] {
  const lines: LogLine[] = [];
  for (let i = 0; i < 20; i++)
    lines.push({
      at: windowStart + i * 1000,
      message: `GET /orders/${500 + i} 200 in ${7 + i} ms`,
      error: false,
    });
  for (let e = 0; e < errors; e++)
    lines.push({
      at: windowStart + 40_000 + e,
      message: `upstream timeout after ${e + 2000} ms`,
      error: true,
    });
  for (const [i, m] of extra.entries())
    lines.push({ at: windowStart + 50_000 + i, message: m, error: /ERROR/.test(m) });
  return lines;
}

test('an error count far above the baseline is an error-rate finding with its baseline and patterns', () => {
  const baseline = baselineLines((w) => [1, 2, 1, 0, 2, 1][w % 6]);
  const current = windowLines(25);
  const { findings } = detectWindow(baseline, current, windowStart, settings);
  const spike = findings.find((f) => f.type === 'error-rate');
  expect(spike).toMatchObject({
    type: 'error-rate',
    errors: 25,
    lines: 45,
    baseline: { windows: 12, median: 1 },
  });
  if (spike?.type !== 'error-rate') throw new Error('no spike');
  expect(spike.z).toBeGreaterThan(settings.zThreshold);
  expect(spike.patterns[0]).toMatchObject({ template: 'upstream timeout after <NUM> ms', count: 25 });
  expect(spike.patterns[0].samples).toHaveLength(settings.samples);
  expect(spike.lineIndexes).toHaveLength(25);
  // The window's requests and timeouts are known templates: nothing new.
  expect(findings.filter((f) => f.type === 'new-pattern')).toEqual([]);
});

test('the usual number of errors, or a rise under minErrors, is not a finding', () => {
  const steady = baselineLines(() => 6);
  expect(detectWindow(steady, windowLines(7), windowStart, settings).findings).toEqual([]);
  // One timeout in the first baseline window: the template is known, the usual count is 0.
  const quiet = baselineLines((w) => (w === 0 ? 1 : 0));
  expect(detectWindow(quiet, windowLines(settings.minErrors - 1), windowStart, settings).findings).toEqual(
    [],
  );
  expect(detectWindow(quiet, windowLines(settings.minErrors), windowStart, settings).findings).toHaveLength(
    1,
  );
});

test('a service younger than minBaselineWindows is not scored on its error count', () => {
  const young = baselineLines(() => 0).filter((l) => l.at >= windowStart - 3 * settings.windowMs);
  expect(
    detectWindow(young, windowLines(30), windowStart, settings).findings.map((f) => f.type),
  ).not.toContain('error-rate');
});

test('a message template the baseline never produced is a new-pattern finding; new values of a known one are not', () => {
  const baseline = baselineLines(() => 1);
  const current = windowLines(1, [
    'ERROR ledger write failed: constraint violation on accounts_pkey (account 4711)',
    'ERROR ledger write failed: constraint violation on accounts_pkey (account 4712)',
    'GET /orders/999 200 in 3 ms',
  ]);
  const { findings } = detectWindow(baseline, current, windowStart, settings);
  expect(findings).toHaveLength(1);
  expect(findings[0]).toMatchObject({
    type: 'new-pattern',
    count: 2,
    errors: 2,
    firstAt: windowStart + 50_000,
    baselineLines: baseline.length,
    samples: [
      'ERROR ledger write failed: constraint violation on accounts_pkey (account 4711)',
      'ERROR ledger write failed: constraint violation on accounts_pkey (account 4712)',
    ],
  });
  if (findings[0].type !== 'new-pattern') throw new Error('not a pattern');
  expect(findings[0].template).toBe(
    'ERROR ledger write failed: constraint violation on accounts_pkey (account <NUM>)',
  );
  expect(findings[0].key).toMatch(/^[0-9a-f]{16}$/);
});

test('without enough baseline lines nothing is new (every line of a new service would be)', () => {
  const short = baselineLines(() => 0).slice(0, settings.minBaselineLines - 1);
  const current = windowLines(0, ['cache warmed with 300 entries']);
  expect(detectWindow(short, current, windowStart, settings).findings).toEqual([]);
});

test('new patterns beyond maxNewPatterns are counted, errors first', () => {
  const baseline = baselineLines(() => 0);
  const extra = ['alpha job started', 'beta queue drained', 'gamma ERROR shard lost', 'delta cache flushed'];
  const result = detectWindow(baseline, windowLines(0, extra), windowStart, {
    ...settings,
    maxNewPatterns: 2,
  });
  expect(result.suppressedPatterns).toBe(2);
  expect(result.findings.map((f) => (f.type === 'new-pattern' ? f.template : f.type))).toEqual([
    'gamma ERROR shard lost',
    'alpha job started',
  ]);
});

test('the same input gives the same findings (ids are built from them)', () => {
  const baseline = baselineLines((w) => w % 2);
  const current = windowLines(20, ['brand new failure ERROR in checkout']);
  expect(detectWindow(baseline, current, windowStart, settings)).toEqual(
    detectWindow(baseline, current, windowStart, settings),
  );
});
