import { z } from 'zod';

/** AWS commercial regions a stack may be deployed to. */
export const AWS_REGIONS = [
  'af-south-1',
  'ap-east-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-7',
  'ca-central-1',
  'ca-west-1',
  'eu-central-1',
  'eu-central-2',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'mx-central-1',
  'sa-east-1',
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
] as const;

export type AwsRegion = (typeof AWS_REGIONS)[number];

export const accountId = z
  .string({ error: 'must be a 12-digit string (quote it in YAML so leading zeros survive)' })
  .regex(/^\d{12}$/, { error: 'must be 12 digits' });

export const region = z.enum(AWS_REGIONS, {
  error: `must be an AWS region (one of ${AWS_REGIONS.join(', ')})`,
});

/** Lower-case names that are safe in AWS, Datadog and PagerDuty resource names and in stack names. */
export const resourceName = (what: string, maxLength: number) =>
  z
    .string({ error: `must be a string (${what})` })
    .regex(/^[a-z][a-z0-9-]*$/, {
      error: `must start with a lower-case letter and contain only a-z, 0-9 and "-" (${what})`,
    })
    .max(maxLength, { error: `must be at most ${maxLength} characters (${what})` })
    .refine((s) => !s.endsWith('-') && !s.includes('--'), {
      error: `must not end with "-" or contain "--" (${what})`,
    });

/** An IAM role name (not a path or ARN). */
export const iamRoleName = z
  .string({ error: 'must be a string' })
  .regex(/^[\w+=,.@-]{1,64}$/, { error: 'must be an IAM role name: 1-64 of A-Z a-z 0-9 + = , . @ _ -' });

/** Tags as a string map; AWS limits keys to 128 and values to 256 characters. */
export const tagMap = z.record(
  z.string().min(1).max(128, { error: 'tag keys must be at most 128 characters' }),
  z
    .string({ error: 'tag values must be strings' })
    .max(256, { error: 'tag values must be at most 256 characters' }),
);
