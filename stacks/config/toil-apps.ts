import { z } from 'zod';
import {
  SAR_APPLICATION_ARN,
  SAR_CAPABILITIES,
  SEMANTIC_VERSION,
  TOIL_APP_NAME,
  type ToilAppProps,
} from '../../constructs/toil-apps/toil-app';

/** A Serverless Application Repository application deployed in every account of a product. */
export const toilAppConfig = z.strictObject({
  /** Deployment name (the CloudFormation stack is `serverlessrepo-<name>`); unique within a product. */
  name: z.string({ error: 'must be a string' }).regex(TOIL_APP_NAME, {
    error: 'must start with a letter and use only A-Z a-z 0-9 - (at most 113 characters)',
  }),
  /** ARN of the application in the Serverless Application Repository. */
  applicationId: z.string({ error: 'must be a string' }).regex(SAR_APPLICATION_ARN, {
    error:
      'must be a Serverless Application Repository ARN: arn:aws:serverlessrepo:<region>:<account>:applications/<name>',
  }),
  /** Version deployed in every account (semantic version, e.g. 1.4.2). */
  semanticVersion: z
    .string({ error: 'must be a semantic version such as 1.4.2 (quote it in YAML)' })
    .regex(SEMANTIC_VERSION, { error: 'must be a semantic version such as 1.4.2' }),
  /** Template parameters; numbers and booleans are passed as their text. @default {} */
  parameters: z
    .record(
      z.string(),
      z.custom<string | number | boolean>((v) => ['string', 'number', 'boolean'].includes(typeof v), {
        error: 'parameter values must be strings, numbers or booleans',
      }),
    )
    .superRefine((params, ctx) => {
      for (const key of Object.keys(params)) {
        if (!/^[A-Za-z0-9]{1,255}$/.test(key)) {
          ctx.addIssue({
            code: 'custom',
            path: [key],
            input: key,
            message: 'parameter names are 1-255 letters and digits (CloudFormation parameter names)',
          });
        }
      }
    })
    .transform((params) => Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])))
    .default({}),
  /** Capabilities the template needs. @default [] */
  capabilities: z
    .array(z.enum(SAR_CAPABILITIES, { error: `must be one of ${SAR_CAPABILITIES.join(', ')}` }))
    .default([]),
});

export type ToilAppConfig = z.infer<typeof toilAppConfig>;

/** Every toil app of a product, with unique names. */
export const toilAppsConfig = z.array(toilAppConfig).superRefine((apps, ctx) => {
  const first = new Map<string, number>();
  apps.forEach((app, i) => {
    const earlier = first.get(app.name);
    if (earlier === undefined) first.set(app.name, i);
    else {
      ctx.addIssue({
        code: 'custom',
        path: [i, 'name'],
        input: app.name,
        message: `duplicate toil app name (already used by toilApps[${earlier}]); names must be unique within a product`,
      });
    }
  });
});

/** Maps a toil app entry to ToilApp props. */
export function toilAppProps(config: ToilAppConfig): ToilAppProps {
  return {
    name: config.name,
    applicationId: config.applicationId,
    semanticVersion: config.semanticVersion,
    parameters: config.parameters,
    capabilities: config.capabilities,
  };
}
