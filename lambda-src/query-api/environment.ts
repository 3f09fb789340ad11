// The environment dimension of the queries: events carry `env` (the env of their product account, set by
// the collector) or none when it could not be told, which the API calls "unattributed".
import type { Filter } from 'mongodb';
import { oneOf } from './one-of';
import type { EventDocument } from './store';

/** The `env` filter value of events without an env (longer than any env name, so never one). */
export const UNATTRIBUTED = 'unattributed';

/** The filter on `env` for a list of env names (and `unattributed`); undefined = every event. */
export function envFilter(envs: readonly string[] | undefined): Filter<EventDocument> | undefined {
  if (!envs) return undefined;
  const names = envs.filter((e) => e !== UNATTRIBUTED);
  const clauses: Filter<EventDocument>[] = [];
  if (names.length > 0) clauses.push({ env: oneOf(names) });
  if (names.length < envs.length) clauses.push({ env: { $exists: false } });
  return clauses.length === 1 ? clauses[0] : { $or: clauses };
}

/** Env names per product (from the platform config), for rows of quiet product environments. */
export function configuredEnvironments(value: string | undefined): Record<string, string[]> {
  if (!value) return {};
  const parsed: unknown = JSON.parse(value);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
  const out: Record<string, string[]> = {};
  for (const [product, envs] of Object.entries(parsed)) {
    if (Array.isArray(envs)) out[product] = envs.filter((e): e is string => typeof e === 'string');
  }
  return out;
}
