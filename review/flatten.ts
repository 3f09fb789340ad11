import { isRecord } from './errors';
import { joinPath } from './markdown';

/**
 * Flattens a JSON value into leaves by attribute path (`a.b[0].c`). Scalars, nulls and empty
 * objects/arrays are leaves, so that every difference between two values shows up as a leaf difference.
 */
export function flattenLeaves(
  value: unknown,
  prefix = '',
  into = new Map<string, unknown>(),
): Map<string, unknown> {
  if (Array.isArray(value) && value.length > 0) {
    for (const [i, v] of value.entries()) flattenLeaves(v, joinPath(prefix, i), into);
  } else if (isRecord(value) && Object.keys(value).length > 0) {
    for (const [k, v] of Object.entries(value)) flattenLeaves(v, joinPath(prefix, k), into);
  } else {
    into.set(prefix, value);
  }
  return into;
}

export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
