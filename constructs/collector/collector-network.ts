import { DataAwsAvailabilityZones } from '@cdktf/provider-aws/lib/data-aws-availability-zones';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import type { NetworkConfig } from '../../stacks/config/central';
import { EncryptedLogGroup } from '../core/encrypted-log-group';
import { policyDocument, serviceTrustPolicy } from '../core/policy-document';

export const DOCDB_PORT = 27017;
const HTTPS_PORT = 443;

/** An AWS service reached through an interface VPC endpoint, and the only actions the endpoint lets through. */
export interface InterfaceEndpointSpec {
  /** Service suffix: `com.amazonaws.<region>.<service>`. */
  readonly service: string;
  readonly actions: readonly string[];
  /**
   * Also require the called resource to be in this account (`aws:ResourceAccount`); only for services whose
   * actions name a resource (not X-Ray, whose calls have none and would then be refused). @default false
   */
  readonly ownResourcesOnly?: boolean;
}

/**
 * What the collector calls from inside the VPC. Lambda's own logs and the function's X-Ray segment are
 * sent by the Lambda service, outside the VPC; Secrets Manager (credentials, signing secrets) and the X-Ray
 * daemon's trace subsegments leave from the function's network interface, so they need an endpoint (or NAT).
 * Secrets Manager decrypts with KMS itself, so no KMS endpoint is needed.
 */
export const COLLECTOR_INTERFACE_ENDPOINTS: readonly InterfaceEndpointSpec[] = [
  {
    service: 'secretsmanager',
    actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
    ownResourcesOnly: true,
  },
  {
    service: 'xray',
    actions: [
      'xray:PutTraceSegments',
      'xray:PutTelemetryRecords',
      'xray:GetSamplingRules',
      'xray:GetSamplingTargets',
    ],
  },
];

export interface CollectorNetworkProps {
  readonly accountId: string;
  readonly region: string;
  /** Prefix of resource names. */
  readonly namePrefix: string;
  /**
   * `central.network` of platform.yaml, parsed (stacks/config/central.ts holds its defaults and checks): a
   * created VPC (`vpcCidr`, `availabilityZones` or pinned `zoneIds`) or `existingVpcId` with its subnets.
   */
  readonly network: NetworkConfig;
  /** Interface endpoints to create in the subnets. @default COLLECTOR_INTERFACE_ENDPOINTS */
  readonly interfaceEndpoints?: readonly InterfaceEndpointSpec[];
  /** Flow logs of the created VPC go to a log group with this retention, in days. */
  readonly flowLogRetentionDays: number;
  /** KMS key of the flow log group (its policy must let CloudWatch Logs use it). */
  readonly flowLogKmsKeyArn: string;
}

/**
 * The collector's private network: subnets without any route out of the VPC (no internet or NAT gateway),
 * interface endpoints for the AWS APIs the collector calls, and security groups that let only named clients
 * reach DocumentDB on 27017.
 */
export class CollectorNetwork extends Construct {
  public readonly vpcId: string;
  public readonly subnetIds: string[];
  /** Security group of the collector function. */
  public readonly collectorSecurityGroupId: string;
  /** Security group of the DocumentDB cluster. */
  public readonly databaseSecurityGroupId: string;
  /** Security group of the interface endpoints. */
  public readonly endpointSecurityGroupId: string;
  public readonly endpoints: VpcEndpoint[] = [];

  private readonly databaseSecurityGroup: SecurityGroup;
  private readonly endpointSecurityGroup: SecurityGroup;

