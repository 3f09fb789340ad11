import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Aspects, S3Backend, type TerraformStack } from 'cdktf';
import type { DeploymentConfig } from '../../stacks/config/deployment';
import { Guardrails } from '../guardrails/guardrails';

/** Tag keys every stack sets on every taggable AWS resource. */
export const MANAGED_BY = 'cdktf-observability';

export interface AccountSetupProps {
  readonly stackName: string;
  readonly accountId: string;
  readonly region: string;
  readonly deployment: DeploymentConfig;
  /** Tags that identify the owner: product, env, team. */
  readonly ownerTags: Record<string, string>;
  /**
   * The stack deploys a production environment (stricter guardrails).
   * @default true
   */
  readonly production?: boolean;
}

export function deployRoleArn(accountId: string, roleName: string): string {
  return `arn:aws:iam::${accountId}:role/${roleName}`;
}

export function stateKey(deployment: DeploymentConfig, stackName: string): string {
  return `${deployment.stateKeyPrefix}/${stackName}.tfstate`;
}

/**
 * The guardrails, the AWS provider (assuming the deploy role in the stack's own account, refusing any other account)
 * and the S3 backend (one encrypted, locked state object per stack).
 */
export function setUpAccount(stack: TerraformStack, props: AccountSetupProps): AwsProvider {
  const { deployment } = props;
  const backend = new S3Backend(stack, {
    bucket: deployment.stateBucket,
    key: stateKey(deployment, props.stackName),
    region: deployment.stateRegion,
    encrypt: true,
    kmsKeyId: deployment.stateKmsKeyId,
    assumeRole: deployment.stateRoleArn ? { roleArn: deployment.stateRoleArn } : undefined,
  });
  // Aspects on the App are never applied: each stack carries its own guardrails.
  Aspects.of(stack).add(new Guardrails({ production: props.production }));

  // S3-native state locking (terraform >= 1.10): no DynamoDB table to manage.
  backend.addOverride('use_lockfile', true);

  return new AwsProvider(stack, 'aws', {
    region: props.region,
    allowedAccountIds: [props.accountId],
    assumeRole: [
      {
        roleArn: deployRoleArn(props.accountId, deployment.roleName),
        sessionName: `cdktf-${props.stackName}`,
      },
    ],
    defaultTags: [{ tags: { ...deployment.tags, ...props.ownerTags, 'managed-by': MANAGED_BY } }],
  });
}
