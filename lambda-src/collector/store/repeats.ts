// Events that stand for repeats (CloudTrail denials of one principal and action within an hour) share one
// id; each further delivery adds to the stored document's `occurrences` instead of being dropped as a
// retry. Kept apart from the store's answer logic: it only decides the update of one document.
import type { Document } from 'mongodb';

/** What the repeat logic reads of a document; every other field is copied as it is. */
export interface Repeatable {
  readonly occurrences?: number;
  readonly lastOccurredAt?: string;
}

/**
 * The upsert update of one document: `$setOnInsert` of its fields, so the first copy is kept; for an
 * event with `occurrences`, also `$inc` of the count and `$max` of `lastOccurredAt` (ISO 8601 UTC strings
 * compare in time order). A retried delivery of the same denial counts again: at-least-once, documented
 * in docs/normalized-event.md ("Repeated events").
 */
export function upsertUpdate(fields: object & Repeatable): Document {
  if (fields.occurrences === undefined) return { $setOnInsert: fields };
  const { occurrences, lastOccurredAt, ...rest } = fields;
  return {
    $setOnInsert: rest,
    $inc: { occurrences },
    ...(lastOccurredAt ? { $max: { lastOccurredAt } } : {}),
  };
}

/** Two copies of one id in one request: one document, their occurrences added (other fields: the first). */
export function mergeRepeat<T extends Repeatable>(first: T, next: T): T {
  if (first.occurrences === undefined || next.occurrences === undefined) return first;
  const last = [first.lastOccurredAt, next.lastOccurredAt]
    .filter((t): t is string => !!t)
    .sort()
    .at(-1);
  return { ...first, occurrences: first.occurrences + next.occurrences, lastOccurredAt: last };
}
