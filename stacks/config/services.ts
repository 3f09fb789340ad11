import { z } from 'zod';
import { MONITORED_SERVICES } from '../../constructs/datadog/catalog/monitor-spec';

/**
 * AWS services a product can declare it uses: the services the monitor catalog covers. The catalog, the
 * Datadog integration's namespace filters and the parity report all key on these ids.
 */
export const AWS_SERVICES = MONITORED_SERVICES;

export type AwsService = (typeof AWS_SERVICES)[number];

export const awsService = z.enum(AWS_SERVICES, {
  error: `must be one of ${AWS_SERVICES.join(', ')}`,
});
