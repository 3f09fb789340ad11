// Demo incidents: PagerDuty lifecycles (with the Datadog alert that paged each) for every product
// environment that pages, spread over the last two weeks, the newest possibly still open. Normalized by
// the collector's own normalizers; ids start with `demo:` like the other demo documents.
import { normalizeDelivery } from '../lambda-src/collector/normalize';
import type { NormalizedEvent } from '../lambda-src/collector/normalized-event';
import { DEMO_ID_PREFIX } from './demo-data';
import { incidentId, incidentLifecycle } from './incident-lifecycles';
import { seededRandom } from './seeded-random';
import { sloBurnDeliveries } from './slo-alerts';

const DAY_MS = 86_400_000;

/**
 * `perEnv` incidents for each product environment (the first env of each product: its production; others
 * get a third as many), triggered at random times of the last `days` days before `now`.
 */
export function demoIncidentEvents(
  products: readonly string[],
  now: Date,
  environments: Readonly<Record<string, readonly string[]>> = {},
  perEnv = 6,
  days = 14,
): NormalizedEvent[] {
  const random = seededRandom(18);
  const out: NormalizedEvent[] = [];
  let n = 1;
  for (const product of products) {
    const envs = environments[product]?.length ? environments[product] : ['prod'];
    envs.forEach((env, e) => {
      const count = e === 0 ? perEnv : Math.max(1, Math.floor(perEnv / 3));
      for (let i = 0; i < count; i++) {
        // The newest incident of each first env started an hour ago: it may still be open.
        const ago = i === 0 && e === 0 ? 3_600_000 : random() * days * DAY_MS;
        const id = incidentId(n);
        const lifecycle = incidentLifecycle({
          product,
          env,
          id,
          number: n++,
          triggeredAt: new Date(now.getTime() - ago),
          now,
          random,
        });
        // Every other incident of a first env started with its availability SLO burning fast.
        const burns =
          e === 0 && i % 2 === 0
            ? sloBurnDeliveries({
                product,
                env,
                sloId: `${product}${env}avail`,
                what: 'Availability',
                startedAt: new Date(now.getTime() - ago - 5 * 60_000),
                recoveredAt: i === 0 ? null : new Date(now.getTime() - ago + 40 * 60_000),
              })
            : [];
        for (const d of [...lifecycle, ...burns]) {
          const result = normalizeDelivery(d.route, d.payload, {
            product,
            receivedAt: now.toISOString(),
            headers: { 'content-type': 'application/json' },
          });
          if (!result.ok) throw new Error(`demo incident ${id}: ${result.reason}`);
          for (const ev of result.events) out.push({ ...ev, env, product, id: `${DEMO_ID_PREFIX}${ev.id}` });
        }
      }
    });
  }
  return out;
}
