// Overview: per product and signal, counts by severity over the period and the same count over the
// previous period of the same length. Two $match + $group aggregations (one per period) on the
// occurredAt index; only operators that DocumentDB 4.0+ and FerretDB both support.
import type { Collection, Filter } from 'mongodb';
import { SEVERITIES, type Severity } from '../collector/normalized-event';
import {
  type OverviewResponse,
  type ProductOverview,
  type SeverityCounts,
  SIGNAL_IDS,
  type SignalId,
  type SignalSummary,
} from './api-types';
import { envFilter } from './environment';
import type { OverviewParams } from './params';
import { type EventKey, signalsOf } from './signals';
import { type EventDocument, QUERY_MAX_TIME_MS, storedTime } from './store';

interface GroupRow {
  /** `env` is null (or absent) for events without an environment. */
  readonly _id: EventKey & { readonly product: string; readonly env?: string | null };
  readonly n: number;
}

/** Counts grouped by product, source, kind, severity and status: a few hundred rows at most. */
async function countGroups(
  events: Collection<EventDocument>,
  from: Date,
  to: Date,
  products: readonly string[],
  envs: readonly string[] | undefined,
): Promise<GroupRow[]> {
  // Scoped to the known products (when there are any) so the match starts on the product_occurredAt index.
  const match: Filter<EventDocument> = {
    ...(products.length > 0 ? { product: { $in: [...products] } } : {}),
    occurredAt: { $gte: storedTime(from), $lt: storedTime(to) },
    ...envFilter(envs),
  };
  return events
    .aggregate<GroupRow>(
      [
        { $match: match },
        {
          $group: {
            _id: {
              product: '$product',
              env: '$env',
              source: '$source',
              kind: '$kind',
              severity: '$severity',
              status: '$status',
            },
            n: { $sum: 1 },
          },
        },
      ],
      { maxTimeMS: QUERY_MAX_TIME_MS },
    )
    .toArray();
}

export function zeroCounts(): SeverityCounts {
  return { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
}

/** Worst of two severities (null is "nothing"). */
export function worstOf(a: Severity | null, b: Severity | null): Severity | null {
  if (a === null) return b;
  if (b === null) return a;
  return SEVERITIES.indexOf(a) <= SEVERITIES.indexOf(b) ? a : b;
}

interface MutableSummary {
  count: number;
  previousCount: number;
  bySeverity: SeverityCounts;
  worst: Severity | null;
}

function emptyProduct(): Record<SignalId, MutableSummary> {
  return Object.fromEntries(
    SIGNAL_IDS.map((id) => [id, { count: 0, previousCount: 0, bySeverity: zeroCounts(), worst: null }]),
  ) as Record<SignalId, MutableSummary>;
}

/** Sort key: worst severity first, then the most events of that severity, then by name and env. */
export function compareProducts(a: ProductOverview, b: ProductOverview): number {
  const rank = (s: Severity | null) => (s === null ? SEVERITIES.length : SEVERITIES.indexOf(s));
  if (rank(a.worst) !== rank(b.worst)) return rank(a.worst) - rank(b.worst);
  const at = (p: ProductOverview) =>
    p.worst === null ? 0 : SIGNAL_IDS.reduce((sum, id) => sum + p.signals[id].bySeverity[p.worst!], 0);
  if (at(a) !== at(b)) return at(b) - at(a);
  return a.product.localeCompare(b.product) || (a.env ?? '\uffff').localeCompare(b.env ?? '\uffff');
}

/** A row of the grid: one environment of a product (env null: its events without an environment). */
export interface RowKey {
  readonly product: string;
  readonly env: string | null;
}

/** Builds the grid, one row per product and environment, from grouped counts. `known` rows appear even without events. */
export function summarize(
  current: readonly GroupRow[],
  previous: readonly GroupRow[],
  known: readonly RowKey[],
): ProductOverview[] {
  const byRow = new Map<string, { key: RowKey; signals: Record<SignalId, MutableSummary> }>();
  const rowOf = (product: string, env: string | null | undefined) => {
    const key = { product, env: env ?? null };
    const id = `${product}\u0000${key.env ?? ''}`;
    let row = byRow.get(id);
    if (!row) {
      row = { key, signals: emptyProduct() };
      byRow.set(id, row);
    }
    return row.signals;
  };
  for (const k of known) rowOf(k.product, k.env);
  for (const row of current) {
    const signals = rowOf(row._id.product, row._id.env);
    for (const id of signalsOf(row._id)) {
      const s = signals[id];
      s.count += row.n;
      s.bySeverity[row._id.severity] += row.n;
      s.worst = worstOf(s.worst, row._id.severity);
    }
  }
  for (const row of previous) {
    const signals = rowOf(row._id.product, row._id.env);
    for (const id of signalsOf(row._id)) signals[id].previousCount += row.n;
  }
  const products: ProductOverview[] = [...byRow.values()].map(({ key, signals }) => ({
    product: key.product,
    env: key.env,
    worst: SIGNAL_IDS.reduce<Severity | null>((w, id) => worstOf(w, signals[id].worst), null),
    signals: signals as Record<SignalId, SignalSummary>,
  }));
  return products.sort(compareProducts);
}

export async function overview(
  events: Collection<EventDocument>,
  params: OverviewParams,
  knownProducts: readonly string[],
  knownEnvironments: Readonly<Record<string, readonly string[]>> = {},
): Promise<OverviewResponse> {
  const [current, previous] = await Promise.all([
    countGroups(events, params.from, params.to, knownProducts, params.env),
    countGroups(events, params.previousFrom, params.from, knownProducts, params.env),
  ]);
  // Quiet environments of the configured products still get their row (within the env filter).
  const wanted = (env: string) => !params.env || params.env.includes(env);
  const known: RowKey[] = knownProducts.flatMap((product): RowKey[] => {
    const envs = knownEnvironments[product];
    if (!envs || envs.length === 0) return params.env ? [] : [{ product, env: null }];
    return envs.filter(wanted).map((env) => ({ product, env }));
  });
  return {
    from: params.from.toISOString(),
    to: params.to.toISOString(),
    previousFrom: params.previousFrom.toISOString(),
    products: summarize(current, previous, known),
  };
}
