// The management-events trail and DevOps Guru as synthesized: who may write the trail's logs, with which
// key, and what DevOps Guru covers. Terraform itself checks the blocks (npm run validate, docs/verification.md).
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import { DevOpsGuru, type DevOpsGuruProps } from '../../constructs/aws-signals/dev-ops-guru';
import {
  ManagementEventsTrail,
  type ManagementEventsTrailProps,
} from '../../constructs/aws-signals/management-events-trail';
import { Synthesized } from '../support/synth';

const TRAIL_PROPS: ManagementEventsTrailProps = {
  accountId: '444444444444',
  region: 'us-east-1',
  namePrefix: 'obs-search-prod',
};
const TRAIL_ARN = 'arn:aws:cloudtrail:us-east-1:444444444444:trail/obs-search-prod-management-events';

function stack() {
  const s = new TerraformStack(Testing.app(), 'signals');
  new AwsProvider(s, 'aws', { region: 'us-east-1' });
  return s;
}

function trail(props: Partial<ManagementEventsTrailProps> = {}) {
  const s = stack();
  new ManagementEventsTrail(s, 'Trail', { ...TRAIL_PROPS, ...props });
  return Synthesized.of(s);
}

describe('ManagementEventsTrail', () => {
  test('a multi-region trail of all management events, validated, encrypted with its own key', () => {
    const synth = trail();
    const keyId = synth.idOf('aws_kms_key');
    expect(synth.only('aws_cloudtrail')).toMatchObject({
      name: 'obs-search-prod-management-events',
      is_multi_region_trail: true,
      include_global_service_events: true,
      enable_log_file_validation: true,
      kms_key_id: `\${aws_kms_key.${keyId}.arn}`,
      event_selector: [{ read_write_type: 'All', include_management_events: true }],
    });
    expect(synth.only('aws_s3_bucket').bucket).toBe('obs-search-prod-trail-444444444444');
    const sse = synth.only('aws_s3_bucket_server_side_encryption_configuration').rule[0];
    expect(sse.apply_server_side_encryption_by_default).toEqual({
      sse_algorithm: 'aws:kms',
      kms_master_key_id: `\${aws_kms_key.${keyId}.arn}`,
    });
    expect(synth.only('aws_s3_bucket_public_access_block')).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(synth.only('aws_s3_bucket_lifecycle_configuration').rule[0].expiration).toEqual([{ days: 365 }]);
  });

  test('only this trail may write into the bucket and use the key; plain HTTP is refused', () => {
    const synth = trail({ retentionDays: 30 });
    const policy = JSON.parse(synth.only('aws_s3_bucket_policy').policy);
    const bySid = Object.fromEntries(policy.Statement.map((s: any) => [s.Sid, s]));
    expect(bySid.CloudTrailWritesLogFiles).toMatchObject({
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: ['s3:PutObject'],
      Condition: {
        StringEquals: { 'aws:SourceArn': TRAIL_ARN, 's3:x-amz-acl': 'bucket-owner-full-control' },
      },
    });
    expect(bySid.CloudTrailWritesLogFiles.Resource).toMatch(/\/AWSLogs\/444444444444\/\*$/);
    expect(bySid.CloudTrailChecksBucketAcl.Condition).toEqual({
      StringEquals: { 'aws:SourceArn': TRAIL_ARN },
    });
    expect(bySid.TlsOnly).toMatchObject({
      Effect: 'Deny',
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
    const key = JSON.parse(synth.only('aws_kms_key').policy);
    const encrypts = key.Statement.find((s: any) => s.Sid === 'CloudTrailEncryptsLogFiles');
    expect(encrypts.Condition.StringEquals).toEqual({ 'aws:SourceArn': TRAIL_ARN });
    expect(synth.only('aws_s3_bucket_lifecycle_configuration').rule[0].expiration).toEqual([{ days: 30 }]);
    // The trail is created after the policy that lets CloudTrail write (CloudTrail checks it on creation).
    expect(synth.only('aws_cloudtrail').depends_on).toEqual([
      `aws_s3_bucket_policy.${synth.idOf('aws_s3_bucket_policy')}`,
    ]);
  });

  test('bad props are refused, each named with what is allowed', () => {
    expect(() => trail({ accountId: '4444', namePrefix: 'Obs_Search', retentionDays: 0 })).toThrow(
      [
        'Invalid ManagementEventsTrail "Trail":',
        '  - accountId must be 12 digits, got "4444"',
        '  - namePrefix must be lower-case letters, digits and "-", got "Obs_Search"',
        '  - retentionDays must be a whole number of days from 1 to 3650, got 0',
      ].join('\n'),
    );
    expect(() => trail({ namePrefix: `obs-${'x'.repeat(41)}` })).toThrow("longer than S3's 63 characters");
  });
});

describe('DevOpsGuru', () => {
  function guru(props: DevOpsGuruProps) {
    const s = stack();
    new DevOpsGuru(s, 'Guru', props);
    return Synthesized.of(s);
  }

  test('coverage by the account stacks: every stack by default; log anomaly detection on', () => {
    const synth = guru({ coverage: { by: 'stacks' } });
    expect(synth.only('aws_devopsguru_resource_collection')).toMatchObject({
      type: 'AWS_CLOUD_FORMATION',
      cloudformation: [{ stack_names: ['*'] }],
    });
    expect(synth.only('aws_devopsguru_service_integration')).toMatchObject({
      logs_anomaly_detection: [{ opt_in_status: 'ENABLED' }],
      ops_center: [{ opt_in_status: 'DISABLED' }],
    });
  });

  test('coverage by tag, log anomaly detection off', () => {
    const synth = guru({
      coverage: { by: 'tags', tagKey: 'DevOps-Guru-search', tagValues: ['api', 'worker'] },
      logAnomalyDetection: false,
    });
    expect(synth.only('aws_devopsguru_resource_collection')).toMatchObject({
      type: 'AWS_TAGS',
      tags: [{ app_boundary_key: 'DevOps-Guru-search', tag_values: ['api', 'worker'] }],
    });
    expect(synth.only('aws_devopsguru_service_integration').logs_anomaly_detection).toEqual([
      { opt_in_status: 'DISABLED' },
    ]);
  });

  test('a tag key without the DevOps-Guru- prefix and empty lists are refused', () => {
    expect(() => guru({ coverage: { by: 'tags', tagKey: 'app', tagValues: [] } })).toThrow(
      [
        'Invalid DevOpsGuru "Guru":',
        '  - coverage.tagKey must start with "DevOps-Guru-" (any case), got "app"',
        '  - coverage.tagValues must list at least one value (or "*")',
      ].join('\n'),
    );
    expect(() => guru({ coverage: { by: 'stacks', stackNames: [] } })).toThrow(
      'coverage.stackNames must list at least one stack name (or "*")',
    );
  });
});
