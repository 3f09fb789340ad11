import type { MonitoredService } from './monitor-spec';

/**
 * CloudWatch namespaces the AWS integration must collect for each service's monitors (the names that
 * `datadog_integration_aws_available_namespaces` lists).
 */
export const SERVICE_NAMESPACES: Readonly<Record<MonitoredService, readonly string[]>> = {
  ec2: ['AWS/EC2'],
  alb: ['AWS/ApplicationELB'],
  nlb: ['AWS/NetworkELB'],
  rds: ['AWS/RDS'],
  ecs: ['AWS/ECS'],
  ebs: ['AWS/EBS'],
  lambda: ['AWS/Lambda'],
  sqs: ['AWS/SQS'],
  dynamodb: ['AWS/DynamoDB'],
  elasticache: ['AWS/ElastiCache'],
  natgateway: ['AWS/NATGateway'],
  apigateway: ['AWS/ApiGateway'],
  cloudfront: ['AWS/CloudFront'],
};

/**
 * Collected in every account whatever services the product uses: the EventBridge forwarding's
 * dead-letter queue is an SQS queue whose depth is monitored, and the integration excludes AWS/SQS
 * unless told otherwise.
 */
export const ALWAYS_COLLECTED_NAMESPACES: readonly string[] = ['AWS/SQS'];

/** Sorted, de-duplicated namespaces for a set of services, always including the platform's own. */
export function namespacesForServices(services: readonly MonitoredService[]): string[] {
  const all = new Set<string>(ALWAYS_COLLECTED_NAMESPACES);
  for (const service of services) for (const ns of SERVICE_NAMESPACES[service]) all.add(ns);
  return [...all].sort();
}
