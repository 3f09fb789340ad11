import { DevopsguruResourceCollection } from '@cdktf/provider-aws/lib/devopsguru-resource-collection';
import { DevopsguruServiceIntegration } from '@cdktf/provider-aws/lib/devopsguru-service-integration';
import { Construct } from 'constructs';

/** What DevOps Guru analyses: the account's CloudFormation stacks, or the resources carrying a tag. */
export type DevOpsGuruCoverage =
  | {
      readonly by: 'stacks';
      /** Stack names; `["*"]` is every stack of the account. @default ["*"] */
      readonly stackNames?: readonly string[];
    }
  | {
      readonly by: 'tags';
      /** The application boundary tag key; AWS requires it to start with `DevOps-Guru-` (any case). */
      readonly tagKey: string;
      /** Values of that tag that are analysed; `["*"]` is every value. @default ["*"] */
      readonly tagValues?: readonly string[];
    };

export interface DevOpsGuruProps {
  readonly coverage: DevOpsGuruCoverage;
  /** Turn on DevOps Guru's log anomaly detection on the covered resources' CloudWatch log groups. @default true */
  readonly logAnomalyDetection?: boolean;
}

/** AWS: "The tag key must begin with the prefix DevOps-Guru-"; the prefix is not case sensitive. */
export const DEVOPS_GURU_TAG_PREFIX = /^devops-guru-/i;

/**
 * Amazon DevOps Guru for one account and region: its resource coverage and its log anomaly detection.
 * Its insight events go to the account's default event bus without any notification channel; the
 * `devopsguru` forwarding rule sends them to the collector.
 */
export class DevOpsGuru extends Construct {
  public readonly coverage: DevopsguruResourceCollection;
  public readonly integration: DevopsguruServiceIntegration;

  constructor(scope: Construct, id: string, props: DevOpsGuruProps) {
    super(scope, id);
    const c = props.coverage;
    const problems: string[] = [];
    if (c.by === 'stacks' && c.stackNames !== undefined && c.stackNames.length === 0) {
      problems.push('coverage.stackNames must list at least one stack name (or "*")');
    }
    if (c.by === 'tags') {
      if (!DEVOPS_GURU_TAG_PREFIX.test(c.tagKey)) {
        problems.push(`coverage.tagKey must start with "DevOps-Guru-" (any case), got "${c.tagKey}"`);
      }
      if (c.tagValues !== undefined && c.tagValues.length === 0) {
        problems.push('coverage.tagValues must list at least one value (or "*")');
      }
    }
    if (problems.length > 0) {
      throw new Error(`Invalid DevOpsGuru "${id}":\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    }

    this.coverage = new DevopsguruResourceCollection(
      this,
      'Coverage',
      c.by === 'stacks'
        ? { type: 'AWS_CLOUD_FORMATION', cloudformation: [{ stackNames: [...(c.stackNames ?? ['*'])] }] }
        : { type: 'AWS_TAGS', tags: [{ appBoundaryKey: c.tagKey, tagValues: [...(c.tagValues ?? ['*'])] }] },
    );
    this.integration = new DevopsguruServiceIntegration(this, 'Integration', {
      logsAnomalyDetection: [{ optInStatus: (props.logAnomalyDetection ?? true) ? 'ENABLED' : 'DISABLED' }],
      // Insights reach the collector through EventBridge; OpsItems would be a second copy to triage.
      opsCenter: [{ optInStatus: 'DISABLED' }],
      kmsServerSideEncryption: [{ optInStatus: 'ENABLED', type: 'AWS_OWNED_KMS_KEY' }],
    });
  }
}
