// Downloads: a postmortem as Markdown (for a wiki or a pull request) and incidents as CSV. Text from
// users and events is escaped for its format: Markdown control characters, and CSV cells that a
// spreadsheet would run as formulas.
import type { IncidentSummary, Postmortem } from './api-types';

/** Escapes what Markdown would read as markup (and HTML tags, which many renderers pass through). */
export function markdownText(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>&~]/g, (c) => `\\${c}`);
}

/** Multi-line text as Markdown paragraphs, escaped; "—" when empty. */
function block(s: string): string {
  const t = s.trim();
  return t ? t.split(/\r?\n/).map(markdownText).join('  \n') : '—';
}

export function postmortemMarkdown(p: Postmortem): string {
  const where = `${p.product}${p.env ? ` / ${p.env}` : ''}`;
  const lines = [
    `# Postmortem: ${markdownText(p.incidentTitle)}`,
    '',
    `- Incident: ${p.incidentUrl ? `[${markdownText(p.incidentId)}](${encodeURI(p.incidentUrl)})` : markdownText(p.incidentId)}`,
    `- Product: ${markdownText(where)}`,
    `- Triggered: ${p.triggeredAt}; resolved: ${p.resolvedAt}`,
    `- Written by ${markdownText(p.createdBy)} on ${p.createdAt}; last changed by ${markdownText(p.updatedBy)} on ${p.updatedAt} (version ${p.version})`,
    '',
    '## Summary',
    '',
    block(p.summary),
    '',
    '## Impact',
    '',
    block(p.impact),
    '',
    '## Root cause',
    '',
    block(p.rootCause),
    '',
    '## Action items',
    '',
    ...(p.actionItems.length === 0
      ? ['—']
      : p.actionItems.map(
          (i) =>
            `- [${i.done ? 'x' : ' '}] ${markdownText(i.text)} — owner ${markdownText(i.owner)}${i.due ? `, due ${i.due}` : ''}`,
        )),
    '',
    '## Timeline (UTC)',
    '',
    ...p.timeline
      .filter((e) => !e.hidden)
      .map((e) => {
        const from = e.source
          ? ` (${e.source}${e.severity ? `, ${e.severity}` : ''})`
          : ` (added by ${markdownText(e.addedBy ?? '')})`;
        const note = e.note ? ` — ${markdownText(e.note.replace(/\s+/g, ' '))}` : '';
        return `- ${e.at.slice(0, 19).replace('T', ' ')} ${markdownText(e.title)}${from}${note}`;
      }),
    '',
  ];
  return lines.join('\n');
}

export const INCIDENT_CSV_COLUMNS = [
  'id',
  'number',
  'product',
  'env',
  'title',
  'service',
  'priority',
  'urgency',
  'status',
  'triggeredAt',
  'acknowledgedAt',
  'resolvedAt',
  'acknowledgeSeconds',
  'resolveSeconds',
  'escalations',
  'responders',
  'linkedAlerts',
  'url',
] as const;

/** RFC 4180 cell; a leading = + - @ is prefixed with ' so that a spreadsheet shows it instead of running it. */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function incidentsCsv(incidents: readonly IncidentSummary[]): string {
  const rows = incidents.map((i) =>
    [
      i.id,
      i.number,
      i.product,
      i.env,
      i.title,
      i.service,
      i.priority,
      i.urgency,
      i.status,
      i.triggeredAt,
      i.acknowledgedAt,
      i.resolvedAt,
      i.acknowledgeSeconds,
      i.resolveSeconds,
      i.escalations,
      i.responders.join('; '),
      i.alerts.map((a) => a.title).join('; '),
      i.url,
    ]
      .map(csvCell)
      .join(','),
  );
  return `${[INCIDENT_CSV_COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
}
