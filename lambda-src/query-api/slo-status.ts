// SLO status per product environment from the Datadog SLO alerts collected (kind `slo`): the platform's SLO
// monitors are burn-rate alerts (`burn_rate("<slo id>").over("30d")… > 14.4`, constructs/datadog/slos.ts).
// The webhook carries no SLI value, so the error budget is bounded from the alerts themselves: while a
// burn-rate alert is open the SLO burns at least at its threshold, which spends at least
// open time × threshold / window of the budget. "Budget left" is therefore an upper bound, exact only when
// nothing burned outside alerts. Same database work as the incidents: $match on the index, $group to key
// fields, the fold here.
import type { Collection } from 'mongodb';
import type { SloAlert, SloStatus, SloStatusResponse } from './api-types';
import { envFilter } from './environment';
import type { IncidentScope } from './incidents';
import { type EventDocument, QUERY_MAX_TIME_MS, storedTime } from './store';

const DAY_MS = 86_400_000;
const WINDOW_DAYS: Readonly<Record<string, number>> = { '7d': 7, '30d': 30, '90d': 90 };
/** Newest alerts listed per SLO. */
export const SLO_ALERTS_SHOWN = 10;

interface SloRow {
  readonly product: string;
  readonly env?: string | null;
  readonly at: string;
  readonly status: string;
  readonly query?: string | null;
  readonly name?: string | null;
  readonly title: string;
  readonly alertId?: string | null;
}

/** The SLO a burn-rate or error-budget query watches, its window and its threshold. */
export function parseSloQuery(query: string | null | undefined): {
  sloId?: string;
  windowDays: number;
  threshold?: number;
} {
  const q = query ?? '';
  const sloId = /(?:burn_rate|error_budget)\(\s*"([^"]+)"\s*\)/.exec(q)?.[1];
  const window = /\.over\(\s*"(7d|30d|90d)"\s*\)/.exec(q)?.[1] ?? '30d';
  const threshold = /(?:>=?)\s*([0-9]+(?:\.[0-9]+)?)\s*$/.exec(q.trim())?.[1];
  return { sloId, windowDays: WINDOW_DAYS[window], threshold: threshold ? Number(threshold) : undefined };
}

/** Folds the alerts of one SLO: current state, time burning and the budget bound over its window. */
export function foldSlo(rows: readonly SloRow[], now: Date): Omit<SloStatus, 'product' | 'env'> {
  const sorted = [...rows].sort((a, b) => a.at.localeCompare(b.at));
  const latest = sorted.at(-1)!;
  const { sloId, windowDays, threshold } = parseSloQuery(latest.query);
  const windowStart = now.getTime() - windowDays * DAY_MS;
  let burningMs = 0;
  let openedAt: number | null = null;
  for (const r of sorted) {
    const t = Date.parse(r.at);
    if (r.status === 'open' && openedAt === null) openedAt = t;
    if (r.status === 'resolved' && openedAt !== null) {
      burningMs += Math.max(0, t - Math.max(openedAt, windowStart));
      openedAt = null;
    }
  }
  if (openedAt !== null) burningMs += Math.max(0, now.getTime() - Math.max(openedAt, windowStart));
  const spent = threshold !== undefined ? Math.min(1, (burningMs * threshold) / (windowDays * DAY_MS)) : null;
  const alerts: SloAlert[] = sorted
    .filter((r) => Date.parse(r.at) >= windowStart)
    .slice(-SLO_ALERTS_SHOWN)
    .reverse()
    .map((r) => ({ at: r.at, status: r.status === 'open' ? 'burning' : 'recovered', title: r.title }));
  return {
    slo: latest.name ?? latest.title.replace(/^\[[^\]]+\]\s*/, ''),
    sloId: sloId ?? null,
    status: latest.status === 'open' ? 'burning' : 'ok',
    since: latest.at,
    windowDays,
    burnRateThreshold: threshold ?? null,
    burningSeconds: Math.round(burningMs / 1000),
    budgetLeftAtMostPercent: spent === null ? null : Math.round((1 - spent) * 1000) / 10,
    alerts,
  };
}

export async function sloStatus(
  events: Collection<EventDocument>,
  scope: IncidentScope,
  now: Date,
): Promise<SloStatusResponse> {
  const rows = await events
    .aggregate<{ _id: SloRow }>(
      [
        {
          $match: {
            ...(scope.product ? { product: { $in: [...scope.product] } } : {}),
            kind: 'slo',
            source: 'datadog',
            occurredAt: { $gte: storedTime(new Date(now.getTime() - 90 * DAY_MS)), $lt: storedTime(now) },
            ...envFilter(scope.env),
          },
        },
        {
          $group: {
            _id: {
              product: '$product',
              env: '$env',
              at: '$occurredAt',
              status: '$status',
              query: '$raw.alert_query',
              name: '$raw.alert_title',
              title: '$title',
              alertId: '$raw.alert_id',
            },
          },
        },
        { $limit: 20_000 },
      ],
      { maxTimeMS: QUERY_MAX_TIME_MS },
    )
    .toArray();
  const bySlo = new Map<string, SloRow[]>();
  for (const { _id: r } of rows) {
    const key = JSON.stringify([
      r.product,
      r.env ?? null,
      parseSloQuery(r.query).sloId ?? r.alertId ?? r.name ?? r.title,
    ]);
    bySlo.set(key, [...(bySlo.get(key) ?? []), r]);
  }
  const slos: SloStatus[] = [...bySlo.entries()].map(([key, list]) => {
    const [product, env] = JSON.parse(key) as [string, string | null];
    return { product, env, ...foldSlo(list, now) };
  });
  slos.sort(
    (a, b) =>
      Number(b.status === 'burning') - Number(a.status === 'burning') ||
      a.product.localeCompare(b.product) ||
      (a.env ?? '').localeCompare(b.env ?? '') ||
      a.slo.localeCompare(b.slo),
  );
  return { to: now.toISOString(), slos };
}
