import { z } from 'zod';
import type { DevOpsGuruProps } from '../../constructs/aws-signals/dev-ops-guru';
import { DEVOPS_GURU_TAG_PREFIX } from '../../constructs/aws-signals/dev-ops-guru';
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

const onOff = z.boolean({ error: 'must be true or false' });

/** Denied API calls and root sign-ins (CloudTrail), and the trail they need in an account without one. */
const unauthorizedApiCallsConfig = z.strictObject({
  /** Forward denied API calls and root console sign-ins. @default false */
  enabled: onOff.default(false),
  /** Create a multi-region management-events trail (only for an account that has none). @default false */
  createTrail: onOff.default(false),
  /** Days the created trail's log files are kept. @default 365 */
  trailRetentionDays: integerIn({ min: 1, max: 3650 }, 'days').default(365),
});

/** Amazon DevOps Guru in the account: coverage, log anomaly detection, insight forwarding. */
const devOpsGuruConfig = z
  .strictObject({
    /** Enable DevOps Guru and forward its insights. @default false */
    enabled: onOff.default(false),
    /** `stacks`: the account's CloudFormation stacks; `tags`: resources with the tag `tagKey`. @default stacks */
    coverage: z.enum(['stacks', 'tags'], { error: 'must be stacks or tags' }).default('stacks'),
    /** With coverage stacks: the stack names, `*` for all. @default ["*"] */
    stackNames: z
      .array(z.string().regex(/^(\*|[A-Za-z][A-Za-z0-9-]{0,127})$/, { error: 'must be a stack name or *' }))
      .min(1, { error: 'must list at least one stack name (or *)' })
      .default(['*']),
    /** With coverage tags: the tag key, which AWS requires to start with DevOps-Guru-. */
    tagKey: z
      .string({ error: 'must be a tag key starting with DevOps-Guru-' })
      .regex(DEVOPS_GURU_TAG_PREFIX, { error: 'must start with DevOps-Guru- (any case), as AWS requires' })
      .optional(),
    /** With coverage tags: the tag values analysed, `*` for all. @default ["*"] */
    tagValues: z
      .array(z.string().min(1))
      .min(1, { error: 'must list at least one value (or *)' })
      .default(['*']),
    /** DevOps Guru's log anomaly detection on the covered log groups. @default true */
    logAnomalyDetection: onOff.default(true),
  })
  .superRefine((c, ctx) => {
    if (c.enabled && c.coverage === 'tags' && c.tagKey === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['tagKey'],
        input: c.tagKey,
        message: 'is required when coverage is tags',
      });
    }
  });

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
  /** Denied API calls and root console sign-ins (CloudTrail), and optionally the trail they need. */
  unauthorizedApiCalls: unauthorizedApiCallsConfig.prefault({}),
  /** Amazon DevOps Guru: off by default. */
  devOpsGuru: devOpsGuruConfig.prefault({}),
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
      unauthorizedApiCalls: config.unauthorizedApiCalls.enabled,
      devOpsGuruInsights: config.devOpsGuru.enabled,
    }),
    rateLimitPerSecond: config.rateLimitPerSecond,
    maxEventAgeSeconds: config.maxEventAgeSeconds,
    maxRetryAttempts: config.maxRetryAttempts,
    deadLetterRetentionSeconds: config.deadLetterRetentionSeconds,
  };
}

/** DevOps Guru props from the config; undefined when it is off. */
export function devOpsGuruProps(config: EventForwardingConfig): DevOpsGuruProps | undefined {
  const guru = config.devOpsGuru;
  if (!config.enabled || !guru.enabled) return undefined;
  return {
    coverage:
      guru.coverage === 'tags'
        ? { by: 'tags', tagKey: guru.tagKey as string, tagValues: guru.tagValues }
        : { by: 'stacks', stackNames: guru.stackNames },
    logAnomalyDetection: guru.logAnomalyDetection,
  };
}
