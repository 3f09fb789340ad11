// `npm run docs:monitors`: regenerates the catalog table of docs/monitors.md from the catalog itself.
// Everything above the marker is written by hand and kept; everything below it is replaced.
// `--check` exits 1 (and writes nothing) when the file is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  comparator,
  MONITOR_CATALOG,
  MONITOR_IDS,
  type MonitorSpec,
  SERVICE_NAMESPACES,
} from '../constructs/datadog/catalog';

export const MONITOR_DOCS_FILE = path.resolve(__dirname, '..', 'docs', 'monitors.md');
export const GENERATED_MARKER =
  '<!-- Generated from constructs/datadog/catalog by `npm run docs:monitors`: do not edit below. -->';

const cell = (text: string) => text.replaceAll('|', '\\|');

function thresholds(spec: MonitorSpec): string {
  const op = comparator(spec.direction);
  const warning = spec.thresholds.warning === undefined ? '' : `, warn ${op} ${spec.thresholds.warning}`;
  return `alert ${op} ${spec.thresholds.critical}${warning} (${spec.unit})`;
}

/** The generated part: one row per catalog monitor, in catalog order. */
export function renderCatalog(): string {
  const specs = MONITOR_IDS.map((id) => [id, MONITOR_CATALOG[id] as MonitorSpec] as const);
  const paging = specs.filter(([, spec]) => spec.pages).length;
  const rows = specs.map(([id, spec]) =>
    [
      `\`${id}\``,
      spec.service,
      `\`${spec.metric}\`${spec.source === 'agent' ? ' (agent)' : ''}`,
      (spec.tags ?? []).find((t) => t.startsWith('signal:'))?.slice('signal:'.length) ?? '',
      cell(thresholds(spec)),
      `${spec.timeAggregation} over ${spec.windowMinutes} min`,
      `P${spec.priority}`,
      spec.pages ? 'pages' : '',
      spec.noDataMinutes === undefined ? '' : `after ${spec.noDataMinutes} min`,
    ].join(' | '),
  );
  const namespaces = Object.entries(SERVICE_NAMESPACES).map(
    ([service, ns]) => `\`${service}\` → ${ns.join(', ')}`,
  );
  return [
    GENERATED_MARKER,
    '',
    `${specs.length} monitors, ${paging} of them paging.`,
    '',
    '| id | service | metric | signal | default thresholds | window | priority | pages | no-data alert |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r} |`),
    '',
    `CloudWatch namespaces collected per service: ${namespaces.join('; ')}; AWS/SQS always.`,
    '',
  ].join('\n');
}

/** The whole file: the hand-written part of `current` (up to the marker), then the generated part. */
export function renderMonitorDocs(current: string): string {
  const at = current.indexOf(GENERATED_MARKER);
  const intro = at === -1 ? `${current.trimEnd()}\n\n` : current.slice(0, at);
  return `${intro}${renderCatalog()}`;
}

function main(): void {
  const current = readFileSync(MONITOR_DOCS_FILE, 'utf8');
  const next = renderMonitorDocs(current);
  if (process.argv.includes('--check')) {
    if (next !== current) {
      console.error(`${path.relative(process.cwd(), MONITOR_DOCS_FILE)} is stale: run npm run docs:monitors`);
      process.exit(1);
    }
    return;
  }
  if (next !== current) writeFileSync(MONITOR_DOCS_FILE, next);
}

if (require.main === module) main();
