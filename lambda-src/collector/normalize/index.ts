// Entry point of the normalizers: one delivery in, normalized documents or a quarantine reason out.
import type { DeliveryContext, NormalizeResult, Route } from '../normalized-event';
import { fail } from './common';
import { normalizeDatadog } from './datadog';
import { normalizeDrift } from './drift';
import { normalizeEventBridge } from './eventbridge';
import { normalizeFluentBit } from './fluentbit';
import { normalizePagerDuty } from './pagerduty';
import { normalizeSentry } from './sentry';

const BY_ROUTE: Readonly<Record<Route, (payload: unknown, ctx: DeliveryContext) => NormalizeResult>> = {
  eventbridge: normalizeEventBridge,
  pagerduty: normalizePagerDuty,
  datadog: normalizeDatadog,
  sentry: normalizeSentry,
  fluentbit: normalizeFluentBit,
  drift: normalizeDrift,
};

/**
 * Normalizes one delivery on `route`. Never throws: a payload that is not recognized returns
 * `{ ok: false, reason }` naming what was missing or wrong, and the collector quarantines it.
 */
export function normalizeDelivery(route: Route, payload: unknown, ctx: DeliveryContext): NormalizeResult {
  if (!Object.hasOwn(BY_ROUTE, route)) return fail(`unknown route "${String(route)}"`);
  try {
    return BY_ROUTE[route](payload, ctx);
  } catch (error) {
    // Schemas reject bad input before it is read; this is the last guard so that a delivery is never lost.
    return fail(`${route} normalizer failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
