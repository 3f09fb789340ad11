import { z } from 'zod';
import { isMonitorId, MONITOR_CATALOG } from '../../constructs/datadog/catalog';
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

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export const productConfig = z
  .strictObject({
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
  })
  // A monitor of a service the product does not list is never created, so an override or `disabled` entry
  // for it would be silently ignored. Runs even when fields failed (`when`), so it reads the value defensively.
  .superRefine(
    (value, ctx) => {
      const product = value as unknown as Record<string, unknown>;
      if (!Array.isArray(product.services) && product.services !== undefined) return;
      const services = (product.services ?? []) as unknown[];
      const datadog = isRecord(product.datadog) ? product.datadog : {};
      const monitors = isRecord(datadog.monitors) ? datadog.monitors : {};
      const refuse = (path: PropertyKey[], id: string) => {
        const service = MONITOR_CATALOG[id as keyof typeof MONITOR_CATALOG].service;
        ctx.addIssue({
          code: 'custom',
          path: ['datadog', 'monitors', ...path],
          input: id,
          message:
            `is a monitor of ${service}, which this product does not list in services ` +
            `(${services.length ? services.join(', ') : 'none'}): add ${service} to services or remove the entry`,
        });
      };
      const unlisted = (id: unknown): id is string =>
        typeof id === 'string' && isMonitorId(id) && !services.includes(MONITOR_CATALOG[id].service);
      for (const id of Object.keys(isRecord(monitors.overrides) ? monitors.overrides : {})) {
        if (unlisted(id)) refuse(['overrides', id], id);
      }
      (Array.isArray(monitors.disabled) ? monitors.disabled : []).forEach((id: unknown, i) => {
        if (unlisted(id)) refuse(['disabled', i], id);
      });
    },
    { when: () => true },
  );

export type ProductAccountConfig = z.infer<typeof productAccountConfig>;
export type ProductConfig = z.infer<typeof productConfig>;
