// Entry point of the normalizers: one delivery in, normalized documents or a quarantine reason out.
import type { DeliveryContext, NormalizeResult, Route } from '../normalized-event';

/** Normalizes one delivery on `route`. Never throws: an unrecognized payload returns `{ ok: false, reason }`. */
export function normalizeDelivery(route: Route, _payload: unknown, _ctx: DeliveryContext): NormalizeResult {
  return { ok: false, reason: `no normalizer for route "${route}" yet` };
}
