// The overview grid: one row per product (worst first), one column per signal, each cell coloured by the
// worst severity it counts and labelled with it, so colour is never the only cue.
import { SEVERITIES, type Severity } from '../../../lambda-src/collector/normalized-event';
import { type OverviewResponse, SIGNAL_IDS, type SignalId } from '../../../lambda-src/query-api/api-types';
import { SIGNALS } from '../../../lambda-src/query-api/signals';
import { el } from './dom';
import { trend } from './format';

/** `env` is `unattributed` for the row of a product's events without an environment. */
export type CellChoice = (product: string, env: string, signal: SignalId) => void;

/** What the API calls events without an environment (query-api/environment.ts). */
export const UNATTRIBUTED = 'unattributed';

function worstLabel(bySeverity: Record<Severity, number>): string {
  return SEVERITIES.filter((s) => bySeverity[s] > 0)
    .map((s) => `${bySeverity[s]} ${s}`)
    .join(', ');
}

export function renderOverview(root: HTMLElement, data: OverviewResponse, choose: CellChoice): void {
  const head = el(
    'tr',
    {},
    el('th', { scope: 'col' }, 'Product (env)'),
    ...SIGNAL_IDS.map((id) => el('th', { scope: 'col' }, SIGNALS[id].label)),
  );
  const rows = data.products.map((p) => {
    const env = p.env ?? UNATTRIBUTED;
    const name = `${p.product} (${p.env ?? 'no env'})`;
    return el(
      'tr',
      { 'data-product': p.product, 'data-env': env },
      el(
        'th',
        { scope: 'row' },
        p.product,
        ' ',
        el('span', { class: p.env ? 'env' : 'env muted' }, p.env ?? 'no env'),
        ' ',
        el(
          'span',
          { class: `badge sev-${p.worst ?? 'none'}`, 'data-worst': p.worst ?? 'none' },
          p.worst ?? 'clear',
        ),
      ),
      ...SIGNAL_IDS.map((id) => {
        const s = p.signals[id];
        const label = `${name}, ${SIGNALS[id].label}: ${s.count}${s.count ? ` (${worstLabel(s.bySeverity)})` : ''}`;
        const cell = el(
          'button',
          {
            type: 'button',
            class: `cell sev-${s.worst ?? 'none'}`,
            'data-signal': id,
            'aria-label': label,
            title: label,
          },
          el('span', { class: 'n' }, s.count),
          s.worst ? el('span', { class: 'sev' }, s.worst) : null,
          el('span', { class: 'trend' }, trend(s.count, s.previousCount) || '\u00a0'),
        );
        cell.addEventListener('click', () => choose(p.product, env, id));
        return el('td', {}, cell);
      }),
    );
  });
  const table = el('table', { class: 'grid', id: 'grid' }, el('thead', {}, head), el('tbody', {}, ...rows));
  root.replaceChildren(table);
}

/** Arrow keys move between cells of the grid. */
export function gridKeys(root: HTMLElement): void {
  root.addEventListener('keydown', (e) => {
    const target = e.target as HTMLElement;
    if (!target.classList.contains('cell')) return;
    const td = target.parentElement as HTMLTableCellElement;
    const tr = td.parentElement as HTMLTableRowElement;
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [0, -1],
      ArrowRight: [0, 1],
      ArrowUp: [-1, 0],
      ArrowDown: [1, 0],
    };
    const move = moves[e.key];
    if (!move) return;
    const body = tr.parentElement as HTMLTableSectionElement;
    const row = body.rows[tr.sectionRowIndex + move[0]];
    const next = row?.cells[td.cellIndex + move[1]]?.querySelector<HTMLButtonElement>('button.cell');
    if (next) {
      e.preventDefault();
      next.focus();
    }
  });
}
