// Postmortems: one document per resolved incident in the `postmortems` collection, created with a
// timeline of every event of the incident's product/env in its window ± the margin, then edited by the
// writers. Every write appends who changed what, and when, to the document's history (`$push` only).
import { type Collection, MongoServerError } from 'mongodb';
import type {
  ActionItem,
  EventSummary,
  Postmortem,
  PostmortemHistoryEntry,
  PostmortemTimelineEntry,
} from './api-types';
import type { Caller } from './caller';
import type { IncidentScope } from './incidents';
import { incidentDetail } from './incidents';
import type { ActionItemInput, CreatePostmortem, UpdatePostmortem } from './postmortem-input';
import { type EventDocument, QUERY_MAX_TIME_MS } from './store';

export type PostmortemDocument = Postmortem & { readonly _id: string };

/** A write the API refuses for a reason the caller can act on (404 no incident, 409 conflict). */
export class PostmortemRefused extends Error {
  constructor(
    readonly statusCode: 404 | 409,
    message: string,
  ) {
    super(message);
  }
}

const DUPLICATE_KEY = 11000;
/** Values quoted in the history are cut here: it says what changed, not the whole text again. */
const QUOTE_CHARS = 80;
const quote = (s: string) => JSON.stringify(s.length > QUOTE_CHARS ? `${s.slice(0, QUOTE_CHARS)}…` : s);

function fromEvent(e: EventSummary, n: number): PostmortemTimelineEntry {
  return {
    id: `e${n}`,
    at: e.occurredAt,
    title: e.title,
    eventId: e.id,
    source: e.source,
    kind: e.kind,
    severity: e.severity,
    note: '',
    hidden: false,
    addedBy: null,
  };
}

function numberedItems(items: readonly ActionItemInput[], existing: readonly ActionItem[]): ActionItem[] {
  let next = 1 + Math.max(0, ...existing.map((i) => Number(i.id.replace(/^a/, '')) || 0));
  const known = new Set(existing.map((i) => i.id));
  return items.map((i) => ({
    id: i.id && known.has(i.id) ? i.id : `a${next++}`,
    text: i.text,
    owner: i.owner,
    due: i.due,
    done: i.done,
  }));
}

export async function getPostmortem(
  postmortems: Collection<PostmortemDocument>,
  incidentId: string,
): Promise<Postmortem | null> {
  const doc = await postmortems.findOne({ _id: incidentId }, { maxTimeMS: QUERY_MAX_TIME_MS });
  if (!doc) return null;
  const { _id, ...postmortem } = doc;
  return postmortem;
}

export async function createPostmortem(
  events: Collection<EventDocument>,
  postmortems: Collection<PostmortemDocument>,
  input: CreatePostmortem,
  scope: IncidentScope,
  caller: Caller,
  now: Date,
): Promise<Postmortem> {
  const detail = await incidentDetail(events, input.incidentId, scope, now);
  if (!detail) throw new PostmortemRefused(404, `no incident with id "${input.incidentId}"`);
  const { incident } = detail;
  if (incident.status !== 'resolved' || !incident.resolvedAt)
    throw new PostmortemRefused(
      409,
      `incident "${incident.id}" is ${incident.status}: a postmortem is written once it is resolved`,
    );
  const at = now.toISOString();
  const doc: PostmortemDocument = {
    _id: incident.id,
    incidentId: incident.id,
    product: incident.product,
    env: incident.env,
    incidentTitle: incident.title,
    incidentUrl: incident.url,
    triggeredAt: incident.triggeredAt,
    resolvedAt: incident.resolvedAt,
    summary: input.summary ?? '',
    impact: input.impact ?? '',
    rootCause: input.rootCause ?? '',
    actionItems: numberedItems(input.actionItems ?? [], []),
    timeline: detail.events.map(fromEvent),
    createdAt: at,
    createdBy: caller.name,
    updatedAt: at,
    updatedBy: caller.name,
    version: 1,
    history: [
      {
        at,
        by: caller.name,
        action: 'created',
        changes: [
          `created with ${detail.events.length} timeline entries from ${detail.windowFrom} to ${detail.windowTo}`,
        ],
      },
    ],
  };
  try {
    await postmortems.insertOne(doc);
  } catch (err) {
    if (err instanceof MongoServerError && err.code === DUPLICATE_KEY)
      throw new PostmortemRefused(409, `incident "${incident.id}" already has a postmortem: change that one`);
    throw err;
  }
  const { _id, ...postmortem } = doc;
  return postmortem;
}

