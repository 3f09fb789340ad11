// SLO burn-rate alerts on the timeline: a mark at the time each burn started, over the bars, so that a
// burst of events can be read against the SLOs it burned.
import type { SloStatusResponse, TimelineResponse } from '../../../lambda-src/query-api/api-types';
import { svg } from './dom';
import { utc } from './format';
import { TIMELINE_GEOMETRY as G } from './timeline';

export function markBurns(root: HTMLElement, timeline: TimelineResponse, slos: SloStatusResponse): void {
  const chart = root.querySelector('svg');
  if (!chart || timeline.buckets.length === 0) return;
  const first = Date.parse(timeline.buckets[0].start);
  const size = timeline.bucketSeconds * 1000;
  const barW = (G.width - G.pad.left - G.pad.right) / timeline.buckets.length;
  const from = Date.parse(timeline.from);
  const to = Date.parse(timeline.to);
  for (const slo of slos.slos) {
    for (const alert of slo.alerts) {
      const t = Date.parse(alert.at);
      if (alert.status !== 'burning' || t < from || t >= to) continue;
      const x = G.pad.left + ((t - first) / size) * barW;
      chart.append(
        svg(
          'g',
          { class: 'burn' },
          svg(
            'title',
            {},
            `${utc(alert.at)} UTC: ${slo.product}${slo.env ? ` / ${slo.env}` : ''} ${slo.slo}`,
          ),
          svg('line', { x1: x, x2: x, y1: G.pad.top, y2: G.height - G.pad.bottom }),
          svg('text', { x: x + 2, y: G.pad.top + 10 }, 'SLO'),
        ),
      );
    }
  }
}
