// The EventBridge envelope as an API destination posts it (the whole event, `detail` included).
import * as z from 'zod';
import type { DeliveryContext, NormalizeResult } from '../normalized-event';
import { isoUtc } from './common';

export const eventBridgeEnvelope = z.object({
  id: z.string().min(1),
  'detail-type': z.string().min(1),
  source: z.string().min(1),
  account: z.string().optional(),
  time: z.string().min(1),
  region: z.string().optional(),
  resources: z.array(z.unknown()).optional(),
  // Checked, not copied: each normalizer parses the fields of `detail` it reads.
  detail: z.custom<Readonly<Record<string, unknown>>>(
    (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
    'expected an object',
  ),
});

export type EventBridgeEvent = z.infer<typeof eventBridgeEnvelope>;

/** Normalizes one EventBridge event; `payload` is the original, unchanged event (for `raw`). */
export type EventNormalizer = (
  event: EventBridgeEvent,
  payload: unknown,
  ctx: DeliveryContext,
) => NormalizeResult;

/** First string in the envelope's `resources` (usually the ARN of what the event is about). */
export function firstResource(event: EventBridgeEvent): string | undefined {
  const first = event.resources?.[0];
  return typeof first === 'string' && first ? first : undefined;
}

/** The first of `candidates` that is a timestamp, else the envelope's `time`; undefined if none is. */
export function occurredAt(event: EventBridgeEvent, ...candidates: unknown[]): string | undefined {
  for (const candidate of candidates) {
    const iso = isoUtc(candidate);
    if (iso) return iso;
  }
  return isoUtc(event.time);
}

export function noTime(what: string, event: EventBridgeEvent): string {
  return `${what}: no timestamp (time ${JSON.stringify(event.time)} is not ISO 8601)`;
}
