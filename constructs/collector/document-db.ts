import { DocdbCluster } from '@cdktf/provider-aws/lib/docdb-cluster';
import { DocdbClusterInstance } from '@cdktf/provider-aws/lib/docdb-cluster-instance';
import { DocdbClusterParameterGroup } from '@cdktf/provider-aws/lib/docdb-cluster-parameter-group';
import { DocdbSubnetGroup } from '@cdktf/provider-aws/lib/docdb-subnet-group';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import type { DocumentDbConfig } from '../../stacks/config/central';
import { suppressCheckov } from '../core/checkov';
import { EncryptedLogGroup } from '../core/encrypted-log-group';
import { EncryptionKey } from '../core/encryption-key';
import { checkSettings } from '../core/setting-error';
import { DOCDB_PORT } from './collector-network';
import { DOCDB_INSTANCE_LIMITS, type DocdbInstanceClass } from './docdb-connection-limits';
import { EphemeralRandomPassword } from './ephemeral-random-password';

export interface DocumentDbProps {
  readonly accountId: string;
  readonly region: string;
  /** Cluster identifier (lower-case letters, digits, hyphens). */
  readonly clusterIdentifier: string;
  /** Private subnets, in at least two availability zones. */
  readonly subnetIds: readonly string[];
  /** Security groups of the cluster (the network's database group). */
  readonly securityGroupIds: readonly string[];
  /**
   * `central.documentDb` of platform.yaml, parsed (stacks/config/central.ts holds its defaults and ranges):
   * instance class and count, engine version, backup retention, deletion protection, master password version.
   */
  readonly documentDb: Omit<DocumentDbConfig, 'userPasswordVersion'>;
  /** Daily backup window, UTC. @default 17:00-18:00 */
  readonly preferredBackupWindow?: string;
  /** Weekly maintenance window, UTC; must not overlap the backup window. @default sun:18:30-sun:19:30 */
  readonly preferredMaintenanceWindow?: string;
  /** Master user name (1-63 letters or digits, starting with a letter; not `admin`). @default collectoradmin */
  readonly masterUsername?: string;
  /** Retention of the exported audit and profiler logs, in days. */
  readonly logRetentionDays: number;
  /** KMS key of the exported log groups (its policy must let CloudWatch Logs use it). */
  readonly logsKmsKeyArn: string;
  /** Operations slower than this are written to the profiler log, in ms. @default 200 */
  readonly profilerThresholdMs?: number;
  /** Certificate authority of the instances' server certificates. @default rds-ca-rsa2048-g1 */
  readonly caCertIdentifier?: string;
}

/** Cluster parameter group family of an engine version (`5.0.0` -> `docdb5.0`). */
export function docdbParameterGroupFamily(engineVersion: string): string {
  const match = /^(\d+)\.(\d+)\./.exec(engineVersion);
  if (!match) throw new Error(`engine version must look like 5.0.0, got ${engineVersion}`);
  return `docdb${match[1]}.${match[2]}`;
}

/** Whether the engine supports retryable writes (DocumentDB 8.0.2 and later); drives `DOCDB_RETRY_WRITES`. */
export function docdbSupportsRetryableWrites(engineVersion: string): boolean {
  const [major, minor, patch] = engineVersion.split('.').map(Number);
  if (major !== 8) return major > 8;
  return minor > 0 || patch >= 2;
}

/**
 * An encrypted, private DocumentDB cluster: TLS required, audit log on, audit and profiler logs exported
 * to CloudWatch, backups kept, deletion protection and a final snapshot. The master password is generated
 * during apply and written only to the cluster and to a Secrets Manager secret in the RDS/DocumentDB format
 * (`{"username","password","host","port","engine","dbClusterIdentifier"}`); it is in neither the
 * configuration nor the state.
 */
export class DocumentDb extends Construct {
  public readonly cluster: DocdbCluster;
  public readonly instances: DocdbClusterInstance[] = [];
  /** Identifiers of the instances (known at synth time, unlike the resources' attributes). */
  public readonly instanceIdentifiers: string[] = [];
  public readonly key: EncryptionKey;
  /** ARN of the master-credentials secret (what the collector reads through `DOCDB_SECRET_ARN`). */
  public readonly secretArn: string;
  public readonly instanceClass: DocdbInstanceClass;
  public readonly engineVersion: string;

