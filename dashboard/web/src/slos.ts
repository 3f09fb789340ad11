// SLO status per product environment: burning or ok, time burning in the SLO window, the error budget
// left at most (bounded from the burn-rate alerts), and the newest burn-rate alerts.
import type { SloStatusResponse } from '../../../lambda-src/query-api/api-types';
import { el } from './dom';
import { duration } from './duration';
import { utc } from './format';

export function renderSlos(table: HTMLTableElement, data: SloStatusResponse): void {
  table.hidden = data.slos.length === 0;
  table.tBodies[0].replaceChildren(
    ...data.slos.map((s) =>
      el(
        'tr',
        { 'data-slo': s.sloId ?? s.slo, 'data-status': s.status },
        el('td', {}, `${s.product}${s.env ? ` / ${s.env}` : ''}`),
        el('td', {}, s.slo),
        el(
          'td',
          { class: `status ${s.status}` },
          s.status === 'burning' ? `burning since ${utc(s.since)}` : 'ok',
        ),
        el('td', {}, `${duration(s.burningSeconds)} in ${s.windowDays} d`),
        el(
          'td',
          { class: 'count' },
          s.budgetLeftAtMostPercent === null ? '—' : `≤ ${s.budgetLeftAtMostPercent}%`,
        ),
        el(
          'td',
          {},
          el(
            'ul',
            { class: 'slo-alerts' },
            ...s.alerts.map((a) => el('li', { class: a.status }, `${utc(a.at)} ${a.status}`)),
          ),
        ),
      ),
    ),
  );
}
