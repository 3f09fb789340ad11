import { z } from 'zod';

/** Per-product PagerDuty settings. */
export const pagerdutyConfig = z.strictObject({
  /** Service name in PagerDuty. @default - "<product> (observability)" */
  serviceName: z.string().min(1).optional(),
});

export type PagerdutyConfig = z.infer<typeof pagerdutyConfig>;
