import { Cloudtrail } from '@cdktf/provider-aws/lib/cloudtrail';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { Construct } from 'constructs';
import { suppressCheckov } from '../core/checkov';
import { EncryptionKey } from '../core/encryption-key';
import { policyDocument } from '../core/policy-document';
import { TLS_ONLY_ACTIONS } from '../core/tls-only-actions';

export interface ManagementEventsTrailProps {
  /** The account (12 digits) the trail records. */
  readonly accountId: string;
  /** The trail's home region (the stack's provider region). */
  readonly region: string;
  /** Prefix of the trail, bucket and key alias names (lower-case letters, digits, `-`). */
  readonly namePrefix: string;
  /** Days the log files are kept in the bucket (1–3650). @default 365 */
  readonly retentionDays?: number;
}

/**
 * A multi-region CloudTrail trail of the account's management events, for accounts that have none:
 * EventBridge receives `AWS API Call via CloudTrail` events only while a trail logs them. Log files go to
 * a private, versioned bucket encrypted with the trail's own KMS key, with log file validation on.
 */
export class ManagementEventsTrail extends Construct {
  public readonly trail: Cloudtrail;
  public readonly bucket: S3Bucket;
  public readonly key: EncryptionKey;

  constructor(scope: Construct, id: string, props: ManagementEventsTrailProps) {
    super(scope, id);
    const retentionDays = props.retentionDays ?? 365;
    const trailName = `${props.namePrefix}-management-events`;
    const bucketName = `${props.namePrefix}-trail-${props.accountId}`;
    const problems: string[] = [];
    if (!/^\d{12}$/.test(props.accountId))
      problems.push(`accountId must be 12 digits, got "${props.accountId}"`);
    if (!/^[a-z0-9][a-z0-9-]*$/.test(props.namePrefix)) {
      problems.push(`namePrefix must be lower-case letters, digits and "-", got "${props.namePrefix}"`);
    }
    if (bucketName.length > 63) {
      problems.push(`bucket name "${bucketName}" is longer than S3's 63 characters: shorten namePrefix`);
    }
    if (!Number.isInteger(retentionDays) || retentionDays < 1 || retentionDays > 3650) {
      problems.push(`retentionDays must be a whole number of days from 1 to 3650, got ${retentionDays}`);
    }
    if (problems.length > 0) {
      throw new Error(
        `Invalid ManagementEventsTrail "${id}":\n${problems.map((p) => `  - ${p}`).join('\n')}`,
      );
    }
    // Known before the trail exists, so the key and bucket policies can name it (no dependency cycle).
    const trailArn = `arn:aws:cloudtrail:${props.region}:${props.accountId}:trail/${trailName}`;
    const onlyThisTrail = { StringEquals: { 'aws:SourceArn': trailArn } };

    this.key = new EncryptionKey(this, 'Key', {
      accountId: props.accountId,
      description: `Encrypts the log files of the ${trailName} CloudTrail trail`,
      alias: `${props.namePrefix}-trail`,
      statements: [
        {
          sid: 'CloudTrailEncryptsLogFiles',
          principals: { Service: 'cloudtrail.amazonaws.com' },
          actions: ['kms:GenerateDataKey'],
          resources: ['*'],
          conditions: {
            ...onlyThisTrail,
            StringLike: {
              'kms:EncryptionContext:aws:cloudtrail:arn': `arn:aws:cloudtrail:*:${props.accountId}:trail/*`,
            },
          },
        },
        {
          sid: 'CloudTrailDescribesKey',
          principals: { Service: 'cloudtrail.amazonaws.com' },
          actions: ['kms:DescribeKey'],
          resources: ['*'],
          conditions: onlyThisTrail,
        },
      ],
    });

    // Ids name the trail: `review parity` explains a stack's extra resources by the words of their construct path.
    this.bucket = new S3Bucket(this, 'TrailBucket', { bucket: bucketName });
    suppressCheckov(
      this.bucket,
      'CKV_AWS_144',
      'audit copy only: the events themselves reach the collector through EventBridge, and CloudTrail keeps 90 days of event history',
    );
    suppressCheckov(
      this.bucket,
      'CKV_AWS_18',
      'logging access to the trail bucket would need another bucket; CloudTrail data events can audit it instead',
    );
    suppressCheckov(
      this.bucket,
      'CKV2_AWS_62',
      'nothing reacts to new log files: EventBridge delivers the events',
    );
    const publicAccessBlock = new S3BucketPublicAccessBlock(this, 'TrailBucketPublicAccessBlock', {
      bucket: this.bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, 'TrailBucketOwnership', {
      bucket: this.bucket.id,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, 'TrailBucketEncryption', {
      bucket: this.bucket.id,
      rule: [
        {
          applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: this.key.arn },
          bucketKeyEnabled: true,
        },
      ],
    });
    const versioning = new S3BucketVersioningA(this, 'TrailBucketVersioning', {
      bucket: this.bucket.id,
      versioningConfiguration: { status: 'Enabled' },
    });
    new S3BucketLifecycleConfiguration(this, 'TrailBucketLifecycle', {
      bucket: this.bucket.id,
      rule: [
        {
          id: 'expire-log-files',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          expiration: [{ days: retentionDays }],
          noncurrentVersionExpiration: [{ noncurrentDays: 30 }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
      dependsOn: [versioning],
    });
    const policy = new S3BucketPolicy(this, 'TrailBucketPolicy', {
      bucket: this.bucket.id,
      policy: policyDocument([
        {
          sid: 'CloudTrailChecksBucketAcl',
          principals: { Service: 'cloudtrail.amazonaws.com' },
          actions: ['s3:GetBucketAcl'],
          resources: [this.bucket.arn],
          conditions: onlyThisTrail,
        },
        {
          sid: 'CloudTrailWritesLogFiles',
          principals: { Service: 'cloudtrail.amazonaws.com' },
          actions: ['s3:PutObject'],
          resources: [`${this.bucket.arn}/AWSLogs/${props.accountId}/*`],
          conditions: {
            StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': trailArn },
          },
        },
        {
          sid: 'TlsOnly',
          effect: 'Deny',
          anyPrincipal: true,
          actions: TLS_ONLY_ACTIONS,
          resources: [this.bucket.arn, `${this.bucket.arn}/*`],
          conditions: { Bool: { 'aws:SecureTransport': 'false' } },
        },
      ]),
      dependsOn: [publicAccessBlock],
    });

    this.trail = new Cloudtrail(this, 'Trail', {
      name: trailName,
      s3BucketName: this.bucket.id,
      kmsKeyId: this.key.arn,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      eventSelector: [{ readWriteType: 'All', includeManagementEvents: true }],
      // CloudTrail checks that it may write to the bucket when the trail is created.
      dependsOn: [policy],
    });
    suppressCheckov(
      this.trail,
      'CKV_AWS_252',
      'no SNS notification per log file: the events reach the collector through EventBridge',
    );
    suppressCheckov(
      this.trail,
      'CKV2_AWS_10',
      'the events reach the collector through EventBridge; a CloudWatch Logs copy would only duplicate them',
    );
  }
}
