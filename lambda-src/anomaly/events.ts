// A finding as a normalized `anomaly` event (source `anomaly-detector`). The id is made of the stream,
// the window and what was found (the template's key, or "error-rate"): a re-run over the same window
// lands on the same document, which the store's `$setOnInsert` keeps as first written.
import { toEvent } from '../collector/normalize/common';
import type { NormalizedEvent, Severity } from '../collector/normalized-event';
import type { DetectorSettings, Finding } from './detect';

export interface Stream {
  readonly product: string;
  /** Absent when the collector could not tell the environment. */
  readonly env?: string;
  readonly service: string;
}

export interface Window {
  readonly start: number;
  readonly end: number;
  readonly baselineStart: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function severityOf(finding: Finding, settings: Pick<DetectorSettings, 'zThreshold'>): Severity {
  if (finding.type === 'error-rate') return finding.z >= 2 * settings.zThreshold ? 'high' : 'medium';
  return finding.errors > 0 ? 'medium' : 'low';
}

function titleOf(stream: Stream, finding: Finding): string {
  const where = `[${stream.service}${stream.env ? ` ${stream.env}` : ''}]`;
  if (finding.type === 'error-rate') {
    return `${where} error spike: ${finding.errors} errors in the window (baseline median ${finding.baseline.median}, z ${finding.z.toFixed(1)})`;
  }
  return `${where} new log pattern (${finding.count}×): ${finding.template}`;
}

export function anomalyEvent(
  stream: Stream,
  finding: Finding,
  window: Window,
  settings: DetectorSettings,
  receivedAt: string,
): NormalizedEvent {
  const { lineIndexes: _lines, ...evidence } = finding;
  const what = finding.type === 'error-rate' ? 'error-rate' : finding.key;
  const event = toEvent(
    { product: stream.product, receivedAt, headers: {} },
    'anomaly-detector',
    [stream.env ?? '', stream.service, iso(window.start), what],
    {
      kind: 'anomaly',
      severity: severityOf(finding, settings),
      status: 'open',
      title: titleOf(stream, finding),
      occurredAt: finding.type === 'new-pattern' ? iso(finding.firstAt) : iso(window.start),
      resource: stream.service,
      raw: {
        detector: finding.type === 'new-pattern' ? 'drain-new-pattern' : 'robust-z-error-rate',
        stream,
        window: { start: iso(window.start), end: iso(window.end) },
        baselineWindow: { start: iso(window.baselineStart), end: iso(window.start) },
        settings: {
          windowMinutes: settings.windowMs / 60_000,
          baselineWindows: settings.baselineWindows,
          zThreshold: settings.zThreshold,
          minErrors: settings.minErrors,
        },
        ...evidence,
      },
    },
  );
  return stream.env ? { ...event, env: stream.env } : event;
}