  constructor(scope: Construct, id: string, props: CollectorNetworkProps) {
    super(scope, id);
    const network = props.network;
    if (network.existingVpcId) {
      this.vpcId = network.existingVpcId;
      this.subnetIds = [...(network.existingSubnetIds ?? [])];
    } else {
      const created = this.createVpc(props, network);
      this.vpcId = created.vpcId;
      this.subnetIds = created.subnetIds;
    }

    const group = (gid: string, name: string, description: string) =>
      new SecurityGroup(this, gid, {
        name: `${props.namePrefix}-${name}`,
        description,
        vpcId: this.vpcId,
        // No inline rules: terraform then removes the default allow-all egress rule.
        revokeRulesOnDelete: true,
      });
    const collector = group(
      'CollectorSecurityGroup',
      'collector',
      'Collector Lambda: DocumentDB and endpoints only',
    );
    this.databaseSecurityGroup = group(
      'DatabaseSecurityGroup',
      'docdb',
      'DocumentDB: 27017 from named clients only',
    );
    this.endpointSecurityGroup = group(
      'EndpointSecurityGroup',
      'endpoints',
      'Interface endpoints: 443 from clients',
    );
    this.collectorSecurityGroupId = collector.id;
    this.databaseSecurityGroupId = this.databaseSecurityGroup.id;
    this.endpointSecurityGroupId = this.endpointSecurityGroup.id;

    this.allowDatabaseClient('Collector', collector.id);
    this.allowEndpointClient('Collector', collector.id);

    for (const spec of props.interfaceEndpoints ?? COLLECTOR_INTERFACE_ENDPOINTS) {
      this.endpoints.push(
        new VpcEndpoint(this, `Endpoint-${spec.service}`, {
          vpcId: this.vpcId,
          serviceName: `com.amazonaws.${props.region}.${spec.service}`,
          vpcEndpointType: 'Interface',
          subnetIds: this.subnetIds,
          securityGroupIds: [this.endpointSecurityGroup.id],
          privateDnsEnabled: true,
          policy: policyDocument([
            {
              sid: 'OnlyThisAccountsPrincipals',
              anyPrincipal: true,
              actions: spec.actions,
              resources: ['*'],
              conditions: {
                StringEquals: {
                  'aws:PrincipalAccount': props.accountId,
                  ...(spec.ownResourcesOnly ? { 'aws:ResourceAccount': props.accountId } : {}),
                },
              },
            },
          ]),
        }),
      );
    }
  }

  /**
   * Lets a client security group (the collector, later the dashboard's query API) reach DocumentDB on 27017:
   * ingress on the database group and egress on the client group.
   */
  public allowDatabaseClient(id: string, clientSecurityGroupId: string): void {
    new VpcSecurityGroupIngressRule(this, `DatabaseFrom${id}`, {
      securityGroupId: this.databaseSecurityGroup.id,
      referencedSecurityGroupId: clientSecurityGroupId,
      ipProtocol: 'tcp',
      fromPort: DOCDB_PORT,
      toPort: DOCDB_PORT,
      description: `DocumentDB from ${id}`,
    });
    new VpcSecurityGroupEgressRule(this, `${id}ToDatabase`, {
      securityGroupId: clientSecurityGroupId,
      referencedSecurityGroupId: this.databaseSecurityGroup.id,
      ipProtocol: 'tcp',
      fromPort: DOCDB_PORT,
      toPort: DOCDB_PORT,
      description: 'DocumentDB',
    });
  }

  /** Lets a client security group call the interface endpoints (HTTPS). */
  public allowEndpointClient(id: string, clientSecurityGroupId: string): void {
    new VpcSecurityGroupIngressRule(this, `EndpointsFrom${id}`, {
      securityGroupId: this.endpointSecurityGroup.id,
      referencedSecurityGroupId: clientSecurityGroupId,
      ipProtocol: 'tcp',
      fromPort: HTTPS_PORT,
      toPort: HTTPS_PORT,
      description: `HTTPS from ${id}`,
    });
    new VpcSecurityGroupEgressRule(this, `${id}ToEndpoints`, {
      securityGroupId: clientSecurityGroupId,
      referencedSecurityGroupId: this.endpointSecurityGroup.id,
      ipProtocol: 'tcp',
      fromPort: HTTPS_PORT,
      toPort: HTTPS_PORT,
      description: 'AWS APIs through interface endpoints',
    });
  }

