// Resource types whose deletion or replacement loses data or access, and so must be called out at the
// top of a review instead of being buried in a stack's details.

interface CriticalRule {
  readonly test: (type: string, identity: string) => boolean;
  readonly why: string;
}

const RULES: readonly CriticalRule[] = [
  { test: (t) => t.startsWith('aws_docdb_'), why: 'DocumentDB: stored events' },
  { test: (t) => t === 'aws_kms_key', why: 'KMS key: data encrypted with it becomes unreadable' },
  { test: (t) => t === 'aws_api_gateway_api_key', why: 'API key: senders using it are rejected' },
  {
    test: (t, id) => t === 'aws_sqs_queue' && /(dlq|dead[-_ ]?letter)/i.test(id),
    why: 'dead-letter queue: undelivered messages',
  },
  { test: (t) => t.startsWith('aws_iam_'), why: 'IAM: access and trust' },
  { test: (t) => t.startsWith('aws_secretsmanager_secret'), why: 'secret: stored credentials' },
  { test: (t) => t === 'aws_s3_bucket', why: 'S3 bucket: stored objects' },
  { test: (t) => t === 'aws_dynamodb_table', why: 'DynamoDB table: stored items' },
  { test: (t) => t === 'aws_db_instance' || t.startsWith('aws_rds_cluster'), why: 'RDS: stored data' },
  { test: (t) => t === 'aws_cognito_user_pool', why: 'Cognito user pool: users' },
  { test: (t) => t === 'aws_cloudwatch_log_group', why: 'log group: stored logs' },
  { test: (t) => t === 'pagerduty_service', why: 'PagerDuty service: incident history and integrations' },
];

/**
 * Why losing this resource matters, or undefined when it is not critical. `identity` is any text that
 * names the resource (address, construct path, name): it tells a dead-letter queue from a work queue.
 */
export function criticalReason(type: string, identity = ''): string | undefined {
  return RULES.find((r) => r.test(type, identity))?.why;
}
