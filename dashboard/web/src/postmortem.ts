// The incident dialog: the incident's record (times, escalations, responders, the Datadog alerts that
// paged it) and its postmortem: narrative, action items, the timeline of its window (annotate, hide,
// extend) and the history. Everything typed is shown through textContent or form values, never as HTML.
import type {
  IncidentDetailResponse,
  Postmortem,
  PostmortemResponse,
  PostmortemTimelineEntry,
} from '../../../lambda-src/query-api/api-types';
import type { Api } from './api';
import { byId, el } from './dom';
import { duration } from './duration';
import { utc } from './format';

let current: { api: Api; detail: IncidentDetailResponse; pm: PostmortemResponse | null } | null = null;

function showError(err: unknown): void {
  const box = byId('incident-error');
  box.textContent = err instanceof Error ? err.message : String(err);
  box.hidden = false;
}

export async function openIncident(api: Api, id: string): Promise<void> {
  const dialog = byId<HTMLDialogElement>('incident');
  const [detail, pm] = await Promise.all([api.incident(id), api.postmortem(id)]);
  current = { api, detail, pm };
  byId('incident-error').hidden = true;
  renderIncident(detail);
  renderPostmortem();
  if (!dialog.open) dialog.showModal();
  byId('incident-close').focus();
}

function renderIncident({ incident: i }: IncidentDetailResponse): void {
  byId('incident-title').textContent = `${i.number !== null ? `#${i.number} ` : ''}${i.title}`;
  const rows: [string, string | Node][] = [
    ['product', `${i.product}${i.env ? ` / ${i.env}` : ''}`],
    ['status', i.status],
    ['priority', [i.priority, i.urgency].filter(Boolean).join(', ') || '—'],
    [
      'priority changes',
      i.changes.length === 0
        ? '—'
        : el(
            'ul',
            { class: 'changes' },
            ...i.changes.map((c) =>
              el(
                'li',
                {},
                `${utc(c.at)} UTC ${c.field} ${c.from ?? 'none'} → ${c.to ?? 'none'}${c.by ? ` by ${c.by}` : ''}`,
              ),
            ),
          ),
    ],
    ['triggered', `${utc(i.triggeredAt)} UTC`],
    [
      'acknowledged',
      i.acknowledgedAt ? `${utc(i.acknowledgedAt)} UTC (after ${duration(i.acknowledgeSeconds)})` : '—',
    ],
    ['resolved', i.resolvedAt ? `${utc(i.resolvedAt)} UTC (after ${duration(i.resolveSeconds)})` : '—'],
    ['escalations', String(i.escalations)],
    ['responders', i.responders.join(', ') || '—'],
    [
      'Datadog alerts',
      i.alerts.length === 0
        ? '—'
        : el('ul', {}, ...i.alerts.map((a) => el('li', {}, `${utc(a.occurredAt)} UTC `, a.title))),
    ],
  ];
  if (i.url)
    rows.push(['PagerDuty', el('a', { href: i.url, rel: 'noopener noreferrer', target: '_blank' }, i.url)]);
  byId('incident-fields').replaceChildren(...rows.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
}

async function write(change: () => Promise<PostmortemResponse>): Promise<void> {
  if (!current) return;
  try {
    current.pm = await change();
    byId('incident-error').hidden = true;
    renderPostmortem();
  } catch (err) {
    showError(err);
  }
}

function renderPostmortem(): void {
  if (!current) return;
  const box = byId('postmortem');
  const { api, detail, pm } = current;
  const id = detail.incident.id;
  if (!pm) {
    if (detail.incident.status !== 'resolved') {
      box.replaceChildren(
        el('p', { class: 'muted' }, 'A postmortem is written once the incident is resolved.'),
      );
      return;
    }
    const create = el('button', { type: 'button', id: 'pm-create' }, 'Create postmortem');
    create.addEventListener('click', () => write(() => api.createPostmortem(id)));
    box.replaceChildren(
      el(
        'p',
        { class: 'muted' },
        `No postmortem yet. It starts with the ${detail.events.length} events of this product environment from ${utc(detail.windowFrom)} to ${utc(detail.windowTo)} UTC.`,
      ),
      create,
    );
    return;
  }
  const p = pm.postmortem;
  const editable = pm.canWrite;
  /** Unsaved timeline changes (notes, hidden), sent with Save. */
  const entryChanges = new Map<string, { id: string; note?: string; hidden?: boolean }>();
  const textField = (name: 'summary' | 'impact' | 'rootCause', label: string) =>
    editable
      ? el(
          'label',
          { class: 'pm-field' },
          label,
          el('textarea', { id: `pm-${name}`, rows: 3, maxlength: 10000 }),
        )
      : el(
          'div',
          { class: 'pm-field' },
          el('strong', {}, label),
          el('p', { class: 'pm-text', id: `pm-${name}` }, p[name] || '—'),
        );
  const fields = [
    textField('summary', 'Summary'),
    textField('impact', 'Impact'),
    textField('rootCause', 'Root cause'),
  ];

  const items = el(
    'ul',
    { id: 'pm-items' },
    ...p.actionItems.map((item) => {
      const done = el('input', { type: 'checkbox', 'aria-label': 'done', disabled: !editable });
      done.checked = item.done;
      done.addEventListener('change', () =>
        write(() =>
          api.updatePostmortem(id, {
            version: p.version,
            actionItems: p.actionItems.map((x) => (x.id === item.id ? { ...x, done: done.checked } : x)),
          }),
        ),
      );
      return el(
        'li',
        { 'data-item': item.id, class: item.done ? 'done' : undefined },
        done,
        ' ',
        el('span', { class: 'pm-item-text' }, item.text),
        el('span', { class: 'muted' }, ` — ${item.owner}${item.due ? `, due ${item.due}` : ''}`),
      );
    }),
  );

  const timeline = el(
    'ol',
    { id: 'pm-timeline', class: 'pm-timeline' },
    ...p.timeline.map((e) => timelineEntry(e, editable, entryChanges)),
  );

  const parts: (Node | string)[] = [
    el(
      'p',
      { class: 'muted', id: 'pm-meta' },
      `Postmortem by ${p.createdBy}, ${utc(p.createdAt)} UTC; version ${p.version}, last changed by ${p.updatedBy} ${utc(p.updatedAt)} UTC.`,
    ),
    ...fields,
    el('h3', {}, 'Action items'),
    items,
  ];
  if (editable) {
    const add = el(
      'form',
      { id: 'pm-item-form', class: 'filters' },
      el('label', {}, 'Action ', el('input', { id: 'pm-item-text', required: true, maxlength: 300 })),
      el('label', {}, 'Owner ', el('input', { id: 'pm-item-owner', required: true, maxlength: 120 })),
      el('label', {}, 'Due ', el('input', { id: 'pm-item-due', type: 'date' })),
      el('button', { type: 'submit', id: 'pm-item-add' }, 'Add action item'),
    );
    add.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const value = (i: string) => (byId<HTMLInputElement>(i).value || '').trim();
      void write(() =>
        api.updatePostmortem(id, {
          version: p.version,
          actionItems: [
            ...p.actionItems,
            { text: value('pm-item-text'), owner: value('pm-item-owner'), due: value('pm-item-due') || null },
          ],
        }),
      );
    });
    parts.push(add);
  }
  parts.push(
    el('h3', {}, 'Timeline ', el('span', { class: 'muted' }, 'UTC; the incident window ± 30 minutes')),
    timeline,
  );
  if (editable) {
    const extend = el(
      'form',
      { id: 'pm-entry-form', class: 'filters' },
      el(
        'label',
        {},
        'At ',
        el('input', { id: 'pm-entry-at', required: true, placeholder: p.triggeredAt, size: 24 }),
      ),
      el('label', {}, 'What ', el('input', { id: 'pm-entry-title', required: true, maxlength: 300 })),
      el('button', { type: 'submit', id: 'pm-entry-add' }, 'Add timeline entry'),
    );
    extend.addEventListener('submit', (ev) => {
      ev.preventDefault();
      void write(() =>
        api.updatePostmortem(id, {
          version: p.version,
          addEntries: [
            {
              at: byId<HTMLInputElement>('pm-entry-at').value.trim(),
              title: byId<HTMLInputElement>('pm-entry-title').value.trim(),
            },
          ],
        }),
      );
    });
    const save = el('button', { type: 'button', id: 'pm-save' }, 'Save');
    save.addEventListener('click', () =>
      write(() =>
        api.updatePostmortem(id, {
          version: p.version,
          summary: byId<HTMLTextAreaElement>('pm-summary').value,
          impact: byId<HTMLTextAreaElement>('pm-impact').value,
          rootCause: byId<HTMLTextAreaElement>('pm-rootCause').value,
          timeline: [...entryChanges.values()],
        }),
      ),
    );
    parts.push(extend, save);
  }
  const markdown = el('button', { type: 'button', id: 'pm-markdown' }, 'Download Markdown');
  markdown.addEventListener('click', () =>
    api
      .download(`/postmortems/${encodeURIComponent(id)}/markdown`, {}, `postmortem-${id}.md`)
      .catch(showError),
  );
  parts.push(' ', markdown, historyList(p));
  box.replaceChildren(...parts);
  if (editable) {
    // Form values, not markup: whatever was typed comes back exactly as text.
    byId<HTMLTextAreaElement>('pm-summary').value = p.summary;
    byId<HTMLTextAreaElement>('pm-impact').value = p.impact;
    byId<HTMLTextAreaElement>('pm-rootCause').value = p.rootCause;
  }
}