  private createVpc(
    props: CollectorNetworkProps,
    network: NetworkConfig,
  ): { vpcId: string; subnetIds: string[] } {
    const cidr = network.vpcCidr;
    const zoneCount = network.zoneIds?.length ?? network.availabilityZones;
    const prefix = Number(cidr.split('/')[1]);
    // Up to 16 subnets, each still large enough for the endpoints' and Lambda's interfaces.
    const newBits = Math.min(4, 28 - prefix);

    const vpc = new Vpc(this, 'Resource', {
      cidrBlock: cidr,
      // Private DNS of the interface endpoints needs both.
      enableDnsSupport: true,
      enableDnsHostnames: true,
      tags: { Name: `${props.namePrefix}-vpc` },
    });
    // The default security group allows all traffic between its members: empty it so nothing relies on it.
    new DefaultSecurityGroup(this, 'DefaultSecurityGroup', { vpcId: vpc.id });

    // Without pinned zone ids, the first zones by name. (checkov's CKV_AWS_394 flags this open-ended look-up;
    // pinning `zoneIds` is the closed alternative.)
    const zones = network.zoneIds
      ? undefined
      : new DataAwsAvailabilityZones(this, 'Zones', { state: 'available' });
    const routeTable = new RouteTable(this, 'PrivateRouteTable', {
      vpcId: vpc.id,
      tags: { Name: `${props.namePrefix}-private` },
    });
    const subnetIds: string[] = [];
    for (let i = 0; i < zoneCount; i++) {
      const subnet = new Subnet(this, `PrivateSubnet${i + 1}`, {
        vpcId: vpc.id,
        cidrBlock: Fn.cidrsubnet(cidr, newBits, i),
        ...(zones
          ? { availabilityZone: Fn.element(zones.names, i) }
          : { availabilityZoneId: network.zoneIds![i] }),
        mapPublicIpOnLaunch: false,
        tags: { Name: `${props.namePrefix}-private-${i + 1}` },
        // A zone added to the region could shift the looked-up list; a subnet (and DocumentDB in it) must not move.
        lifecycle: zones ? { ignoreChanges: ['availability_zone'] } : undefined,
      });
      new RouteTableAssociation(this, `PrivateSubnet${i + 1}Routes`, {
        subnetId: subnet.id,
        routeTableId: routeTable.id,
      });
      subnetIds.push(subnet.id);
    }
    this.createFlowLogs(props, vpc.id);
    return { vpcId: vpc.id, subnetIds };
  }

  /** Flow logs of every interface in the VPC (accepted and rejected traffic) to an encrypted log group. */
  private createFlowLogs(props: CollectorNetworkProps, vpcId: string): void {
    const group = new EncryptedLogGroup(this, 'FlowLogs', {
      name: `/aws/vpc/${props.namePrefix}/flow-logs`,
      retentionDays: props.flowLogRetentionDays,
      kmsKeyArn: props.flowLogKmsKeyArn,
    });
    const role = new IamRole(this, 'FlowLogsRole', {
      name: `${props.namePrefix}-flow-logs-${props.region}`,
      description: 'Lets VPC Flow Logs write to the collector VPC flow log group',
      assumeRolePolicy: serviceTrustPolicy('vpc-flow-logs.amazonaws.com', props.accountId),
    });
    const policy = new IamRolePolicy(this, 'FlowLogsPolicy', {
      role: role.id,
      name: 'write-flow-logs',
      policy: policyDocument([
        {
          actions: [
            'logs:CreateLogStream',
            'logs:PutLogEvents',
            'logs:DescribeLogGroups',
            'logs:DescribeLogStreams',
          ],
          resources: [group.arn, `${group.arn}:log-stream:*`],
        },
      ]),
    });
    new FlowLog(this, 'FlowLog', {
      vpcId,
      trafficType: 'ALL',
      logDestinationType: 'cloud-watch-logs',
      logDestination: group.arn,
      iamRoleArn: role.arn,
      maxAggregationInterval: 600,
      dependsOn: [policy],
    });
  }
}
