import { z } from 'zod';
import { centralConfig } from './central';
import { deploymentConfig } from './deployment';
import { productConfig } from './product';

/** The whole platform: one central account and every product with its accounts. */
export const platformConfig = z.strictObject({
  deployment: deploymentConfig,
  central: centralConfig,
  products: z.array(productConfig).min(1, { error: 'must list at least one product' }),
});

export type PlatformConfig = z.infer<typeof platformConfig>;
