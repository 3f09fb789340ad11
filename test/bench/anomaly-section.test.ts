// The detector's benchmark: the section of docs/benchmarks.md is what the generator gives now, and the
// scoring it rests on counts what it should.
import { readFileSync } from 'node:fs';
import {
  DOC_FILE,
  episodes,
  f1,
  parseBgl,
  precision,
  readBgl,
  recall,
  renderSection,
  runBench,
  SETUP,
  sectionOf,
  withSection,
} from '../../bench/anomaly';

test('docs/benchmarks.md holds the current log anomaly section (run npm run bench:anomaly)', () => {
  const doc = readFileSync(DOC_FILE, 'utf8');
  expect(sectionOf(doc)).toBe(renderSection(runBench(readBgl())));
});

test('the BGL slice parses into labelled lines: 92 alerts, the detector sees the message from the type on', () => {
  const lines = readBgl();
  expect(lines).toHaveLength(339);
  expect(lines.filter((l) => l.label).length).toBe(92);
  const first = parseBgl(
    'KERNDTLB 1118536327 2005.06.11 R30-M0-N9-C:J16-U01 2005-06-11-17.32.07.581048 R30-M0-N9-C:J16-U01 RAS KERNEL FATAL data TLB error interrupt',
    25,
    SETUP.linesPerWindow,
    60_000,
  );
  expect(first).toEqual({
    label: 'KERNDTLB',
    level: 'FATAL',
    at: 2 * 60_000 + 5,
    message: 'RAS KERNEL FATAL data TLB error interrupt',
    error: true,
  });
  expect(() => parseBgl('- 1 2', 0, 10, 60_000)).toThrow('BGL line 1: expected at least 10 fields, got 3');
});

test('precision, recall, F1 and episodes count what they say', () => {
  const c = { tp: 3, fp: 1, fn: 3, tn: 10 };
  expect(precision(c)).toBe(0.75);
  expect(recall(c)).toBe(0.5);
  expect(f1(c)).toBeCloseTo(0.6, 10);
  expect(precision({ tp: 0, fp: 0, fn: 2, tn: 0 })).toBe(0);
  // Two failure episodes (windows 1-2 and 4); the first is found in its second window; one false alarm.
  expect(episodes([false, true, true, false, true], [true, false, true, false, false])).toEqual({
    total: 2,
    detected: 1,
    falseAlarms: 1,
  });
});

test('the section is replaced in place, or appended once', () => {
  const section = renderSection(runBench(readBgl()));
  const doc = `# Benchmarks\n\nintro\n\n${section}\n\n## After\n`;
  expect(withSection(doc.replace('line precision', 'stale'), section)).toBe(doc);
  expect(withSection('# Benchmarks\n', section)).toBe(`# Benchmarks\n\n${section}\n`);
});
