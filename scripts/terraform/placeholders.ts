// Placeholder values the replay provider returns for data sources whose values the configuration feeds
// into Terraform functions or a count: a generic placeholder would make the plan fail (jsondecode of a
// non-JSON string) or change resource counts. Keys are "<type>.<attribute>", values JSON of the attribute's
// type. Keep them in step with what the stacks read:
// - the product key secret (constructs/collector/product-key-secret.ts writes {endpoint, apiKey, arn});
// - Datadog's AWS integration permissions (constructs/datadog chunks them into inline policies by length).

/** The collector endpoint a product stack reads from its key secret. Trailing slash as the secret stores it. */
export const PLACEHOLDER_COLLECTOR_ENDPOINT = 'https://collector.replay.invalid/';
export const PLACEHOLDER_COLLECTOR_API_KEY = 'replay-collector-api-key';
/** The key secret's own full ARN, as the central stack writes it into the secret. */
export const PLACEHOLDER_COLLECTOR_SECRET_ARN =
  'arn:aws:secretsmanager:ap-northeast-1:111111111111:secret:observability/collector/replay-AbCdEf';

/** A sample of the permissions Datadog's AWS integration asks for (its documented policy), enough for one chunk. */
const DATADOG_PERMISSIONS = [
  'apigateway:GET',
  'autoscaling:Describe*',
  'backup:List*',
  'cloudfront:GetDistributionConfig',
  'cloudfront:ListDistributions',
  'cloudtrail:DescribeTrails',
  'cloudtrail:GetTrailStatus',
  'cloudwatch:Describe*',
  'cloudwatch:Get*',
  'cloudwatch:List*',
  'dynamodb:Describe*',
  'dynamodb:List*',
  'ec2:Describe*',
  'ecs:Describe*',
  'ecs:List*',
  'elasticache:Describe*',
  'elasticache:List*',
  'elasticloadbalancing:Describe*',
  'lambda:List*',
  'logs:DescribeLogGroups',
  'logs:FilterLogEvents',
  'rds:Describe*',
  'rds:List*',
  'sqs:ListQueues',
  'tag:GetResources',
];

export const REPLAY_PROVIDER_DATA: Readonly<Record<string, unknown>> = {
  'aws_secretsmanager_secret_version.secret_string': JSON.stringify({
    endpoint: PLACEHOLDER_COLLECTOR_ENDPOINT,
    apiKey: PLACEHOLDER_COLLECTOR_API_KEY,
    arn: PLACEHOLDER_COLLECTOR_SECRET_ARN,
  }),
  'datadog_integration_aws_iam_permissions.iam_permissions': DATADOG_PERMISSIONS,
  'aws_caller_identity.account_id': '000000000000',
};
