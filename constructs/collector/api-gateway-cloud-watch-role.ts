import { ApiGatewayAccount } from '@cdktf/provider-aws/lib/api-gateway-account';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct } from 'constructs';
import { policyDocument, serviceTrustPolicy } from '../core/policy-document';

export interface ApiGatewayCloudWatchRoleProps {
  readonly accountId: string;
  readonly region: string;
  readonly namePrefix: string;
}

/**
 * The account-and-region setting that lets API Gateway write access logs to CloudWatch Logs: without it a
 * stage with access logging fails to deploy. It is one setting per account and region, so only one stack of
 * an account may own it (here: the central stack).
 */
export class ApiGatewayCloudWatchRole extends Construct {
  public readonly account: ApiGatewayAccount;

  constructor(scope: Construct, id: string, props: ApiGatewayCloudWatchRoleProps) {
    super(scope, id);
    const role = new IamRole(this, 'Role', {
      name: `${props.namePrefix}-apigateway-logs-${props.region}`,
      description: 'Lets API Gateway write access logs to CloudWatch Logs',
      assumeRolePolicy: serviceTrustPolicy('apigateway.amazonaws.com', props.accountId),
    });
    // The same actions as the AmazonAPIGatewayPushToCloudWatchLogs managed policy, held inline and named.
    const policy = new IamRolePolicy(this, 'Policy', {
      role: role.id,
      name: 'push-to-cloudwatch-logs',
      policy: policyDocument([
        {
          actions: [
            'logs:CreateLogGroup',
            'logs:CreateLogStream',
            'logs:DescribeLogGroups',
            'logs:DescribeLogStreams',
            'logs:PutLogEvents',
            'logs:GetLogEvents',
            'logs:FilterLogEvents',
          ],
          resources: [`arn:aws:logs:${props.region}:${props.accountId}:log-group:*`],
        },
      ]),
    });
    this.account = new ApiGatewayAccount(this, 'Resource', {
      cloudwatchRoleArn: role.arn,
      dependsOn: [policy],
    });
  }
}
