import { z } from 'zod';

export const DATADOG_SITES = [
  'datadoghq.com',
  'us3.datadoghq.com',
  'us5.datadoghq.com',
  'datadoghq.eu',
  'ap1.datadoghq.com',
  'ap2.datadoghq.com',
  'ddog-gov.com',
] as const;

/** Per-product Datadog settings: which Datadog account (site) the product's monitors live in. */
export const datadogConfig = z.strictObject({
  /** Datadog site of the product's Datadog account. @default datadoghq.com */
  site: z
    .enum(DATADOG_SITES, { error: `must be one of ${DATADOG_SITES.join(', ')}` })
    .default('datadoghq.com'),
});

export type DatadogConfig = z.infer<typeof datadogConfig>;
