import { z } from 'zod';
import { datadogConfig } from './datadog';
import { environmentSettings } from './environment';
import { eventForwardingConfig } from './event-forwarding';
import { pagerdutyConfig } from './pagerduty';
import { accountId, region, resourceName } from './primitives';
import { awsService } from './services';
import { toilAppsConfig } from './toil-apps';

/**
 * One AWS account of a product: the stack `<product>-<env>` deploys into it. Besides its identity it
 * carries the settings of its environment (stacks/config/environment.ts): whether it pages, its Slack
 * channel, PagerDuty urgency and monitor overrides.
 */
export const productAccountConfig = z.strictObject({
  env: z.string({ error: 'must be a string such as prod or stg' }).regex(/^[a-z][a-z0-9]{0,9}$/, {
    error: 'must be 1-10 of a-z 0-9, starting with a letter (e.g. prod, stg)',
  }),
  accountId,
  region,
  ...environmentSettings,
});

export const productConfig = z.strictObject({
  /** Product name: used in stack names, resource names and tags. */
  name: resourceName('product name', 24),
  /** Team that owns the product (tags, Datadog teams). */
  team: z.string({ error: 'must be a string' }).min(1, { error: 'must not be empty' }),
  /** Slack channel that receives warnings (and alerts), without "#". */
  slackChannel: z.string({ error: 'must be a Slack channel name' }).regex(/^[a-z0-9][a-z0-9._-]{0,79}$/, {
    error: 'must be a Slack channel name without "#": a-z 0-9 . _ -',
  }),
  /** AWS services the product uses: only their monitors and event rules are created. */
  services: z.array(awsService).default([]),
  accounts: z.array(productAccountConfig).min(1, { error: 'must list at least one account' }),
  datadog: datadogConfig.prefault({}),
  pagerduty: pagerdutyConfig.prefault({}),
  eventForwarding: eventForwardingConfig.prefault({}),
  toilApps: toilAppsConfig.default([]),
});

export type ProductAccountConfig = z.infer<typeof productAccountConfig>;
export type ProductConfig = z.infer<typeof productConfig>;