/** What changed between the stored postmortem and the edit, one line each, for the history. */
function describeChanges(before: Postmortem, after: Omit<Postmortem, 'history'>): string[] {
  const changes: string[] = [];
  for (const field of ['summary', 'impact', 'rootCause'] as const) {
    if (before[field] !== after[field]) changes.push(`${field} changed to ${quote(after[field])}`);
  }
  const old = new Map(before.actionItems.map((i) => [i.id, i]));
  const kept = new Set(after.actionItems.map((i) => i.id));
  for (const item of after.actionItems) {
    const was = old.get(item.id);
    if (!was) changes.push(`action item ${item.id} added: ${quote(item.text)} (owner ${item.owner})`);
    else if (was.done !== item.done)
      changes.push(`action item ${item.id} marked ${item.done ? 'done' : 'not done'}: ${quote(item.text)}`);
    else if (was.text !== item.text || was.owner !== item.owner || was.due !== item.due)
      changes.push(
        `action item ${item.id} changed: ${quote(item.text)} (owner ${item.owner}, due ${item.due ?? 'none'})`,
      );
  }
  for (const item of before.actionItems) {
    if (!kept.has(item.id)) changes.push(`action item ${item.id} removed: ${quote(item.text)}`);
  }
  const entries = new Map(before.timeline.map((e) => [e.id, e]));
  for (const e of after.timeline) {
    const was = entries.get(e.id);
    if (!was) changes.push(`timeline entry ${e.id} added at ${e.at}: ${quote(e.title)}`);
    else {
      if (was.hidden !== e.hidden) changes.push(`timeline entry ${e.id} ${e.hidden ? 'hidden' : 'shown'}`);
      if (was.note !== e.note) changes.push(`timeline entry ${e.id} note: ${quote(e.note)}`);
    }
  }
  return changes;
}

export async function updatePostmortem(
  postmortems: Collection<PostmortemDocument>,
  incidentId: string,
  input: UpdatePostmortem,
  caller: Caller,
  now: Date,
): Promise<Postmortem> {
  const before = await getPostmortem(postmortems, incidentId);
  if (!before) throw new PostmortemRefused(404, `no postmortem for incident "${incidentId}"`);
  if (before.version !== input.version)
    throw new PostmortemRefused(
      409,
      `postmortem changed meanwhile (version ${before.version}, yours ${input.version}, by ${before.updatedBy}): reload and apply your change again`,
    );
  const unknown = (input.timeline ?? []).filter((c) => !before.timeline.some((e) => e.id === c.id));
  if (unknown.length > 0)
    throw new PostmortemRefused(404, `no timeline entry ${unknown.map((c) => `"${c.id}"`).join(', ')}`);
  const byId = new Map((input.timeline ?? []).map((c) => [c.id, c]));
  const firstAdded = before.timeline.filter((e) => e.eventId === null).length + 1;
  const timeline: PostmortemTimelineEntry[] = [
    ...before.timeline.map((e) => {
      const change = byId.get(e.id);
      return change ? { ...e, note: change.note ?? e.note, hidden: change.hidden ?? e.hidden } : e;
    }),
    ...(input.addEntries ?? []).map(
      (a, i): PostmortemTimelineEntry => ({
        id: `m${firstAdded + i}`,
        at: a.at,
        title: a.title,
        eventId: null,
        source: null,
        kind: null,
        severity: null,
        note: a.note ?? '',
        hidden: false,
        addedBy: caller.name,
      }),
    ),
  ].sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
  const at = now.toISOString();
  const next = {
    ...before,
    summary: input.summary ?? before.summary,
    impact: input.impact ?? before.impact,
    rootCause: input.rootCause ?? before.rootCause,
    actionItems: input.actionItems
      ? numberedItems(input.actionItems, before.actionItems)
      : before.actionItems,
    timeline,
  };
  const changes = describeChanges(before, next);
  if (changes.length === 0) return before;
  const entry: PostmortemHistoryEntry = { at, by: caller.name, action: 'updated', changes };
  const set = {
    summary: next.summary,
    impact: next.impact,
    rootCause: next.rootCause,
    actionItems: next.actionItems,
    timeline: next.timeline,
    updatedAt: at,
    updatedBy: caller.name,
    version: before.version + 1,
  };
  // Conditional on the version read: of two concurrent edits, the second is refused, not merged blindly.
  const res = await postmortems.updateOne(
    { _id: incidentId, version: before.version },
    { $set: set, $push: { history: entry } },
    { maxTimeMS: QUERY_MAX_TIME_MS },
  );
  if (res.matchedCount === 0)
    throw new PostmortemRefused(409, 'postmortem changed meanwhile: reload and apply your change again');
  return { ...before, ...set, history: [...before.history, entry] };
}
