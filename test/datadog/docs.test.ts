import { readFileSync } from 'node:fs';
import { MONITOR_IDS } from '../../constructs/datadog/catalog';
import { GENERATED_MARKER, MONITOR_DOCS_FILE, renderMonitorDocs } from '../../scripts/generate-monitor-docs';

const docs = readFileSync(MONITOR_DOCS_FILE, 'utf8');

test('docs/monitors.md holds the current generated catalog (run npm run docs:monitors)', () => {
  expect(docs).toContain(GENERATED_MARKER);
  expect(renderMonitorDocs(docs)).toBe(docs);
});

test('the generated table has one row per catalog monitor', () => {
  const generated = docs.slice(docs.indexOf(GENERATED_MARKER));
  const rows = generated.split('\n').filter((line) => line.startsWith('| `'));
  expect(rows.map((r) => r.split('`')[1])).toEqual(MONITOR_IDS);
});

test('a stale table is detected, and regenerating keeps the hand-written part', () => {
  const intro = docs.slice(0, docs.indexOf(GENERATED_MARKER));
  const stale = docs.replace('| `alb.target_5xx_rate` | alb |', '| `alb.target_5xx_rate` | nlb |');
  expect(stale).not.toBe(docs);
  expect(renderMonitorDocs(stale)).toBe(docs);
  expect(renderMonitorDocs(stale).startsWith(intro)).toBe(true);
});
