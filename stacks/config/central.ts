import { z } from 'zod';
import { accountId, region } from './primitives';

/** The central (collector) account. */
export const centralConfig = z.strictObject({
  accountId,
  region,
  /** Environment label used in tags. @default prod */
  env: z
    .string()
    .regex(/^[a-z][a-z0-9]{0,15}$/, {
      error: 'must be a-z0-9, starting with a letter, at most 16 characters',
    })
    .default('prod'),
  /** Team that owns the central account, used in tags. @default sre */
  team: z.string().min(1).default('sre'),
});

export type CentralConfig = z.infer<typeof centralConfig>;
