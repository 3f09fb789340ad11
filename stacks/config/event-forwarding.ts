import { z } from 'zod';
import {
  DELIVERY_SETTINGS,
  type EventForwardingProps,
} from '../../constructs/event-forwarding/event-forwarding';
import { FINDING_SEVERITIES, forwardingRules } from '../../constructs/event-forwarding/patterns';

const severity = z.enum(FINDING_SEVERITIES, { error: `must be one of ${FINDING_SEVERITIES.join(', ')}` });

const integerIn = (limit: { readonly min: number; readonly max: number }, unit: string) =>
  z
    .number({ error: `must be a whole number of ${unit} from ${limit.min} to ${limit.max}` })
    .int({ error: `must be a whole number of ${unit} from ${limit.min} to ${limit.max}` })
    .min(limit.min, { error: `must be from ${limit.min} to ${limit.max} ${unit}` })
    .max(limit.max, { error: `must be from ${limit.min} to ${limit.max} ${unit}` });

/** A delivery setting: range, unit and default come from the construct's `DELIVERY_SETTINGS`. */
const delivery = (key: keyof typeof DELIVERY_SETTINGS) => {
  const { min, max, unit } = DELIVERY_SETTINGS[key];
  return integerIn({ min, max }, unit).default(DELIVERY_SETTINGS[key].default);
};

/** Per-product EventBridge forwarding settings. */
export const eventForwardingConfig = z.strictObject({
  /** Forward events at all. @default true */
  enabled: z.boolean({ error: 'must be true or false' }).default(true),
  /** Lowest GuardDuty severity forwarded (GuardDuty: 1.0–3.9 low, 4.0–6.9 medium, 7.0–8.9 high). @default 4 */
  guardDutyMinSeverity: z
    .number({ error: 'must be a number from 1 to 10 (GuardDuty severity)' })
    .min(1, { error: 'must be from 1 to 10 (GuardDuty severity)' })
    .max(10, { error: 'must be from 1 to 10 (GuardDuty severity)' })
    .default(4),
  /** Lowest Inspector severity forwarded. @default MEDIUM */
  inspectorMinSeverity: severity.default('MEDIUM'),
  /** Lowest Security Hub severity forwarded (ASFF label; OCSF severity_id of the same name). @default MEDIUM */
  securityHubMinSeverity: severity.default('MEDIUM'),
  /** `source` the toil-automation Lambdas put their events under. @default observability.toil */
  toilSource: z
    .string({ error: 'must be an event source such as acme.toil' })
    .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]{0,255}$/, {
      error: 'must be an event source of A-Z a-z 0-9 . _ / - (at most 256 characters), such as acme.toil',
    })
    .refine((s) => !s.startsWith('aws.'), { error: 'must not start with "aws." (reserved for AWS services)' })
    .default('observability.toil'),
  /** Forward AWS Health issues and scheduled changes. @default false */
  healthEvents: z.boolean({ error: 'must be true or false' }).default(false),
  /** Most collector invocations per second from this account. @default 20 */
  rateLimitPerSecond: delivery('rateLimitPerSecond'),
  /** How long EventBridge retries an event before dead-lettering it. @default 86400 */
  maxEventAgeSeconds: delivery('maxEventAgeSeconds'),
  /** Retries of a failed delivery before dead-lettering it. @default 185 */
  maxRetryAttempts: delivery('maxRetryAttempts'),
  /** How long dead-lettered events are kept (SQS allows 1 minute to 14 days). @default 1209600 */
  deadLetterRetentionSeconds: delivery('deadLetterRetentionSeconds'),
});

export type EventForwardingConfig = z.infer<typeof eventForwardingConfig>;

/** What the stack knows that the forwarding config does not. */
export interface EventForwardingContext {
  /** Stack name `<product>-<env>`: resource names, unique per AWS account and per Datadog account. */
  readonly stackName: string;
  /** Whether the product runs ECS (services include `ecs`): only then are the ECS rules created. */
  readonly ecs: boolean;
  /** The collector's `/events` URL. */
  readonly endpointUrl: string;
  /** The product's collector API key (token). */
  readonly apiKey: string;
}

/** Maps the config section to EventForwarding props; undefined when forwarding is disabled. */
export function eventForwardingProps(
  config: EventForwardingConfig,
  context: EventForwardingContext,
): EventForwardingProps | undefined {
  if (!config.enabled) return undefined;
  return {
    endpointUrl: context.endpointUrl,
    apiKey: context.apiKey,
    namePrefix: `obs-${context.stackName}`,
    rules: forwardingRules({
      guardDutyMinSeverity: config.guardDutyMinSeverity,
      inspectorMinSeverity: config.inspectorMinSeverity,
      securityHubMinSeverity: config.securityHubMinSeverity,
      ecsEvents: context.ecs,
      toilSource: config.toilSource,
      healthEvents: config.healthEvents,
    }),
    rateLimitPerSecond: config.rateLimitPerSecond,
    maxEventAgeSeconds: config.maxEventAgeSeconds,
    maxRetryAttempts: config.maxRetryAttempts,
    deadLetterRetentionSeconds: config.deadLetterRetentionSeconds,
  };
}
