import type { Construct } from 'constructs';
import { CentralAccount } from '../constructs/accounts/central-account';
import type { PlatformConfig } from './config';

export const CENTRAL_STACK_NAME = 'central';

export interface CentralStackProps {
  readonly platform: PlatformConfig;
  /** Collector entry file. @default lambda-src/collector/handler.ts */
  readonly collectorEntry?: string;
  /** Authorizer entry file. @default lambda-src/authorizer/index.ts */
  readonly authorizerEntry?: string;
}

/** The rollout app's stack for the central account: a `CentralAccount` named `central`. */
export class CentralStack extends CentralAccount {
  constructor(scope: Construct, props: CentralStackProps) {
    const { platform } = props;
    super(scope, CENTRAL_STACK_NAME, {
      deployment: platform.deployment,
      central: platform.central,
      products: platform.products.map((p) => ({
        name: p.name,
        accountIds: p.accounts.map((a) => a.accountId),
        environments: Object.fromEntries(p.accounts.map((a) => [a.accountId, a.env])),
      })),
      collectorEntry: props.collectorEntry,
      authorizerEntry: props.authorizerEntry,
    });
  }
}
