import type { App } from 'cdktf';
import { CentralStack } from './central-stack';
import type { PlatformConfig } from './config';
import { ProductAccountStack } from './product-account-stack';

export interface PlatformStacks {
  readonly central: CentralStack;
  readonly products: readonly ProductAccountStack[];
}

/** One stack for the central account and one per product account. */
export function buildPlatform(app: App, platform: PlatformConfig): PlatformStacks {
  const central = new CentralStack(app, { platform });
  const products = platform.products.flatMap((product) =>
    product.accounts.map((account) => new ProductAccountStack(app, { platform, product, account })),
  );
  return { central, products };
}
