import type { ITerraformDependable } from 'cdktf';
import { z } from 'zod';
import { DATADOG_AWS_PRINCIPAL_ACCOUNT } from '../../constructs/datadog/aws-principal';
import { FAST_BURN_RATE, maxBurnRate } from '../../constructs/datadog/burn-rate';
import {
  isMonitorId,
  MONITOR_CATALOG,
  MONITOR_IDS,
  MONITORED_SERVICES,
  type MonitoredService,
  type MonitorId,
  overrideProblems,
} from '../../constructs/datadog/catalog';
import type { ProductDatadogProps } from '../../constructs/datadog/product-datadog';
import { closestKey } from './problems';

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export const DATADOG_SITES = [
  'datadoghq.com',
  'us3.datadoghq.com',
  'us5.datadoghq.com',
  'datadoghq.eu',
  'ap1.datadoghq.com',
  'ap2.datadoghq.com',
  'ddog-gov.com',
] as const;

const threshold = z.number({
  error: "must be a number in the monitor's unit (see the catalog in docs/monitors.md), e.g. 90 or 0.5",
});

/** Per-product changes to one catalog monitor (keys of `monitors.overrides`). */
export const monitorOverrideConfig = z.strictObject({
  /** ALERT threshold. @default - the catalog's */
  critical: threshold.optional(),
  /** WARN threshold; must lie on the good side of critical. @default - the catalog's */
  warning: threshold.optional(),
  /** Evaluation window. @default - the catalog's */
  windowMinutes: z
    .int({ error: 'must be a whole number of minutes from 1 to 1440' })
    .min(1, { error: 'must be a whole number of minutes from 1 to 1440' })
    .max(1440, { error: 'must be a whole number of minutes from 1 to 1440' })
    .optional(),
  /** Seconds Datadog waits for late data. @default 900 for CloudWatch metrics, none for agent metrics */
  evaluationDelaySeconds: z
    .int({ error: 'must be a whole number of seconds from 0 to 86400' })
    .min(0, { error: 'must be a whole number of seconds from 0 to 86400' })
    .max(86400, { error: 'must be a whole number of seconds from 0 to 86400' })
    .optional(),
  /** Datadog priority. @default - the catalog's */
  priority: z.literal([1, 2, 3, 4, 5], { error: 'must be 1 (highest) to 5 (lowest)' }).optional(),
  /** Whether alerts page the product's PagerDuty service. @default - the catalog's */
  pages: z.boolean({ error: 'must be true or false' }).optional(),
});

export type MonitorOverrideConfig = z.infer<typeof monitorOverrideConfig>;

/** What to say about an id that is not in the catalog: the closest id, or the ids of its service. */
function unknownMonitorIdMessage(id: string): string {
  // A typo, or an id cut short (`alb.target_5xx` for `alb.target_5xx_rate`).
  const startingWith = MONITOR_IDS.filter((m) => m.startsWith(id));
  const hint = closestKey(id, MONITOR_IDS) ?? (startingWith.length === 1 ? startingWith[0] : undefined);
  const service = id.split('.')[0];
  const sameService = MONITOR_IDS.filter((m) => MONITOR_CATALOG[m].service === service);
  const allowed = sameService.length
    ? `monitor ids of ${service}: ${sameService.join(', ')}`
    : `monitor ids start with a service (${MONITORED_SERVICES.join(', ')}); the full list is in docs/monitors.md`;
  return `unknown monitor id${hint ? ` (did you mean "${hint}"?)` : ''}; ${allowed}`;
}

export const monitorsConfig = z
  .strictObject({
    /** Changes to catalog monitors, keyed by monitor id. */
    overrides: z.record(z.string(), monitorOverrideConfig).default({}),
    /** Catalog monitor ids not to create. */
    disabled: z.array(z.string({ error: 'must be a monitor id such as alb.target_5xx_rate' })).default([]),
  })
  // Runs even when fields failed (`when`), so that an unknown id is reported together with type errors;
  // it therefore reads the value defensively.
  .superRefine(
    (value, ctx) => {
      const monitors = value as unknown as { overrides?: unknown; disabled?: unknown };
      const overrides = isRecord(monitors.overrides) ? monitors.overrides : {};
      for (const [id, override] of Object.entries(overrides)) {
        if (!isMonitorId(id)) {
          ctx.addIssue({
            code: 'custom',
            path: ['overrides', id],
            message: unknownMonitorIdMessage(id),
            input: id,
          });
          continue;
        }
        if (!isRecord(override)) continue;
        const numeric = (v: unknown) => (typeof v === 'number' ? v : undefined);
        const checked = { critical: numeric(override.critical), warning: numeric(override.warning) };
        for (const problem of overrideProblems(MONITOR_CATALOG[id], checked)) {
          ctx.addIssue({
            code: 'custom',
            path: ['overrides', id, problem.field],
            message: problem.message,
            input: problem.value,
          });
        }
      }
      (Array.isArray(monitors.disabled) ? monitors.disabled : []).forEach((id: unknown, i) => {
        if (typeof id === 'string' && !isMonitorId(id)) {
          ctx.addIssue({
            code: 'custom',
            path: ['disabled', i],
            message: unknownMonitorIdMessage(id),
            input: id,
          });
        }
      });
    },
    { when: () => true },
  )
  // Only runs when the ids passed the check above: keeps them, typed as catalog ids.
  .transform(({ overrides, disabled }) => {
    const known: Partial<Record<MonitorId, MonitorOverrideConfig>> = {};
    for (const [id, override] of Object.entries(overrides)) if (isMonitorId(id)) known[id] = override;
    return { overrides: known, disabled: disabled.filter(isMonitorId) };
  });

