import { z } from 'zod';
import { iamRoleName, region, tagMap } from './primitives';

/** How every stack is deployed: the role it assumes and where its state lives. */
export const deploymentConfig = z.strictObject({
  /** Name of the IAM role assumed in each account (central and product) to deploy. @default observability-deploy */
  roleName: iamRoleName.default('observability-deploy'),
  /** S3 bucket that holds every stack's state (one key per stack). */
  stateBucket: z.string({ error: 'must be an S3 bucket name' }).regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
    error: 'must be an S3 bucket name (3-63 of a-z 0-9 . -)',
  }),
  /** Region of the state bucket. */
  stateRegion: region,
  /** Prefix of each stack's state key: `<prefix>/<stack>.tfstate`. @default observability */
  stateKeyPrefix: z
    .string()
    .regex(/^[A-Za-z0-9!_.*'()/-]+$/, { error: 'must be a path of S3-safe characters without leading "/"' })
    .refine((s) => !s.startsWith('/') && !s.endsWith('/'), { error: 'must not start or end with "/"' })
    .default('observability'),
  /** Role (ARN) the backend assumes to reach the state bucket. @default - the ambient credentials */
  stateRoleArn: z
    .string()
    .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, { error: 'must be an IAM role ARN' })
    .optional(),
  /** KMS key (ARN or alias) that encrypts state objects. @default - SSE-S3 (bucket default encryption) */
  stateKmsKeyId: z.string().min(1).optional(),
  /** Extra tags on every taggable resource, merged under the managed tags. @default {} */
  tags: tagMap.default({}),
});

export type DeploymentConfig = z.infer<typeof deploymentConfig>;
