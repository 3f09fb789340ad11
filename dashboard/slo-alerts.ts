// Datadog SLO burn-rate alerts as the collector receives them: the Datadog webhook fixture re-dated, with
// the platform's burn-rate monitor query (constructs/datadog/slos.ts), one Triggered and (unless still
// burning) one Recovered delivery per burn.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Delivery } from './incident-lifecycles';

const DATADOG_BODY = path.resolve(
  __dirname,
  '..',
  'test',
  'fixtures',
  'events',
  'datadog',
  'webhook.monitor-triggered.default-template-plus-custom-fields.inres-thirdparty.json',
);

export interface SloBurn {
  readonly product: string;
  readonly env: string;
  readonly sloId: string;
  /** What the SLO measures, e.g. `Availability`. */
  readonly what: string;
  readonly startedAt: Date;
  /** Null: still burning. */
  readonly recoveredAt: Date | null;
  /** @default 14.4 over 30d (FAST_BURN_RATE) */
  readonly threshold?: number;
  readonly window?: '7d' | '30d' | '90d';
}

export function sloBurnDeliveries(b: SloBurn): Delivery[] {
  const sample = JSON.parse(readFileSync(DATADOG_BODY, 'utf8')) as Record<string, unknown>;
  const name = `${b.product}-${b.env} ${b.what} SLO burning fast`;
  const query = `burn_rate("${b.sloId}").over("${b.window ?? '30d'}").long_window("1h").short_window("5m") > ${b.threshold ?? 14.4}`;
  const delivery = (transition: 'Triggered' | 'Recovered', at: Date): Delivery => ({
    route: 'datadog',
    payload: {
      ...sample,
      id: `${b.sloId}${transition === 'Triggered' ? 1 : 2}${at.getTime()}`,
      event_type: 'slo_alert',
      transition,
      title: `[${transition}] ${name}`,
      alert_title: name,
      alert_query: query,
      alert_id: `${b.sloId}-monitor`,
      date: String(at.getTime()),
      last_updated: String(at.getTime()),
      body: `%%%\n${name}\nNotify: @slack-${b.product}-alerts\n%%%`,
      tags: `env:${b.env},service:${b.product}`,
    },
  });
  return [
    delivery('Triggered', b.startedAt),
    ...(b.recoveredAt ? [delivery('Recovered', b.recoveredAt)] : []),
  ];
}
