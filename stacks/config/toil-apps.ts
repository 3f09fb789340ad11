import { z } from 'zod';

/** A Serverless Application Repository application deployed in every account of a product. */
export const toilAppConfig = z.strictObject({
  name: z.string().min(1),
});

export type ToilAppConfig = z.infer<typeof toilAppConfig>;