  constructor(scope: Construct, id: string, props: DocumentDbProps) {
    super(scope, id);
    const { instanceCount, backupRetentionDays, engineVersion, instanceClass } = props.documentDb;
    this.engineVersion = engineVersion;
    this.instanceClass = instanceClass;
    checkSettings(this, [
      props.subnetIds.length < 2 && {
        setting: 'subnetIds',
        value: props.subnetIds,
        allowed: 'must list subnets in at least two availability zones',
      },
    ]);

    this.key = new EncryptionKey(this, 'Key', {
      accountId: props.accountId,
      description: `DocumentDB ${props.clusterIdentifier}: storage, snapshots and the master secret`,
      alias: `${props.clusterIdentifier}-docdb`,
    });

    const subnetGroup = new DocdbSubnetGroup(this, 'SubnetGroup', {
      name: props.clusterIdentifier,
      description: `Private subnets of ${props.clusterIdentifier}`,
      subnetIds: [...props.subnetIds],
    });

    const parameterGroup = new DocdbClusterParameterGroup(this, 'ParameterGroup', {
      name: `${props.clusterIdentifier}-${docdbParameterGroupFamily(this.engineVersion).replace('.', '-')}`,
      family: docdbParameterGroupFamily(this.engineVersion),
      description: `TLS required, audit and profiler logs on (${props.clusterIdentifier})`,
      parameter: [
        // Static parameters: applied at the instances' next reboot, which creation includes.
        { name: 'tls', value: 'enabled', applyMethod: 'pending-reboot' },
        { name: 'audit_logs', value: 'enabled', applyMethod: 'pending-reboot' },
        { name: 'profiler', value: 'enabled', applyMethod: 'pending-reboot' },
        {
          name: 'profiler_threshold_ms',
          value: String(props.profilerThresholdMs ?? 200),
          applyMethod: 'pending-reboot',
        },
      ],
      lifecycle: { createBeforeDestroy: true },
    });

    // DocumentDB writes exported logs to these names; creating them first gives them retention and a CMK.
    const logGroups = ['audit', 'profiler'].map(
      (kind) =>
        new EncryptedLogGroup(this, `${kind[0].toUpperCase()}${kind.slice(1)}Logs`, {
          name: `/aws/docdb/${props.clusterIdentifier}/${kind}`,
          retentionDays: props.logRetentionDays,
          kmsKeyArn: props.logsKmsKeyArn,
        }),
    );

    const password = new EphemeralRandomPassword(this, 'MasterPassword', { length: 32 });
    const passwordVersion = props.documentDb.masterPasswordVersion;
    const username = props.masterUsername ?? 'collectoradmin';

    this.cluster = new DocdbCluster(this, 'Resource', {
      clusterIdentifier: props.clusterIdentifier,
      engine: 'docdb',
      engineVersion: this.engineVersion,
      port: DOCDB_PORT,
      masterUsername: username,
      masterPasswordWo: password.value,
      masterPasswordWoVersion: passwordVersion,
      dbSubnetGroupName: subnetGroup.name,
      dbClusterParameterGroupName: parameterGroup.name,
      vpcSecurityGroupIds: [...props.securityGroupIds],
      storageEncrypted: true,
      kmsKeyId: this.key.arn,
      backupRetentionPeriod: backupRetentionDays,
      preferredBackupWindow: props.preferredBackupWindow ?? '17:00-18:00',
      preferredMaintenanceWindow: props.preferredMaintenanceWindow ?? 'sun:18:30-sun:19:30',
      deletionProtection: props.documentDb.deletionProtection,
      skipFinalSnapshot: false,
      finalSnapshotIdentifier: `${props.clusterIdentifier}-final`,
      enabledCloudwatchLogsExports: ['audit', 'profiler'],
      dependsOn: logGroups.map((g) => g.logGroup),
    });

    for (let i = 0; i < instanceCount; i++) {
      const identifier = `${props.clusterIdentifier}-${i + 1}`;
      this.instanceIdentifiers.push(identifier);
      this.instances.push(
        new DocdbClusterInstance(this, `Instance${i + 1}`, {
          identifier,
          clusterIdentifier: this.cluster.id,
          instanceClass,
          caCertIdentifier: props.caCertIdentifier ?? 'rds-ca-rsa2048-g1',
          autoMinorVersionUpgrade: true,
          promotionTier: i,
        }),
      );
    }

    const secret = new SecretsmanagerSecret(this, 'MasterSecret', {
      name: `${props.clusterIdentifier}/master`,
      description: `Master credentials of DocumentDB ${props.clusterIdentifier} (RDS/DocumentDB secret format)`,
      kmsKeyId: this.key.arn,
      recoveryWindowInDays: 30,
    });
    suppressCheckov(
      secret,
      'CKV2_AWS_57',
      'the password is generated by an ephemeral resource and written to the cluster and this secret together; it is changed by raising masterPasswordVersion (docs/central.md), which a Secrets Manager rotation would bypass',
    );
    new SecretsmanagerSecretVersion(this, 'MasterSecretValue', {
      secretId: secret.id,
      // Write-only: sent to Secrets Manager with the cluster's password in the same run, kept out of the state.
      secretStringWo: Fn.jsonencode({
        username,
        password: password.value,
        host: this.cluster.endpoint,
        port: DOCDB_PORT,
        engine: 'mongo',
        dbClusterIdentifier: props.clusterIdentifier,
      }),
      secretStringWoVersion: passwordVersion,
    });
    this.secretArn = secret.arn;
  }

  /** Connection limit of one instance of this cluster. */
  public get maxConnectionsPerInstance(): number {
    return DOCDB_INSTANCE_LIMITS[this.instanceClass].maxConnections;
  }
}
