// The reliability panel: MTTA / MTTR per product environment over 7/30/90 days, and the PagerDuty
// incidents of the chosen window; a row opens the incident with its postmortem (postmortem.ts).
import type {
  IncidentSummary,
  IncidentsResponse,
  ReliabilityResponse,
} from '../../../lambda-src/query-api/api-types';
import type { Api } from './api';
import { byId, el } from './dom';
import { duration } from './duration';
import { utc } from './format';
import { openIncident } from './postmortem';
import { renderSlos } from './slos';

function renderReliability(table: HTMLTableElement, data: ReliabilityResponse): void {
  table.tBodies[0].replaceChildren(
    ...data.products.map((p) =>
      el(
        'tr',
        { 'data-product': p.product, 'data-env': p.env ?? '' },
        el('th', { scope: 'row' }, `${p.product}${p.env ? ` / ${p.env}` : ''}`),
        ...p.windows.flatMap((w) => [
          el(
            'td',
            { class: 'count', title: `${w.incidents} incidents, ${w.acknowledged} acknowledged` },
            w.incidents,
          ),
          el(
            'td',
            { class: 'mtta', title: `mean over ${w.acknowledged} acknowledged` },
            duration(w.mttaSeconds),
          ),
          el('td', { class: 'mttr', title: `mean over ${w.resolved} resolved` }, duration(w.mttrSeconds)),
        ]),
      ),
    ),
  );
}

function incidentRow(i: IncidentSummary, open: (id: string) => void): HTMLTableRowElement {
  const button = el(
    'button',
    { type: 'button', class: 'link', 'data-incident': i.id },
    `${i.number !== null ? `#${i.number} ` : ''}${i.title}`,
  );
  button.addEventListener('click', () => open(i.id));
  return el(
    'tr',
    { 'data-incident': i.id, 'data-status': i.status },
    el('td', {}, `${utc(i.triggeredAt)}`),
    el('td', {}, `${i.product}${i.env ? ` / ${i.env}` : ''}`),
    el('td', {}, i.priority ?? i.urgency ?? ''),
    el('td', { class: `status ${i.status}` }, i.status),
    el('td', {}, duration(i.acknowledgeSeconds)),
    el('td', {}, duration(i.resolveSeconds)),
    el('td', { class: 'count' }, i.escalations),
    el('td', {}, i.responders.join(', ')),
    el('td', {}, i.alerts.length > 0 ? `${i.alerts.length} Datadog` : ''),
    el('td', { class: 'title' }, button),
  );
}

function renderIncidents(section: HTMLElement, data: IncidentsResponse, open: (id: string) => void): void {
  const table = section.querySelector('#incident-list') as HTMLTableElement;
  table.tBodies[0].replaceChildren(...data.incidents.map((i) => incidentRow(i, open)));
  (section.querySelector('#incidents-empty') as HTMLElement).hidden = data.incidents.length > 0;
  (section.querySelector('#incidents-truncated') as HTMLElement).hidden = !data.truncated;
}

/** Wires the panel; `env()` is the page's environment filter ('' = every one). */
export function setupIncidents(
  api: Api,
  env: () => string,
  onError: (err: unknown) => void,
): () => Promise<void> {
  const section = byId('incidents');
  const days = byId<HTMLSelectElement>('incident-days');
  const open = (id: string) => openIncident(api, id).catch(onError);
  const load = async () => {
    const e = env() || undefined;
    const [reliability, incidents, slos] = await Promise.all([
      api.reliability(e),
      api.incidents(Number(days.value), e),
      api.slos(e),
    ]);
    renderReliability(byId<HTMLTableElement>('reliability'), reliability);
    renderSlos(byId<HTMLTableElement>('slos'), slos);
    renderIncidents(section, incidents, open);
  };
  days.addEventListener('change', () => load().catch(onError));
  byId('env').addEventListener('change', () => load().catch(onError));
  byId('incidents-csv').addEventListener('click', () => {
    const stamp = new Date().toISOString().slice(0, 10);
    api
      .download(
        '/incidents.csv',
        { days: days.value, env: env() || undefined },
        `incidents-${days.value}d-${stamp}.csv`,
      )
      .catch(onError);
  });
  return load;
}
