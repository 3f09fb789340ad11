import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { DataDatadogIntegrationAwsIamPermissions } from '@cdktf/provider-datadog/lib/data-datadog-integration-aws-iam-permissions';
import { IntegrationAwsAccount } from '@cdktf/provider-datadog/lib/integration-aws-account';
import { IntegrationAwsExternalId } from '@cdktf/provider-datadog/lib/integration-aws-external-id';
import { Fn, TerraformCount, TerraformLocal, Token } from 'cdktf';
import { Construct } from 'constructs';
import { checkSettings } from '../core/setting-error';
import { DATADOG_AWS_PRINCIPAL_ACCOUNT } from './aws-principal';

export { DATADOG_AWS_PRINCIPAL_ACCOUNT } from './aws-principal';

/** The AWS-managed policy Datadog's guide attaches for resource collection. */
export const SECURITY_AUDIT_POLICY_ARN = 'arn:aws:iam::aws:policy/SecurityAudit';

// A managed policy holds at most 6,144 characters; Datadog's guide packs the permission list into
// policies of about 5,900 (each action costs its length plus quotes and a comma).
const POLICY_CHUNK_CHARACTERS = 5900;

export interface DatadogAwsIntegrationProps {
  /** The AWS account to integrate (the stack's own account). */
  readonly awsAccountId: string;
  /** Datadog site of the Datadog account, e.g. `datadoghq.com`: picks the principal Datadog assumes the role from. */
  readonly site: string;
  /** CloudWatch namespaces to collect (`metrics_config.namespace_filters.include_only`); only these are polled. */
  readonly metricNamespaces: readonly string[];
  /** Name of the IAM role Datadog assumes. @default 'DatadogIntegrationRole' */
  readonly roleName?: string;
  /** Tags Datadog adds to every metric of the account (e.g. `product:payments`). @default - none */
  readonly accountTags?: readonly string[];
  /** AWS partition. @default 'aws' */
  readonly awsPartition?: 'aws' | 'aws-cn' | 'aws-us-gov';
}

/**
 * Datadog's AWS integration for one AWS account (v2 resource `datadog_integration_aws_account`): a
 * Datadog-generated external id, the IAM role Datadog assumes with it, the IAM permissions Datadog
 * publishes (read from `datadog_integration_aws_iam_permissions` at plan time, so the list never goes
 * stale in this repository) and the metric namespace filters.
 */
export class DatadogAwsIntegration extends Construct {
  public readonly resource: IntegrationAwsAccount;
  public readonly role: IamRole;
  public readonly externalId: IntegrationAwsExternalId;

  constructor(scope: Construct, id: string, props: DatadogAwsIntegrationProps) {
    super(scope, id);
    const principalAccount = DATADOG_AWS_PRINCIPAL_ACCOUNT[props.site];
    checkSettings(this, [
      !principalAccount && {
        setting: 'site',
        value: props.site,
        allowed: `must be a site with a role-delegation principal (US1-FED uses access keys): ${Object.keys(DATADOG_AWS_PRINCIPAL_ACCOUNT).join(', ')}`,
      },
      props.metricNamespaces.length === 0 && {
        setting: 'metricNamespaces',
        value: [],
        allowed: 'must not be empty (an empty include list collects nothing)',
      },
    ]);
    const roleName = props.roleName ?? 'DatadogIntegrationRole';

    // Generated before the role so that the role's trust policy and the integration share it without a cycle.
    this.externalId = new IntegrationAwsExternalId(this, 'ExternalId');

    const trust = new DataAwsIamPolicyDocument(this, 'TrustPolicy', {
      statement: [
        {
          effect: 'Allow',
          actions: ['sts:AssumeRole'],
          principals: [{ type: 'AWS', identifiers: [`arn:aws:iam::${principalAccount}:root`] }],
          condition: [{ test: 'StringEquals', variable: 'sts:ExternalId', values: [this.externalId.id] }],
        },
      ],
    });
    this.role = new IamRole(this, 'Role', {
      name: roleName,
      description: 'Assumed by Datadog to read CloudWatch metrics and resource metadata',
      assumeRolePolicy: trust.json,
    });

    // Datadog's published permission list, split into policies that each fit the managed-policy limit.
    const permissions = new DataDatadogIntegrationAwsIamPermissions(this, 'Permissions');
    const all = Token.asString(permissions.iamPermissions);
    const sizes = new TerraformLocal(this, 'permission_sizes', `\${[for p in ${all} : length(p) + 3]}`);
    const chunkOf = new TerraformLocal(
      this,
      'permission_chunk_of',
      `\${[for i in range(length(${Token.asString(sizes.asList)})) : floor(sum(slice(${Token.asString(sizes.asList)}, 0, i + 1)) / ${POLICY_CHUNK_CHARACTERS})]}`,
    );
    const chunks = new TerraformLocal(
      this,
      'permission_chunks',
      `\${[for n in distinct(${Token.asString(chunkOf.asList)}) : [for i, p in ${all} : p if ${Token.asString(chunkOf.asList)}[i] == n]]}`,
    );
    const policyCount = TerraformCount.of(Token.asNumber(Fn.lengthOf(chunks.asList)));
    const policies = new IamPolicy(this, 'Policy', {
      count: policyCount,
      name: `${roleName}Policy-\${count.index + 1}`,
      description: 'Permissions Datadog publishes for its AWS integration',
      policy: Fn.jsonencode({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: Fn.element(chunks.asList, policyCount.index), Resource: '*' }],
      }),
    });
    const attachments = new IamRolePolicyAttachment(this, 'PolicyAttachment', {
      count: TerraformCount.of(Token.asNumber(Fn.lengthOf(chunks.asList))),
      role: this.role.name,
      // A counted resource is addressed per instance; cdktf has no typed reference for that.
      policyArn: `\${${policies.fqn}[count.index].arn}`,
    });
    const securityAudit = new IamRolePolicyAttachment(this, 'SecurityAudit', {
      role: this.role.name,
      policyArn: SECURITY_AUDIT_POLICY_ARN,
    });

    this.resource = new IntegrationAwsAccount(this, 'Resource', {
      awsAccountId: props.awsAccountId,
      awsPartition: props.awsPartition ?? 'aws',
      accountTags: [...(props.accountTags ?? [])],
      awsRegions: { includeAll: true },
      authConfig: { awsAuthConfigRole: { roleName, externalId: this.externalId.id } },
      metricsConfig: { namespaceFilters: { includeOnly: [...props.metricNamespaces] } },
      resourcesConfig: { cloudSecurityPostureManagementCollection: false, extendedCollection: true },
      logsConfig: { lambdaForwarder: {} },
      tracesConfig: { xrayServices: {} },
      // Datadog validates the role when the integration is created: the role must be usable by then.
      dependsOn: [this.role, attachments, securityAudit],
    });
  }
}
