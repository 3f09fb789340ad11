// What a postmortem write may contain: every field bounded in size, unknown fields refused. Text is kept
// as typed (the page renders it as text, never as HTML); only control characters are refused.
import * as z from 'zod';

export const MAX_TEXT = 10_000;
export const MAX_LINE = 300;
export const MAX_ACTION_ITEMS = 50;
export const MAX_TIMELINE_ENTRIES = 500;
export const MAX_ADDED_ENTRIES = 100;
/** The request body as received; API Gateway allows more, the API does not need it. */
export const MAX_BODY_BYTES = 256 * 1024;

// Tabs and line breaks are text; other control characters have no business in a postmortem.
const hasControl = (s: string) =>
  [...s].some((c) => {
    const code = c.charCodeAt(0);
    return (code < 0x20 && c !== '\t' && c !== '\n' && c !== '\r') || code === 0x7f;
  });
const text = (max: number) =>
  z
    .string({ error: 'must be text' })
    .max(max, { error: `must be at most ${max} characters` })
    .refine((s) => !hasControl(s), { error: 'must not contain control characters' });
const line = (max = MAX_LINE) => text(max).refine((s) => !/[\r\n]/.test(s), { error: 'must be one line' });
const day = z
  .string({ error: 'must be a date, e.g. 2026-04-30' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a date, e.g. 2026-04-30' })
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), { error: 'must be a real date' });
const instant = z
  .string({ error: 'must be an ISO 8601 time with a zone' })
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/, {
    error: 'must be an ISO 8601 time with a zone, e.g. 2026-01-31T09:00:00Z',
  })
  .refine((s) => !Number.isNaN(Date.parse(s)), { error: 'must be a real date and time' })
  .transform((s) => new Date(s).toISOString());
const entryId = z.string().regex(/^[A-Za-z0-9:_-]{1,80}$/, { error: 'must be a timeline entry id' });

export const actionItem = z.strictObject({
  /** Absent on a new item: the API gives it one. */
  id: entryId.optional(),
  text: line().min(1, { error: 'must not be empty' }),
  owner: line(120).min(1, { error: 'must name an owner' }),
  due: day.nullable().default(null),
  done: z.boolean({ error: 'must be true or false' }).default(false),
});

const narrative = {
  summary: text(MAX_TEXT).optional(),
  impact: text(MAX_TEXT).optional(),
  rootCause: text(MAX_TEXT).optional(),
  actionItems: z
    .array(actionItem)
    .max(MAX_ACTION_ITEMS, { error: `must be at most ${MAX_ACTION_ITEMS} items` })
    .optional(),
};

export const createPostmortem = z.strictObject({
  incidentId: z.string().regex(/^[A-Za-z0-9]{1,40}$/, {
    error: 'must be a PagerDuty incident id (letters and digits, at most 40)',
  }),
  ...narrative,
});

/** A change to one entry of the timeline: a note, or hiding it (entries are never deleted). */
const entryChange = z.strictObject({
  id: entryId,
  note: text(2000).optional(),
  hidden: z.boolean({ error: 'must be true or false' }).optional(),
});

/** An entry the author adds (what no event recorded: a call, a decision). */
const addedEntry = z.strictObject({
  at: instant,
  title: line().min(1, { error: 'must not be empty' }),
  note: text(2000).optional(),
});

export const updatePostmortem = z.strictObject({
  /** The version the author edited: a change made meanwhile by someone else is not overwritten. */
  version: z.number({ error: 'must be the version you edited' }).int().min(1),
  ...narrative,
  timeline: z.array(entryChange).max(MAX_TIMELINE_ENTRIES).optional(),
  addEntries: z.array(addedEntry).max(MAX_ADDED_ENTRIES).optional(),
});

export type CreatePostmortem = z.output<typeof createPostmortem>;
export type UpdatePostmortem = z.output<typeof updatePostmortem>;
export type ActionItemInput = z.output<typeof actionItem>;
