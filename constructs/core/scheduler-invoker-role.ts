import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import type { Construct } from 'constructs';
import { policyDocument, serviceTrustPolicy } from './policy-document';

/**
 * The role EventBridge Scheduler assumes to invoke one function, and nothing else (ids `SchedulerRole` and
 * `SchedulerInvokes` in `scope`). No dead-letter queue goes with it: a schedule carries no event to lose.
 */
export function schedulerInvokerRole(
  scope: Construct,
  props: {
    readonly accountId: string;
    readonly functionName: string;
    readonly functionArn: string;
    /** Statement id of the invoke permission. */
    readonly sid: string;
  },
): IamRole {
  const role = new IamRole(scope, 'SchedulerRole', {
    name: `${props.functionName}-scheduler`,
    assumeRolePolicy: serviceTrustPolicy('scheduler.amazonaws.com', props.accountId),
  });
  new IamRolePolicy(scope, 'SchedulerInvokes', {
    role: role.id,
    policy: policyDocument([
      { sid: props.sid, actions: ['lambda:InvokeFunction'], resources: [props.functionArn] },
    ]),
  });
  return role;
}
