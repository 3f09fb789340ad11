// The dashboard page: overview grid, timeline, filtered event list, event detail, quarantine. Keyboard first.
import type { EventSummary, SignalId } from '../../../lambda-src/query-api/api-types';
import { SIGNALS } from '../../../lambda-src/query-api/signals';
import { Api, type SiteConfig } from './api';
import { markBurns } from './burn-markers';
import { byId, el } from './dom';
import { eventRow, fillFilterOptions, renderDetail } from './events';
import { setupIncidents } from './incidents';
import { gridKeys, renderOverview, UNATTRIBUTED } from './overview';
import { wireIncidentDialog } from './postmortem';
import { renderQuarantine } from './quarantine';
import { renderTimeline } from './timeline';

interface State {
  hours: number;
  /** The environment the whole page shows (`unattributed` for events without one); '' = every one. */
  env: string;
  signal: { product: string; env: string; id: SignalId } | null;
  cursor: string | null;
  to: string;
}

const state: State = { hours: 24, env: '', signal: null, cursor: null, to: new Date().toISOString() };
/** Every environment the overview has shown, for the environment select. */
const seenEnvs = new Set<string>();
let api: Api;

function showError(err: unknown): void {
  const box = byId('error');
  box.textContent = err instanceof Error ? err.message : String(err);
  box.hidden = false;
}

function clearError(): void {
  byId('error').hidden = true;
}

function range(): { from: string; to: string } {
  return { from: new Date(Date.parse(state.to) - state.hours * 3_600_000).toISOString(), to: state.to };
}

/** Filters of the list: a chosen grid cell gives lists of values; an explicit select narrows to one. */
function eventQuery(): Record<string, string | undefined> {
  const form = byId<HTMLFormElement>('filters');
  const value = (name: string) => (form.elements.namedItem(name) as HTMLSelectElement).value || undefined;
  const signal = state.signal ? (SIGNALS[state.signal.id] as Record<string, readonly string[] | string>) : {};
  const list = (name: string, key: string) =>
    value(name) ?? (signal[key] as readonly string[] | undefined)?.join(',');
  return {
    ...range(),
    product: value('product') ?? state.signal?.product,
    env: state.signal?.env ?? (state.env || undefined),
    source: list('source', 'sources'),
    kind: list('kind', 'kinds'),
    severity: list('severity', 'severities'),
    status: list('status', 'statuses'),
    limit: '50',
    cursor: state.cursor ?? undefined,
  };
}

let listRequest = 0;

async function loadEvents(append: boolean): Promise<void> {
  if (!append) state.cursor = null;
  // Only the latest request may render: an older answer arriving late must not replace a newer list.
  const request = ++listRequest;
  const page = await api.events(eventQuery());
  if (request !== listRequest) return;
  const body = byId('events').querySelector('tbody')!;
  const rows = page.events.map((e: EventSummary) => eventRow(e, openEvent));
  if (append) body.append(...rows);
  else body.replaceChildren(...rows);
  byId('events-empty').hidden = body.rows.length > 0;
  state.cursor = page.nextCursor;
  byId('more').hidden = !page.nextCursor;
  const chip = byId('signal-chip');
  chip.hidden = !state.signal;
  if (state.signal) {
    chip.querySelector('span')!.textContent =
      `${state.signal.product} (${state.signal.env}): ${SIGNALS[state.signal.id].label}`;
  }
}

let lastFocus: HTMLElement | null = null;

async function openEvent(id: string): Promise<void> {
  try {
    lastFocus = document.activeElement as HTMLElement | null;
    const dialog = byId<HTMLDialogElement>('detail');
    renderDetail(dialog, await api.event(id));
    dialog.showModal();
    byId('detail-close').focus();
  } catch (err) {
    showError(err);
  }
}

async function refresh(includeList = true): Promise<void> {
  state.to = new Date().toISOString();
  try {
    const { from, to } = range();
    const env = state.env || undefined;
    const [overview, timeline, quarantine, slos] = await Promise.all([
      api.overview(state.hours, env),
      api.timeline(from, to, env),
      api.quarantine(state.hours),
      api.slos(env),
    ]);
    renderOverview(byId('overview'), overview, chooseCell);
    fillEnvOptions(overview.products.map((p) => p.env ?? UNATTRIBUTED));
    renderTimeline(byId('timeline'), timeline);
    markBurns(byId('timeline'), timeline, slos);
    renderQuarantine(byId('quarantine'), quarantine);
    fillFilterOptions(overview.products.map((p) => p.product).sort());
    if (includeList) await loadEvents(false);
    byId('updated').textContent = `updated ${to.slice(11, 16)} UTC`;
    clearError();
  } catch (err) {
    showError(err);
  }
}

