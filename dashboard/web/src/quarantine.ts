// The quarantine panel: what the collector answered 202 but did not store as events, so an SRE sees a
// source that never arrives (and can replay it once a normalizer understands it).
import type { QuarantineResponse } from '../../../lambda-src/query-api/api-types';
import { el } from './dom';
import { utc } from './format';

export function renderQuarantine(section: HTMLElement, data: QuarantineResponse): void {
  const total = section.querySelector('#quarantine-total') as HTMLElement;
  total.textContent =
    data.total === 0
      ? 'No quarantined deliveries in this period.'
      : `${data.total} quarantined ${data.total === 1 ? 'delivery' : 'deliveries'} in this period; after a normalizer fix: npm run replay-quarantine`;
  section.dataset.total = String(data.total);

  const groups = section.querySelector('#quarantine-groups') as HTMLTableElement;
  groups.hidden = data.groups.length === 0;
  groups.tBodies[0].replaceChildren(
    ...data.groups.map((g) =>
      el(
        'tr',
        { 'data-product': g.product, 'data-source': g.source },
        el('td', {}, g.product),
        el('td', {}, g.source),
        el('td', { class: 'reason' }, g.reason),
        el('td', { class: 'count' }, g.count),
      ),
    ),
  );

  (section.querySelector('#quarantine-deliveries') as HTMLElement).replaceChildren(
    ...data.deliveries.map((d) => {
      const headers = Object.entries(d.headers);
      return el(
        'details',
        { class: 'delivery', 'data-id': d.id },
        el(
          'summary',
          {},
          el('span', { class: 'when' }, `${utc(d.receivedAt)} UTC`),
          ' ',
          el('strong', {}, `${d.product} / ${d.source}`),
          ': ',
          el('span', { class: 'reason' }, d.reason),
        ),
        el(
          'dl',
          { class: 'fields headers' },
          ...(headers.length > 0
            ? headers.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)])
            : [el('dt', {}, 'headers'), el('dd', { class: 'muted' }, 'none kept')]),
        ),
        el(
          'p',
          { class: 'muted' },
          `${d.bodyBytes} bytes${d.rawEncoding === 'base64' ? ', not UTF-8: shown as base64' : ''}${
            d.rawTruncated ? ', cut for display' : ''
          }`,
        ),
        el('pre', { class: 'raw' }, d.raw),
      );
    }),
  );
}
