import type { Construct } from 'constructs';
import { ProductAccount, productStackName } from '../constructs/accounts/product-account';
import type { PlatformConfig, ProductAccountConfig, ProductConfig } from './config';

export { productStackName };

export interface ProductAccountStackProps {
  readonly platform: PlatformConfig;
  readonly product: ProductConfig;
  readonly account: ProductAccountConfig;
}

/** The rollout app's stack for one product account: a `ProductAccount` named `<product>-<env>`. */
export class ProductAccountStack extends ProductAccount {
  constructor(scope: Construct, props: ProductAccountStackProps) {
    const { platform, product, account } = props;
    super(scope, productStackName(product.name, account.env), {
      deployment: platform.deployment,
      central: {
        accountId: platform.central.accountId,
        region: platform.central.region,
        alarms: {
          pagerduty: platform.central.alarms.pagerduty,
          deadLetterQueue: platform.central.alarms.deadLetterQueue,
        },
      },
      product,
      env: account.env,
    });
  }
}