/** The environment select: every environment seen so far (they come from the configured accounts). */
function fillEnvOptions(envs: readonly string[]): void {
  for (const env of envs) seenEnvs.add(env);
  const select = byId<HTMLSelectElement>('env');
  const known = [...seenEnvs].sort((a, b) =>
    a === UNATTRIBUTED ? 1 : b === UNATTRIBUTED ? -1 : a.localeCompare(b),
  );
  select.replaceChildren(
    el('option', { value: '' }, 'all'),
    ...known.map((v) => el('option', { value: v }, v === UNATTRIBUTED ? 'no env' : v)),
  );
  select.value = state.env;
}

function chooseCell(product: string, env: string, id: SignalId): void {
  state.signal = { product, env, id };
  clearFilterFields();
  loadEvents(false)
    .then(() => focusFirstEvent())
    .catch(showError);
}

/** Clears the selects without the form's reset event, which would load the list a second time. */
function clearFilterFields(): void {
  for (const select of byId<HTMLFormElement>('filters').querySelectorAll('select')) select.value = '';
}

function focusFirstEvent(): void {
  const first = byId('events').querySelector<HTMLElement>('tbody tr');
  (first ?? byId('f-product')).focus();
}

function moveInList(step: number): void {
  const rows = [...byId('events').querySelectorAll<HTMLElement>('tbody tr')];
  if (rows.length === 0) return;
  const at = rows.indexOf(document.activeElement as HTMLElement);
  rows[Math.min(rows.length - 1, Math.max(0, at === -1 ? 0 : at + step))].focus();
}

function typing(target: EventTarget | null): boolean {
  return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement;
}

function shortcuts(e: KeyboardEvent): void {
  if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
  if (document.querySelector('dialog[open]')) return; // Esc closes dialogs natively
  const actions: Record<string, () => void> = {
    g: () => byId('overview').querySelector<HTMLElement>('button.cell')?.focus(),
    e: focusFirstEvent,
    j: () => moveInList(1),
    k: () => moveInList(-1),
    f: () => byId('f-product').focus(),
    c: () => byId<HTMLFormElement>('filters').reset(),
    m: () => byId('more').click(),
    p: () => byId('period').focus(),
    v: () => byId('env').focus(),
    r: () => void refresh(),
    '?': () => byId<HTMLDialogElement>('help').showModal(),
  };
  const action = actions[e.key];
  if (action) {
    e.preventDefault();
    action();
  }
}

function wire(): void {
  gridKeys(byId('overview'));
  byId('period').addEventListener('change', (e) => {
    state.hours = Number((e.target as HTMLSelectElement).value);
    void refresh();
  });
  byId('env').addEventListener('change', (e) => {
    state.env = (e.target as HTMLSelectElement).value;
    state.signal = null;
    void refresh();
  });
  byId('refresh').addEventListener('click', () => void refresh());
  const filters = byId<HTMLFormElement>('filters');
  filters.addEventListener('change', () => loadEvents(false).catch(showError));
  filters.addEventListener('reset', () => {
    state.signal = null;
    // reset fires before the fields are cleared
    setTimeout(() => loadEvents(false).catch(showError));
  });
  filters.addEventListener('submit', (e) => e.preventDefault());
  byId('signal-clear').addEventListener('click', () => {
    state.signal = null;
    loadEvents(false).catch(showError);
  });
  byId('more').addEventListener('click', () => loadEvents(true).catch(showError));
  const detail = byId<HTMLDialogElement>('detail');
  byId('detail-close').addEventListener('click', () => detail.close());
  detail.addEventListener('close', () => lastFocus?.focus());
  const help = byId<HTMLDialogElement>('help');
  byId('help-open').addEventListener('click', () => help.showModal());
  byId('help-close').addEventListener('click', () => help.close());
  document.addEventListener('keydown', shortcuts);
}

async function main(): Promise<void> {
  const config = (await (await fetch('/config.json')).json()) as SiteConfig;
  api = new Api(config);
  if (config.banner) byId('banner').replaceChildren(el('strong', {}, config.banner));
  wire();
  wireIncidentDialog();
  const loadIncidents = setupIncidents(api, () => state.env, showError);
  await Promise.all([refresh(), loadIncidents().catch(showError)]);
  // Keep the grid and timeline current (the on-call tab stays open for hours); the list only on demand,
  // so that it never moves under the reader.
  setInterval(() => {
    if (!document.hidden && !document.querySelector('dialog[open]')) void refresh(false);
  }, 60_000);
}

main().catch(showError);
