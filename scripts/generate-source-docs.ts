// `npm run docs:sources`: regenerates the source tables of docs/normalized-event.md from the source
// registry (lambda-src/collector/sources.ts). Everything above the marker is written by hand and kept;
// everything below it is replaced. `--check` exits 1 (and writes nothing) when the file is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { SEVERITIES, STATUSES } from '../lambda-src/collector/normalized-event';
import {
  type EventBridgeDelivery,
  type InternalDelivery,
  KINDS,
  ROUTES,
  SOURCE_REGISTRY,
  SOURCES,
  type SourceSpec,
  type WebhookDelivery,
} from '../lambda-src/collector/sources';

export const SOURCE_DOCS_FILE = path.resolve(__dirname, '..', 'docs', 'normalized-event.md');
export const GENERATED_MARKER =
  '<!-- Generated from lambda-src/collector/sources.ts by `npm run docs:sources`: do not edit below. -->';

const cell = (text: string) => text.replaceAll('|', '\\|');
const code = (values: readonly string[]) => values.map((v) => `\`${v}\``).join(', ');

function delivery(d: EventBridgeDelivery | WebhookDelivery | InternalDelivery): string {
  if (d.route === 'internal') return `written in the central account by ${(d as InternalDelivery).producer}`;
  if (d.route !== 'eventbridge') {
    return `\`POST /webhooks/${d.route}\`${(d as WebhookDelivery).signed ? ' (signed)' : ''}`;
  }
  const eb = d as EventBridgeDelivery;
  const source =
    eb.eventSource === 'custom'
      ? 'any source outside `aws.*`'
      : eb.eventSource === 'aws.*'
        ? 'any `aws.*` source (the called service)'
        : `\`${eb.eventSource}\``;
  const types = eb.detailTypes === 'any' ? 'any detail-type' : code(eb.detailTypes);
  return `\`POST /events\`: ${source}; ${types}`;
}

/** The generated part: one row per registry source, then the enums. */
export function renderSources(): string {
  const rows = SOURCES.map((source) => {
    const spec: SourceSpec = SOURCE_REGISTRY[source];
    const rules =
      spec.delivery.route === 'eventbridge' ? code((spec.delivery as EventBridgeDelivery).rules) : '—';
    return [
      `\`${source}\``,
      spec.label,
      cell(delivery(spec.delivery)),
      rules,
      code(spec.kinds),
      cell(spec.severity),
      cell(spec.status),
    ].join(' | ');
  });
  return [
    GENERATED_MARKER,
    '',
    '## Sources',
    '',
    `${SOURCES.length} sources. The route, the EventBridge source and detail-types, the forwarding rules and the`,
    'kinds come from the registry; so do the collector routes, the API Gateway webhook resources and the',
    'EventBridge normalizer dispatch.',
    '',
    '| source | name | delivered as | forwarding rules | kinds | severity | status |',
    '|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r} |`),
    '',
    '## Enumerations',
    '',
    `- \`source\`: ${code(SOURCES)}`,
    `- \`kind\`: ${code(KINDS)}`,
    `- \`severity\` (worst first): ${code(SEVERITIES)}`,
    `- \`status\`: ${code(STATUSES)}`,
    `- routes (\`POST /events\` is \`eventbridge\`, the others are \`POST /webhooks/<route>\`): ${code(ROUTES)}`,
    '',
  ].join('\n');
}

/** The whole file: the hand-written part of `current` (up to the marker), then the generated part. */
export function renderSourceDocs(current: string): string {
  const at = current.indexOf(GENERATED_MARKER);
  const intro = at === -1 ? `${current.trimEnd()}\n\n` : current.slice(0, at);
  return `${intro}${renderSources()}`;
}

function main(): void {
  const current = readFileSync(SOURCE_DOCS_FILE, 'utf8');
  const next = renderSourceDocs(current);
  if (process.argv.includes('--check')) {
    if (next !== current) {
      console.error(`${path.relative(process.cwd(), SOURCE_DOCS_FILE)} is stale: run npm run docs:sources`);
      process.exit(1);
    }
    return;
  }
  if (next !== current) writeFileSync(SOURCE_DOCS_FILE, next);
}

if (require.main === module) main();
