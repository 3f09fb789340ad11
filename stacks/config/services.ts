import { z } from 'zod';

/**
 * AWS services a product can declare it uses. The monitor catalog, the Datadog integration's namespace
 * filters and the parity report all key on these ids.
 */
export const AWS_SERVICES = [
  'ec2',
  'alb',
  'nlb',
  'rds',
  'ecs',
  'ebs',
  'lambda',
  'sqs',
  'dynamodb',
  'elasticache',
  'natgateway',
  'apigateway',
  'cloudfront',
] as const;

export type AwsService = (typeof AWS_SERVICES)[number];

export const awsService = z.enum(AWS_SERVICES, {
  error: `must be one of ${AWS_SERVICES.join(', ')}`,
});
