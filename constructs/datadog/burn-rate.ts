// SLO burn-rate arithmetic shared by the SLO construct and the config validation.

export type SloTimeframe = '7d' | '30d' | '90d';

/**
 * Fast-burn alert per SLO window, from Datadog's recommendations (1 hour long window, 5 minute short
 * window): a 30-day SLO burning at 14.4 spends 2% of its budget in one hour.
 */
export const FAST_BURN_RATE: Readonly<Record<SloTimeframe, number>> = {
  '7d': 16.8,
  '30d': 14.4,
  '90d': 21.6,
};

/** The highest burn rate an SLO can reach (all requests failing): Datadog refuses alerts above it. */
export function maxBurnRate(targetPercent: number): number {
  return 1 / (1 - targetPercent / 100);
}
