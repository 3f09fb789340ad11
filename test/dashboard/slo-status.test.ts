// SLO status from Datadog burn-rate alerts through the query API on a real MongoDB-wire server.

import { sloBurnDeliveries } from '../../dashboard/slo-alerts';
import { normalizeDelivery } from '../../lambda-src/collector/normalize';
import type { NormalizedEvent } from '../../lambda-src/collector/normalized-event';
import type { SloStatusResponse } from '../../lambda-src/query-api/api-types';
import { routeQuery } from '../../lambda-src/query-api/routes';
import { parseSloQuery } from '../../lambda-src/query-api/slo-status';
import { EVENTS_COLLECTION, eventsCollection, quarantineCollection } from '../../lambda-src/query-api/store';
import { describeWithMongo } from './support/mongo';

const NOW = new Date('2026-03-10T12:00:00Z');
const H = 3_600_000;
const ago = (hours: number) => new Date(NOW.getTime() - hours * H);

test('reads the SLO, window and threshold of the platform burn-rate query', () => {
  expect(parseSloQuery('burn_rate("abc123").over("7d").long_window("1h").short_window("5m") > 16.8')).toEqual(
    { sloId: 'abc123', windowDays: 7, threshold: 16.8 },
  );
  expect(parseSloQuery(undefined)).toEqual({ sloId: undefined, windowDays: 30, threshold: undefined });
});

describeWithMongo('slo status', (db) => {
  beforeAll(async () => {
    const deliveries = [
      // Availability: two burns of 2 h and 1 h in the last 30 days, one 40 days ago (outside the window).
      ...sloBurnDeliveries({
        product: 'payments',
        env: 'prod',
        sloId: 'avail1',
        what: 'Availability',
        startedAt: ago(100),
        recoveredAt: ago(98),
      }),
      ...sloBurnDeliveries({
        product: 'payments',
        env: 'prod',
        sloId: 'avail1',
        what: 'Availability',
        startedAt: ago(10),
        recoveredAt: ago(9),
      }),
      ...sloBurnDeliveries({
        product: 'payments',
        env: 'prod',
        sloId: 'avail1',
        what: 'Availability',
        startedAt: ago(40 * 24),
        recoveredAt: ago(40 * 24 - 5),
      }),
      // Latency: burning for the last 30 minutes.
      ...sloBurnDeliveries({
        product: 'payments',
        env: 'prod',
        sloId: 'lat1',
        what: 'Latency',
        startedAt: ago(0.5),
        recoveredAt: null,
      }),
      // Another env of the same product.
      ...sloBurnDeliveries({
        product: 'payments',
        env: 'stg',
        sloId: 'avail2',
        what: 'Availability',
        startedAt: ago(3),
        recoveredAt: ago(2),
      }),
    ];
    const docs: (NormalizedEvent & { _id: string })[] = [];
    for (const d of deliveries) {
      const r = normalizeDelivery(d.route, d.payload, {
        product: 'payments',
        receivedAt: NOW.toISOString(),
        headers: {},
      });
      if (!r.ok) throw new Error(r.reason);
      const env = (d.payload as { tags: string }).tags.match(/env:(\w+)/)![1];
      for (const e of r.events) docs.push({ ...e, env, _id: e.id });
    }
    expect(new Set(docs.map((d) => d.kind))).toEqual(new Set(['slo']));
    await db()
      .collection(EVENTS_COLLECTION)
      .insertMany(docs as never[]);
  });

  test('each SLO: burning or ok, time burning in its window and the budget left at most', async () => {
    const res = await routeQuery(
      { method: 'GET', path: '/slos', query: { env: 'prod' } },
      {
        events: eventsCollection(db()),
        quarantine: quarantineCollection(db()),
        products: ['payments'],
        now: () => NOW,
      },
    );
    expect(res.statusCode).toBe(200);
    const { slos } = res.body as SloStatusResponse;
    expect(slos.map((s) => [s.slo, s.status, s.burningSeconds, s.budgetLeftAtMostPercent])).toEqual([
      // 0.5 h at 14.4 of 720 h: 1% spent at least.
      ['payments-prod Latency SLO burning fast', 'burning', 1800, 99],
      // 3 h at 14.4 of 720 h: 6% spent at least; the burn 40 days ago is outside the 30-day window.
      ['payments-prod Availability SLO burning fast', 'ok', 3 * 3600, 94],
    ]);
    const availability = slos[1];
    expect(availability.alerts.map((a) => [a.at, a.status])).toEqual([
      [ago(9).toISOString(), 'recovered'],
      [ago(10).toISOString(), 'burning'],
      [ago(98).toISOString(), 'recovered'],
      [ago(100).toISOString(), 'burning'],
    ]);
    expect([availability.sloId, availability.windowDays, availability.burnRateThreshold]).toEqual([
      'avail1',
      30,
      14.4,
    ]);
  });
});
