import { z } from 'zod';

/** Per-product EventBridge forwarding settings. */
export const eventForwardingConfig = z.strictObject({
  /** Forward events at all. @default true */
  enabled: z.boolean().default(true),
});

export type EventForwardingConfig = z.infer<typeof eventForwardingConfig>;
