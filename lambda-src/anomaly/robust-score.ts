// Robust z-score of one count against a baseline of counts: (x - median) / (1.4826 · MAD). Median and
// MAD are not dragged by the spikes a baseline of log counts always has, which a mean and standard
// deviation are (Iglewicz & Hoaglin's modified z-score, 1993).

/** Consistency constant: 1.4826 · MAD estimates the standard deviation of normal data. */
const MAD_SCALE = 1.4826;

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export interface RobustScore {
  readonly median: number;
  readonly mad: number;
  /** The spread the score divides by: 1.4826 · MAD, never below `minSpread`. */
  readonly spread: number;
  readonly z: number;
}

/**
 * Scores `value` against `baseline`. A quiet baseline (most windows equal, MAD 0) would make any change
 * infinitely surprising, so the spread has a floor, `minSpread` (default 1: one event per window).
 */
export function robustZ(value: number, baseline: readonly number[], minSpread = 1): RobustScore {
  const m = median(baseline);
  const mad = median(baseline.map((v) => Math.abs(v - m)));
  const spread = Math.max(MAD_SCALE * mad, minSpread);
  return { median: m, mad, spread, z: (value - m) / spread };
}
