// Per-environment settings: they sit on each `products[].accounts[]` entry, next to the account they
// apply to, because every environment of a product is exactly one account (one stack). A separate
// `environments` map would repeat the env names and could drift from the account list.
import { z } from 'zod';
import type { MonitorId } from '../../constructs/datadog/catalog';
import { type MonitorOverrideConfig, monitorsConfig } from './datadog';
import { type PagerdutyConfig, supportHoursConfig } from './pagerduty';
import type { ConfigProblem } from './problems';
import type { ProductAccountConfig, ProductConfig } from './product';

/** The environment that pages unless an account says otherwise. */
export const PAGING_ENV = 'prod';

const slackChannel = z
  .string({ error: 'must be a Slack channel name' })
  .regex(/^[a-z0-9][a-z0-9._-]{0,79}$/, { error: 'must be a Slack channel name without "#": a-z 0-9 . _ -' });

/** PagerDuty settings of one environment. */
export const environmentPagerdutyConfig = z.strictObject({
  /**
   * Support hours of this environment (high urgency inside, low outside); `null` = always high urgency.
   * Only for an environment that pages. @default - the product's `pagerduty.supportHours`
   */
  supportHours: supportHoursConfig.nullable().optional(),
  /**
   * For an environment that does not page: still create its PagerDuty service, with every incident low
   * urgency (notifies, never escalates), so that its alerts are tracked in PagerDuty. @default false
   */
  lowUrgencyService: z.boolean({ error: 'must be true or false' }).optional(),
});

/** Keys an account entry has besides `env`, `accountId` and `region`. */
export const environmentSettings = {
  /**
   * Whether alerts of this environment page the product's on-call (a high-urgency PagerDuty service).
   * @default true for `prod` (when the product pages), false for every other environment
   */
  pages: z.boolean({ error: 'must be true or false' }).optional(),
  /** Slack channel of this environment, without "#". @default - the product's `slackChannel` */
  slackChannel: slackChannel.optional(),
  pagerduty: environmentPagerdutyConfig.optional(),
  /**
   * Monitor changes for this environment only, applied over the product's `datadog.monitors`: an
   * override merges field by field with the product's override of the same id, `disabled` adds ids.
   */
  monitors: monitorsConfig.optional(),
};

type AccountEntry = Pick<ProductAccountConfig, 'env' | 'pages' | 'slackChannel' | 'pagerduty' | 'monitors'>;

/** PagerDuty settings as one account sees them: `lowUrgency` makes every incident low urgency. */
export type EnvironmentPagerdutyConfig = PagerdutyConfig & { readonly lowUrgency?: boolean };

/** The product config as one of its accounts sees it: the environment's settings applied. */
export type AccountProductConfig = Omit<ProductConfig, 'pagerduty'> & {
  readonly pagerduty: EnvironmentPagerdutyConfig;
};

/** Whether the account's alerts page: its `pages`, else only `prod` does (and only if the product pages). */
export function accountPages(product: Pick<ProductConfig, 'pagerduty'>, account: AccountEntry): boolean {
  return product.pagerduty.pages && (account.pages ?? account.env === PAGING_ENV);
}

/**
 * The product's settings with one account's environment settings applied: its Slack channel, whether it
 * pages (and at which urgency) and its monitor overrides. What the account stack builds from, and what
 * `review parity` compares as the stack's declared settings.
 */
export function productForAccount(product: ProductConfig, account: AccountEntry): AccountProductConfig {
  const pages = accountPages(product, account);
  const lowUrgency = !pages && product.pagerduty.pages && account.pagerduty?.lowUrgencyService === true;
  const hours = account.pagerduty?.supportHours;
  const env = account.monitors;
  const overrides: Record<string, MonitorOverrideConfig> = { ...product.datadog.monitors.overrides };
  for (const [id, override] of Object.entries(env?.overrides ?? {})) {
    overrides[id] = { ...overrides[id], ...override };
  }
  const disabled = [...new Set([...product.datadog.monitors.disabled, ...(env?.disabled ?? [])])];
  return {
    ...product,
    slackChannel: account.slackChannel ?? product.slackChannel,
    pagerduty: {
      ...product.pagerduty,
      pages: pages || lowUrgency,
      supportHours: lowUrgency
        ? undefined
        : hours === null
          ? undefined
          : (hours ?? product.pagerduty.supportHours),
      ...(lowUrgency ? { lowUrgency: true } : {}),
    },
    datadog: {
      ...product.datadog,
      monitors: { overrides: overrides as Record<MonitorId, MonitorOverrideConfig>, disabled },
    },
  };
}

/**
 * Whether this account registers its Slack channel in the product's Datadog account: environments share
 * that account, where a channel exists once, so the first account using a channel owns it.
 */
export function ownsSlackChannel(product: ProductConfig, account: AccountEntry): boolean {
  const channel = (a: AccountEntry) => a.slackChannel ?? product.slackChannel;
  return product.accounts.find((a) => channel(a) === channel(account))?.env === account.env;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Settings of an environment that contradict the product's or each other. They read the raw document
 * defensively, so that they are reported together with field errors.
 */
export function environmentProblems(raw: unknown): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (!isRecord(raw) || !Array.isArray(raw.products)) return problems;
  raw.products.forEach((product, p) => {
    if (!isRecord(product) || !Array.isArray(product.accounts)) return;
    const pd = isRecord(product.pagerduty) ? product.pagerduty : {};
    const productPages = pd.pages !== false;
    product.accounts.forEach((account, a) => {
      if (!isRecord(account)) return;
      const here = `products[${p}].accounts[${a}]`;
      const env = typeof account.env === 'string' ? account.env : undefined;
      if (account.pages === true && !productPages) {
        problems.push({
          path: `${here}.pages`,
          message: `cannot page: products[${p}].pagerduty.pages is false (the product pages nobody); remove one of the two`,
        });
      }
      const pages = productPages && (typeof account.pages === 'boolean' ? account.pages : env === PAGING_ENV);
      const envPd = isRecord(account.pagerduty) ? account.pagerduty : {};
      if (envPd.lowUrgencyService === true && pages) {
        problems.push({
          path: `${here}.pagerduty.lowUrgencyService`,
          message: `applies to an environment that does not page; ${env ?? 'this environment'} pages (set pages: false, or remove lowUrgencyService)`,
        });
      }
      if (envPd.lowUrgencyService === true && !productPages) {
        problems.push({
          path: `${here}.pagerduty.lowUrgencyService`,
          message: `needs the product's PagerDuty escalation: products[${p}].pagerduty.pages is false`,
        });
      }
      if (envPd.supportHours !== undefined && !pages) {
        problems.push({
          path: `${here}.pagerduty.supportHours`,
          message: `applies to an environment that pages; ${env ?? 'this environment'} does not (only ${PAGING_ENV} pages unless pages: true is set)`,
        });
      }
    });
  });
  return problems;
}

/** Env names of every product, in account order: `{ payments: ['prod', 'stg'] }`. */
export function productEnvironments(
  products: readonly Pick<ProductConfig, 'name' | 'accounts'>[],
): Record<string, string[]> {
  return Object.fromEntries(products.map((p) => [p.name, p.accounts.map((a) => a.env)]));
}
