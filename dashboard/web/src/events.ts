// The filtered event list (newest first, "older" pages by cursor) and the event detail dialog.
import { KINDS, SEVERITIES, SOURCES, STATUSES } from '../../../lambda-src/collector/normalized-event';
import type { EventResponse, EventSummary } from '../../../lambda-src/query-api/api-types';
import { el } from './dom';
import { utc } from './format';

export function fillFilterOptions(products: readonly string[]): void {
  const lists: Record<string, readonly string[]> = {
    'f-product': products,
    'f-source': SOURCES,
    'f-kind': KINDS,
    'f-severity': SEVERITIES,
    'f-status': STATUSES,
  };
  for (const [id, values] of Object.entries(lists)) {
    const select = document.getElementById(id) as HTMLSelectElement;
    const current = select.value;
    select.replaceChildren(
      el('option', { value: '' }, 'all'),
      ...values.map((v) => el('option', { value: v }, v)),
    );
    select.value = values.includes(current) ? current : '';
  }
}

export type OpenEvent = (id: string) => void;

export function eventRow(e: EventSummary, open: OpenEvent): HTMLTableRowElement {
  const row = el(
    'tr',
    { tabindex: 0, 'data-id': e.id, 'data-severity': e.severity, 'aria-label': `${e.severity}: ${e.title}` },
    el('td', {}, el('span', { class: `badge sev-${e.severity}` }, e.severity)),
    el('td', { class: 'when' }, utc(e.occurredAt)),
    el('td', {}, e.product),
    el('td', { class: e.env ? 'env' : 'env muted' }, e.env ?? '—'),
    el('td', {}, e.source),
    el('td', {}, e.status),
    el(
      'td',
      {},
      e.title,
      e.occurrences && e.occurrences > 1
        ? el('span', { class: 'repeats', title: `${e.occurrences} times` }, ` ×${e.occurrences}`)
        : null,
    ),
  );
  row.addEventListener('click', () => open(e.id));
  row.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter') {
      ev.preventDefault();
      open(e.id);
    }
  });
  return row;
}

export function renderDetail(dialog: HTMLDialogElement, data: EventResponse): void {
  const e = data.event;
  (dialog.querySelector('#detail-title') as HTMLElement).textContent = e.title;
  const fields: [string, string | undefined][] = [
    ['Severity', e.severity],
    ['Status', e.status],
    ['Product', e.product],
    ['Environment', e.env ?? 'not attributed (no account id, or an account the product does not own)'],
    ['Source', `${e.source} (${e.kind})`],
    ['Occurred', `${utc(e.occurredAt)} UTC`],
    ['Received', `${utc(e.receivedAt)} UTC`],
    ['Account', e.account],
    ['Region', e.region],
    ['Resource', e.resource],
    ['Principal', e.principal],
    ['Action', e.action],
    ['Source IP', e.sourceIp],
    [
      'Occurrences',
      e.occurrences === undefined
        ? undefined
        : `${e.occurrences}${e.lastOccurredAt ? `, the latest at ${utc(e.lastOccurredAt)} UTC` : ''}`,
    ],
    ['Id', e.id],
  ];
  (dialog.querySelector('#detail-fields') as HTMLElement).replaceChildren(
    ...fields.filter(([, v]) => v).flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]),
  );
  // Only http(s) links: a stored url is data from a webhook, never a script.
  const safe = e.url && /^https?:\/\//i.test(e.url) ? e.url : undefined;
  (dialog.querySelector('#detail-link') as HTMLElement).replaceChildren(
    safe
      ? el(
          'a',
          { href: safe, target: '_blank', rel: 'noopener noreferrer', id: 'detail-open' },
          `Open in ${e.source} ↗`,
        )
      : el('span', { class: 'muted' }, 'No link back to the originating tool in this event.'),
  );
  // The raw payload has a retention of its own (central.privacy.rawRetentionDays); the fields above stay.
  const expired = (e as { rawExpiredAt?: string }).rawExpiredAt;
  (dialog.querySelector('#detail-raw') as HTMLElement).textContent =
    e.raw === undefined
      ? `Raw payload removed by the retention${expired ? ` on ${utc(expired)} UTC` : ''}.`
      : JSON.stringify(e.raw, null, 2);
}
