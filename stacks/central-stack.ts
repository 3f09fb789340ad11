import { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { setUpAccount } from './account-setup';
import type { PlatformConfig } from './config';

export const CENTRAL_STACK_NAME = 'central';

export interface CentralStackProps {
  readonly platform: PlatformConfig;
}

/** The central account: the collector API, its Lambdas, DocumentDB and the dashboard. */
export class CentralStack extends TerraformStack {
  constructor(scope: Construct, props: CentralStackProps) {
    super(scope, CENTRAL_STACK_NAME);
    const { platform } = props;
    setUpAccount(this, {
      stackName: CENTRAL_STACK_NAME,
      accountId: platform.central.accountId,
      region: platform.central.region,
      deployment: platform.deployment,
      ownerTags: { product: 'observability', env: platform.central.env, team: platform.central.team },
    });
  }
}
