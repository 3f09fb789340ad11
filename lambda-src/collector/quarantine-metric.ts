// One CloudWatch metric data point per quarantined delivery, written as an embedded metric format (EMF)
// log line: CloudWatch Logs extracts it from the function's log group, so no API call, no extra latency,
// no IAM permission. The central stack alarms on the dimensionless total (docs/collector.md, "Quarantine").

import type { QuarantineDocument } from './store/documents';
import type { EventStore, SaveResult } from './store/event-store';

export const QUARANTINE_METRIC_NAMESPACE = 'Observability/Collector';
export const QUARANTINE_METRIC_NAME = 'QuarantinedDeliveries';

/** CloudWatch refuses dimension values longer than this (EMF specification). */
const MAX_DIMENSION_CHARS = 1024;
/** The reason is for people reading the log line; the metric does not use it. */
const MAX_REASON_CHARS = 500;

/**
 * The EMF document for one quarantined delivery. Two dimension sets: (Product, Source) for the dashboard
 * and triage, and the empty set, a single total the alarm watches whatever the product or source.
 */
export function quarantineMetricLine(doc: QuarantineDocument, at: Date): string {
  return JSON.stringify({
    _aws: {
      Timestamp: at.getTime(),
      CloudWatchMetrics: [
        {
          Namespace: QUARANTINE_METRIC_NAMESPACE,
          Dimensions: [['Product', 'Source'], []],
          Metrics: [{ Name: QUARANTINE_METRIC_NAME, Unit: 'Count' }],
        },
      ],
    },
    Product: doc.product.slice(0, MAX_DIMENSION_CHARS),
    Source: (doc.source ?? doc.route).slice(0, MAX_DIMENSION_CHARS),
    [QUARANTINE_METRIC_NAME]: 1,
    quarantineId: doc._id,
    reason: doc.reason.slice(0, MAX_REASON_CHARS),
  });
}

/**
 * Lambda's JSON log format wraps whatever `console` prints into a `message` string, which CloudWatch does
 * not read as EMF; a line written to stdout directly is kept as it is.
 */
export const writeStdoutLine = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

/**
 * The store, counting each quarantined delivery once the database acknowledged it (a retry of a delivery
 * that got a 503 is counted when it is finally kept).
 */
export function countingQuarantine(
  store: EventStore,
  write: (line: string) => void = writeStdoutLine,
  now: () => Date = () => new Date(),
): EventStore {
  return {
    saveEvents: (product, events) => store.saveEvents(product, events),
    async saveQuarantine(docs: readonly QuarantineDocument[]): Promise<SaveResult> {
      const result = await store.saveQuarantine(docs);
      const refused = new Set(result.refused.map((r) => r.id));
      for (const doc of docs) if (!refused.has(doc._id)) write(quarantineMetricLine(doc, now()));
      return result;
    },
  };
}
