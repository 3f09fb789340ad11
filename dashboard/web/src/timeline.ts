// The timeline: stacked bars per bucket, one colour per severity (plain SVG, no chart library to load).
import { SEVERITIES, type Severity } from '../../../lambda-src/collector/normalized-event';
import type { TimelineResponse } from '../../../lambda-src/query-api/api-types';
import { el, svg } from './dom';
import { utc } from './format';

const W = 960;
const H = 180;
const PAD = { left: 40, right: 8, top: 8, bottom: 22 };
/** The chart's geometry, for marks drawn over it (SLO burns: burn-markers.ts). */
export const TIMELINE_GEOMETRY = { width: W, height: H, pad: PAD } as const;

/** Stacking order bottom-up: worst at the bottom, where the eye lands. */
const STACK: readonly Severity[] = SEVERITIES;

export function totals(data: TimelineResponse, products?: readonly string[]): Record<Severity, number>[] {
  return data.buckets.map((b) => {
    const sum: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
    for (const [product, counts] of Object.entries(b.counts)) {
      if (products && !products.includes(product)) continue;
      for (const s of SEVERITIES) sum[s] += counts[s] ?? 0;
    }
    return sum;
  });
}

export function renderTimeline(root: HTMLElement, data: TimelineResponse): void {
  const sums = totals(data);
  const max = Math.max(1, ...sums.map((s) => SEVERITIES.reduce((a, k) => a + s[k], 0)));
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const barW = innerW / Math.max(1, sums.length);
  const y = (v: number) => PAD.top + innerH - (v / max) * innerH;
  const chart = svg('svg', {
    viewBox: `0 0 ${W} ${H}`,
    role: 'img',
    'aria-label': `Events per ${data.bucketSeconds / 60} minutes from ${utc(data.from)} to ${utc(data.to)} UTC; peak ${max}`,
  });
  for (const v of [0, Math.round(max / 2), max]) {
    chart.append(
      svg('line', { class: 'gridline', x1: PAD.left, x2: W - PAD.right, y1: y(v), y2: y(v) }),
      svg('text', { class: 'axis', x: PAD.left - 6, y: y(v) + 4, 'text-anchor': 'end' }, v),
    );
  }
  sums.forEach((sum, i) => {
    let base = 0;
    const x = PAD.left + i * barW + 1;
    const total = SEVERITIES.reduce((a, k) => a + sum[k], 0);
    const group = svg('g', {}, svg('title', {}, `${utc(data.buckets[i].start)} UTC: ${total} events`));
    for (const s of STACK) {
      if (!sum[s]) continue;
      group.append(
        svg('rect', {
          class: `fill-${s}`,
          x,
          width: Math.max(1, barW - 2),
          y: y(base + sum[s]),
          height: y(base) - y(base + sum[s]),
        }),
      );
      base += sum[s];
    }
    chart.append(group);
  });
  const ticks = Math.min(6, sums.length);
  for (let t = 0; t < ticks; t++) {
    const i = Math.round((t * (sums.length - 1)) / Math.max(1, ticks - 1));
    chart.append(
      svg(
        'text',
        {
          class: 'axis',
          x: PAD.left + i * barW + barW / 2,
          y: H - 6,
          'text-anchor': t === 0 ? 'start' : t === ticks - 1 ? 'end' : 'middle',
        },
        utc(data.buckets[i].start).slice(5),
      ),
    );
  }
  const legend = el(
    'div',
    { class: 'legend', 'aria-hidden': 'true' },
    ...SEVERITIES.map((s) => el('span', {}, el('span', { class: `swatch sev-${s}` }), s)),
  );
  root.replaceChildren(legend, chart);
}
