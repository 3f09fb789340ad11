import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { Lazy } from 'cdktf';
import { Construct } from 'constructs';
import { EncryptedLogGroup } from './encrypted-log-group';
import { LambdaBundle } from './lambda-bundle';
import { type PolicyStatement, policyDocument, serviceTrustPolicy } from './policy-document';
import { checkSettings } from './setting-error';

/** Node.js Lambda runtimes this construct builds for, with the matching esbuild target. */
export const NODE_RUNTIME_TARGETS = { 'nodejs22.x': 'node22', 'nodejs24.x': 'node24' } as const;
export type NodeRuntime = keyof typeof NODE_RUNTIME_TARGETS;

/**
 * CA bundle of the Lambda Node.js runtimes that includes the Amazon RDS certificate authorities (which also
 * sign DocumentDB's server certificates). Since nodejs20.x the runtime no longer loads it by default, to
 * shorten cold starts; pointing `NODE_EXTRA_CA_CERTS` at it makes Node.js trust those CAs, so no downloaded
 * `global-bundle.pem` has to be shipped in the bundle and kept up to date.
 */
export const LAMBDA_RUNTIME_CA_BUNDLE = '/var/runtime/ca-cert.pem';

/** Network interface actions a function in a VPC needs; EC2 does not scope them to resources. */
const VPC_ACCESS_ACTIONS = [
  'ec2:CreateNetworkInterface',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeSubnets',
  'ec2:DeleteNetworkInterface',
  'ec2:AssignPrivateIpAddresses',
  'ec2:UnassignPrivateIpAddresses',
];

export interface NodeFunctionProps {
  readonly accountId: string;
  readonly region: string;
  readonly functionName: string;
  readonly description: string;
  /** Entry file bundled with esbuild. */
  readonly entry: string;
  /** @default nodejs22.x */
  readonly runtime?: NodeRuntime;
  /** @default 256 */
  readonly memorySizeMb?: number;
  /** @default 10 */
  readonly timeoutSeconds?: number;
  /** Retention of the function's log group, in days. */
  readonly logRetentionDays: number;
  /** KMS key of the log group (its policy must let CloudWatch Logs use it). */
  readonly logsKmsKeyArn: string;
  /** Run in these private subnets. @default - not in a VPC */
  readonly subnetIds?: readonly string[];
  /** Security groups of the function's network interfaces (with `subnetIds`). @default [] */
  readonly securityGroupIds?: readonly string[];
  /** Reserved (and maximum) concurrency. @default - unreserved */
  readonly reservedConcurrentExecutions?: number;
  /** Environment variables; never secret values (pass ARNs of secrets instead). @default {} */
  readonly environment?: Readonly<Record<string, string>>;
  /** Extra statements of the execution role's policy. @default [] */
  readonly statements?: readonly PolicyStatement[];
}

/**
 * A bundled Node.js function on arm64 with X-Ray active tracing, its own KMS-encrypted log group with a
 * retention, and an execution role whose policy names every action (no managed policies, no wildcards).
 */
export class NodeFunction extends Construct {
  public readonly function: LambdaFunction;
  public readonly role: IamRole;
  public readonly logGroup: EncryptedLogGroup;
  public readonly bundle: LambdaBundle;
  public readonly functionName: string;
  public readonly arn: string;
  public readonly invokeArn: string;
  private readonly env: Record<string, string>;

  constructor(scope: Construct, id: string, props: NodeFunctionProps) {
    super(scope, id);
    const runtime = props.runtime ?? 'nodejs22.x';
    checkSettings(this, [
      !(runtime in NODE_RUNTIME_TARGETS) && {
        setting: 'runtime',
        value: runtime,
        allowed: `must be one of ${Object.keys(NODE_RUNTIME_TARGETS).join(', ')}`,
      },
      Boolean(props.securityGroupIds?.length) &&
        !props.subnetIds?.length && {
          setting: 'subnetIds',
          value: props.subnetIds,
          allowed: 'must list the subnets when securityGroupIds are given',
        },
    ]);
    this.env = { ...(props.environment ?? {}) };

    this.bundle = new LambdaBundle(this, 'Bundle', {
      entry: props.entry,
      nodeTarget: NODE_RUNTIME_TARGETS[runtime],
    });
    this.logGroup = new EncryptedLogGroup(this, 'Logs', {
      name: `/aws/lambda/${props.functionName}`,
      retentionDays: props.logRetentionDays,
      kmsKeyArn: props.logsKmsKeyArn,
    });

    this.role = new IamRole(this, 'Role', {
      name: `${props.functionName}-${props.region}`,
      description: `Execution role of ${props.functionName}`,
      assumeRolePolicy: serviceTrustPolicy('lambda.amazonaws.com', props.accountId),
    });
    const inVpc = (props.subnetIds?.length ?? 0) > 0;
    const policy = new IamRolePolicy(this, 'Policy', {
      role: this.role.id,
      name: 'execution',
      policy: policyDocument([
        {
          sid: 'WriteOwnLogs',
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [`${this.logGroup.arn}:log-stream:*`],
        },
        {
          sid: 'Tracing',
          actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
          resources: ['*'],
        },
        ...(inVpc ? [{ sid: 'VpcNetworkInterfaces', actions: VPC_ACCESS_ACTIONS, resources: ['*'] }] : []),
        ...(props.statements ?? []),
      ]),
    });

    this.function = new LambdaFunction(this, 'Resource', {
      functionName: props.functionName,
      description: props.description,
      role: this.role.arn,
      runtime,
      architectures: ['arm64'],
      handler: this.bundle.handler,
      filename: this.bundle.asset.path,
      sourceCodeHash: this.bundle.asset.assetHash,
      memorySize: props.memorySizeMb ?? 256,
      timeout: props.timeoutSeconds ?? 10,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      tracingConfig: { mode: 'Active' },
      loggingConfig: { logFormat: 'JSON', logGroup: this.logGroup.name },
      environment: {
        variables: Lazy.anyValue({ produce: () => ({ ...this.env }) }) as unknown as Record<string, string>,
      },
      vpcConfig: inVpc
        ? { subnetIds: [...(props.subnetIds ?? [])], securityGroupIds: [...(props.securityGroupIds ?? [])] }
        : undefined,
      // Creating a function in a VPC checks the role's network interface permissions, and the first
      // invocation writes logs: both need the policy and the log group in place.
      dependsOn: [this.logGroup.logGroup, policy],
    });
    this.functionName = this.function.functionName;
    this.arn = this.function.arn;
    this.invokeArn = this.function.invokeArn;
  }

  /** Adds an environment variable (names and ARNs only: the values are visible to anyone who can read the function). */
  public addEnvironment(name: string, value: string): void {
    if (name in this.env) throw new Error(`environment variable ${name} is already set`);
    this.env[name] = value;
  }

  /** The environment as configured so far. */
  public get environment(): Readonly<Record<string, string>> {
    return { ...this.env };
  }
}
