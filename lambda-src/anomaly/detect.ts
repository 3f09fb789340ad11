// Detection for one stream of log lines (one product/environment/service) and one window, against the
// baseline windows before it: (1) an error count far above the baseline's (robust z-score), and (2)
// message patterns (Drain templates) that the baseline never produced. Pure: the bench runs the same
// function on a labelled public data set (bench/anomaly.ts).
import { Drain, type DrainOptions, templateKey, templateOf } from './drain';
import { robustZ } from './robust-score';

export interface LogLine {
  /** Epoch milliseconds. */
  readonly at: number;
  /** The message (first line). */
  readonly message: string;
  /** Error level or worse. */
  readonly error: boolean;
}

export interface DetectorSettings {
  readonly windowMs: number;
  /** Windows before the current one that form the baseline. */
  readonly baselineWindows: number;
  /** Robust z-score at or above which an error count is anomalous. */
  readonly zThreshold: number;
  /** Fewest errors in a window that can be anomalous (a jump from 0 to 2 is not worth a page). */
  readonly minErrors: number;
  /** Fewest baseline windows with logs before the error count is scored. */
  readonly minBaselineWindows: number;
  /** Fewest baseline lines before unseen patterns count as new (a new service has only new patterns). */
  readonly minBaselineLines: number;
  /** Most new-pattern findings per stream and window (the rest are counted, not reported). */
  readonly maxNewPatterns: number;
  /** Sample lines kept per finding. */
  readonly samples: number;
  readonly drain?: DrainOptions;
}

export const DEFAULT_DETECTOR_SETTINGS: DetectorSettings = {
  windowMs: 15 * 60_000,
  baselineWindows: 96,
  zThreshold: 3.5,
  minErrors: 5,
  minBaselineWindows: 8,
  minBaselineLines: 100,
  maxNewPatterns: 10,
  samples: 5,
};

export interface PatternCount {
  readonly template: string;
  readonly count: number;
  readonly samples: readonly string[];
}

export interface ErrorRateFinding {
  readonly type: 'error-rate';
  readonly errors: number;
  readonly lines: number;
  readonly baseline: {
    readonly windows: number;
    readonly median: number;
    readonly mad: number;
    readonly spread: number;
  };
  readonly z: number;
  /** The error lines' templates, most frequent first. */
  readonly patterns: readonly PatternCount[];
  /** Indexes (into the window's lines) of the error lines. */
  readonly lineIndexes: readonly number[];
}

export interface NewPatternFinding {
  readonly type: 'new-pattern';
  readonly template: string;
  /** Stable key of the template (part of the event id). */
  readonly key: string;
  readonly count: number;
  readonly errors: number;
  /** Epoch ms of the first line of the pattern in the window. */
  readonly firstAt: number;
  readonly samples: readonly string[];
  readonly baselineLines: number;
  readonly baselinePatterns: number;
  readonly lineIndexes: readonly number[];
}

export type Finding = ErrorRateFinding | NewPatternFinding;

export interface WindowResult {
  readonly findings: readonly Finding[];
  /** New patterns found beyond `maxNewPatterns`. */
  readonly suppressedPatterns: number;
}

/**
 * `baseline` and `current` are the stream's lines before and inside the window `[start, start + windowMs)`,
 * each in time order.
 */
export function detectWindow(
  baseline: readonly LogLine[],
  current: readonly LogLine[],
  windowStart: number,
  settings: DetectorSettings,
): WindowResult {
  const findings: Finding[] = [];
  const errorRate = scoreErrors(baseline, current, windowStart, settings);
  const drain = new Drain(settings.drain);
  for (const line of baseline) drain.add(line.message);
  const known = drain.clusters.length;

  const members = new Map<number, number[]>();
  const clusterOf: number[] = [];
  for (const [i, line] of current.entries()) {
    const seq = drain.add(line.message).seq;
    clusterOf.push(seq);
    if (seq >= known) members.set(seq, [...(members.get(seq) ?? []), i]);
  }

  if (errorRate) {
    const byCluster = new Map<number, number[]>();
    for (const i of errorRate.lineIndexes)
      byCluster.set(clusterOf[i], [...(byCluster.get(clusterOf[i]) ?? []), i]);
    const patterns = [...byCluster.entries()]
      .sort(([a, x], [b, y]) => y.length - x.length || a - b)
      .slice(0, settings.samples)
      .map(([seq, idx]) => ({
        template: templateOf(drain.clusters[seq]),
        count: idx.length,
        samples: idx.slice(0, settings.samples).map((i) => current[i].message),
      }));
    findings.push({ ...errorRate, patterns });
  }

  let suppressedPatterns = 0;
  if (baseline.length >= settings.minBaselineLines) {
    const fresh = [...members.entries()]
      .map(([seq, idx]) => ({ seq, idx, errors: idx.filter((i) => current[i].error).length }))
      // Errors first, then the most frequent; creation order breaks ties, so the choice is deterministic.
      .sort((a, b) => b.errors - a.errors || b.idx.length - a.idx.length || a.seq - b.seq);
    suppressedPatterns = Math.max(0, fresh.length - settings.maxNewPatterns);
    for (const { seq, idx, errors } of fresh.slice(0, settings.maxNewPatterns)) {
      const template = templateOf(drain.clusters[seq]);
      findings.push({
        type: 'new-pattern',
        template,
        key: templateKey(template),
        count: idx.length,
        errors,
        firstAt: current[idx[0]].at,
        samples: idx.slice(0, settings.samples).map((i) => current[i].message),
        baselineLines: baseline.length,
        baselinePatterns: known,
        lineIndexes: idx,
      });
    }
  }
  return { findings, suppressedPatterns };
}

type ErrorScore = Omit<ErrorRateFinding, 'patterns'>;

function scoreErrors(
  baseline: readonly LogLine[],
  current: readonly LogLine[],
  windowStart: number,
  settings: DetectorSettings,
): ErrorScore | undefined {
  const lineIndexes = current.flatMap((l, i) => (l.error ? [i] : []));
  if (lineIndexes.length < settings.minErrors || baseline.length === 0) return undefined;
  const { windowMs, baselineWindows } = settings;
  const baselineStart = windowStart - baselineWindows * windowMs;
  // Windows count from the stream's first baseline line: a service that started an hour ago has four
  // windows of history, not a day of zeros.
  const first = Math.max(0, Math.floor((baseline[0].at - baselineStart) / windowMs));
  const counts = new Array<number>(baselineWindows - first).fill(0);
  for (const line of baseline) {
    const w = Math.floor((line.at - baselineStart) / windowMs) - first;
    if (line.error && w >= 0 && w < counts.length) counts[w]++;
  }
  if (counts.length < settings.minBaselineWindows) return undefined;
  const score = robustZ(lineIndexes.length, counts);
  if (score.z < settings.zThreshold) return undefined;
  return {
    type: 'error-rate',
    errors: lineIndexes.length,
    lines: current.length,
    baseline: { windows: counts.length, median: score.median, mad: score.mad, spread: score.spread },
    z: score.z,
    lineIndexes,
  };
}