function timelineEntry(
  e: PostmortemTimelineEntry,
  editable: boolean,
  changes: Map<string, { id: string; note?: string; hidden?: boolean }>,
): HTMLLIElement {
  const li = el(
    'li',
    { 'data-entry': e.id, class: e.hidden ? 'hidden-entry' : undefined },
    el('span', { class: 'when' }, utc(e.at)),
    ' ',
    el('span', { class: 'pm-entry-title' }, e.title),
    el(
      'span',
      { class: 'muted' },
      e.source ? ` ${e.source}${e.severity ? `, ${e.severity}` : ''}` : ` added by ${e.addedBy ?? ''}`,
    ),
  );
  if (!editable) {
    if (e.note) li.append(el('p', { class: 'pm-note' }, e.note));
    return li;
  }
  const note = el('input', {
    class: 'pm-note',
    placeholder: 'note',
    maxlength: 2000,
    'aria-label': `note on ${e.title}`,
  });
  note.value = e.note;
  note.addEventListener('input', () =>
    changes.set(e.id, { ...changes.get(e.id), id: e.id, note: note.value }),
  );
  const hide = el('input', { type: 'checkbox', class: 'pm-hide' });
  hide.checked = e.hidden;
  hide.addEventListener('change', () => {
    changes.set(e.id, { ...changes.get(e.id), id: e.id, hidden: hide.checked });
    li.classList.toggle('hidden-entry', hide.checked);
  });
  li.append(' ', note, ' ', el('label', {}, hide, ' hide'));
  return li;
}

function historyList(p: Postmortem): HTMLElement {
  return el(
    'details',
    { id: 'pm-history' },
    el('summary', {}, `History (${p.history.length})`),
    el(
      'ul',
      {},
      ...p.history.map((h) =>
        el('li', {}, `${utc(h.at)} UTC ${h.by} ${h.action}: `, el('span', {}, h.changes.join('; '))),
      ),
    ),
  );
}

export function wireIncidentDialog(): void {
  const dialog = byId<HTMLDialogElement>('incident');
  byId('incident-close').addEventListener('click', () => dialog.close());
}