const percent = (what: string) =>
  z
    .number({ error: `must be a percentage between 0 and 100 (${what})` })
    .gt(0, { error: `must be a percentage between 0 and 100 (${what})` })
    .lt(100, { error: `must be a percentage between 0 and 100 (${what})` });

/** SLOs of products behind Application Load Balancers. */
export const slosConfig = z
  .strictObject({
    /** Share of requests without a 5xx. @default 99.9 */
    availabilityTargetPercent: percent('e.g. 99.9').default(99.9),
    /** Share of 5-minute slices under the latency threshold. @default 99 */
    latencyTargetPercent: percent('e.g. 99').default(99),
    /** p95 target response time a slice must stay under. @default 0.5 */
    latencyThresholdSeconds: z
      .number({ error: 'must be a positive number of seconds, e.g. 0.5' })
      .positive({ error: 'must be a positive number of seconds, e.g. 0.5' })
      .default(0.5),
    /** SLO window. @default 30d */
    timeframe: z.enum(['7d', '30d', '90d'], { error: 'must be one of 7d, 30d, 90d' }).default('30d'),
  })
  .superRefine((slos, ctx) => {
    const burnRate = FAST_BURN_RATE[slos.timeframe];
    for (const key of ['availabilityTargetPercent', 'latencyTargetPercent'] as const) {
      if (burnRate > maxBurnRate(slos[key])) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          input: slos[key],
          message:
            `is too low for the ${slos.timeframe} fast-burn alert (burn rate ${burnRate}): ` +
            `the target must be at least ${(100 * (1 - 1 / burnRate)).toFixed(2)}`,
        });
      }
    }
  });

export type SlosSettings = z.input<typeof slosConfig>;

/** Per-product Datadog settings: the product's Datadog account, Slack workspace, monitor tuning and SLOs. */
export const datadogConfig = z.strictObject({
  /** Datadog site of the product's Datadog account. @default datadoghq.com */
  site: z
    .enum(DATADOG_SITES, { error: `must be one of ${DATADOG_SITES.join(', ')}` })
    .refine((site) => Object.hasOwn(DATADOG_AWS_PRINCIPAL_ACCOUNT, site), {
      error:
        'has no AWS role delegation (US1-FED supports access keys only), which the AWS integration of every ' +
        `product account needs; sites with role delegation: ${Object.keys(DATADOG_AWS_PRINCIPAL_ACCOUNT).join(', ')}`,
    })
    .default('datadoghq.com'),
  /**
   * Slack workspace name as configured in the Datadog account's Slack integration. Monitors then mention
   * `@slack-<slackAccount>-<slackChannel>` and the channel is registered in Datadog.
   * @default - monitors mention `@slack-<slackChannel>` and the channel is registered by hand
   */
  slackAccount: z
    .string({ error: "must be the Slack workspace name shown in Datadog's Slack integration" })
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$/, {
      error: "must be a Slack workspace name of A-Z a-z 0-9 _ . - (as in Datadog's Slack integration)",
    })
    .optional(),
  monitors: monitorsConfig.prefault({}),
  slos: slosConfig.prefault({}),
});

export type DatadogConfig = z.infer<typeof datadogConfig>;

/** What the platform app knows about the account a product stack deploys into. */
export interface ProductDatadogContext {
  readonly product: string;
  readonly env: string;
  readonly awsAccountId: string;
  readonly slackChannel: string;
  readonly services: readonly MonitoredService[];
  /**
   * Whether this stack registers the Slack channel. Envs of a product share one Datadog account, where a
   * channel can exist once: the product's first account owns it.
   */
  readonly ownsSlackChannel: boolean;
  /** PagerDuty service registered in Datadog, when the product pages. */
  readonly pagerdutyService?: string;
  /** Resources the messages mention that other constructs create (the PagerDuty service object). */
  readonly notificationTargets?: readonly ITerraformDependable[];
  readonly collectorUrl: string;
  readonly collectorApiKey: string;
  readonly tags: readonly string[];
  /** The SRE team's PagerDuty service that the platform's own monitors page. */
  readonly platformPagerduty?: ProductDatadogProps['platformPagerduty'];
}

/** Maps a product's `datadog` config section to the props of its `ProductDatadog`. */
export function productDatadogProps(config: DatadogConfig, ctx: ProductDatadogContext): ProductDatadogProps {
  return {
    product: ctx.product,
    env: ctx.env,
    awsAccountId: ctx.awsAccountId,
    site: config.site,
    services: ctx.services,
    slackChannel: ctx.slackChannel,
    slackAccount: config.slackAccount,
    createSlackChannel: ctx.ownsSlackChannel,
    pagerdutyService: ctx.pagerdutyService,
    notificationTargets: ctx.notificationTargets,
    collectorUrl: ctx.collectorUrl,
    collectorApiKey: ctx.collectorApiKey,
    monitorOverrides: config.monitors.overrides,
    disabledMonitors: config.monitors.disabled,
    slos: config.slos,
    tags: ctx.tags,
    platformPagerduty: ctx.platformPagerduty,
  };
}
