import { z } from 'zod';
import { DOCDB_INSTANCE_CLASSES } from '../../constructs/collector/docdb-connection-limits';
import {
  ANOMALY_WINDOW_MINUTES,
  type AnomalyWindowMinutes,
} from '../../constructs/collector/log-anomaly-detector';
import { CLOUDWATCH_LOG_RETENTION_DAYS } from '../../constructs/core/log-retention';
import { DEFAULT_DETECTOR_SETTINGS } from '../../lambda-src/anomaly/detect';
import { dashboardConfig } from './dashboard';
import { PAGERDUTY_ID } from './pagerduty';
import { accountId, region, resourceName } from './primitives';
import { type ConfigProblem, closestKey } from './problems';

/** DocumentDB engine versions the cluster parameter group families exist for. */
export const DOCDB_ENGINE_VERSIONS = ['4.0.0', '5.0.0', '8.0.0'] as const;

/** Lambda Node.js runtimes the collector and authorizer may run on (arm64). */
export const LAMBDA_NODE_RUNTIMES = ['nodejs22.x', 'nodejs24.x'] as const;

const cidrBlock = z
  .string({ error: 'must be an IPv4 CIDR block such as 10.40.0.0/16' })
  .regex(/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(1[6-9]|2[0-4])$/, {
    error: 'must be an IPv4 CIDR block with a prefix between /16 and /24, such as 10.40.0.0/16',
  })
  .refine(
    (s) =>
      s
        .split('/')[0]
        .split('.')
        .every((octet) => Number(octet) <= 255),
    {
      error: 'must be an IPv4 CIDR block (each octet 0-255)',
    },
  );

const int = (what: string, min: number, max: number) =>
  z
    .number({ error: `must be a whole number (${what})` })
    .int({ error: `must be a whole number (${what})` })
    .min(min, { error: `must be at least ${min} (${what})` })
    .max(max, { error: `must be at most ${max} (${what})` });

/**
 * The collector's network: a new VPC (private subnets only, no internet route) or an existing VPC and
 * private subnets. Giving `existingVpcId` switches to the existing one.
 */
export const networkConfig = z
  .strictObject({
    /** CIDR of the VPC created for the collector. @default 10.40.0.0/16 */
    vpcCidr: cidrBlock.default('10.40.0.0/16'),
    /** Availability zones (one private subnet each) of the created VPC. @default 2 */
    availabilityZones: int('availability zones', 2, 4).default(2),
    /**
     * Zone ids (e.g. apne1-az1) of the created VPC's subnets, which pins them; overrides availabilityZones.
     * @default - the first availabilityZones zones of the region, by name
     */
    zoneIds: z
      .array(
        z
          .string({ error: 'must be an availability zone id such as apne1-az1' })
          .regex(/^[a-z]{2,5}\d-az\d{1,2}$/, { error: 'must be an availability zone id such as apne1-az1' }),
      )
      .min(2, { error: 'must list 2-4 zone ids' })
      .max(4, { error: 'must list 2-4 zone ids' })
      .refine((ids) => new Set(ids).size === ids.length, { error: 'must not repeat a zone id' })
      .optional(),
    /** Existing VPC to use instead of creating one. */
    existingVpcId: z
      .string({ error: 'must be a VPC id such as vpc-0123456789abcdef0' })
      .regex(/^vpc-[0-9a-f]{8,17}$/, { error: 'must be a VPC id such as vpc-0123456789abcdef0' })
      .optional(),
    /** Private subnets of the existing VPC, in at least two availability zones. */
    existingSubnetIds: z
      .array(
        z
          .string({ error: 'must be a subnet id such as subnet-0123456789abcdef0' })
          .regex(/^subnet-[0-9a-f]{8,17}$/, {
            error: 'must be a subnet id such as subnet-0123456789abcdef0',
          }),
      )
      .optional(),
  })
  .superRefine((n, ctx) => {
    if (n.existingVpcId && (!n.existingSubnetIds || n.existingSubnetIds.length < 2)) {
      ctx.addIssue({
        code: 'custom',
        path: ['existingSubnetIds'],
        message: 'must list at least two private subnets (in different availability zones) of existingVpcId',
        input: n.existingSubnetIds,
      });
    }
    if (n.existingVpcId && n.zoneIds) {
      ctx.addIssue({
        code: 'custom',
        path: ['zoneIds'],
        message:
          'applies to the VPC created for the collector, not to existingVpcId (its subnets name their zones)',
        input: n.zoneIds,
      });
    }
    if (!n.existingVpcId && n.existingSubnetIds) {
      ctx.addIssue({
        code: 'custom',
        path: ['existingVpcId'],
        message: 'must name the VPC of existingSubnetIds',
        input: n.existingVpcId,
      });
    }
  });

export const documentDbConfig = z.strictObject({
  /** Instance class of every cluster instance. @default db.t4g.medium */
  instanceClass: z
    .enum(DOCDB_INSTANCE_CLASSES, {
      error: `must be a DocumentDB instance class (one of ${DOCDB_INSTANCE_CLASSES.join(', ')})`,
    })
    .default('db.t4g.medium'),
  /** Instances in the cluster: 1 primary plus replicas in other zones. @default 2 */
  instanceCount: int('instances', 1, 16).default(2),
  /** Days automated backups are kept. @default 7 */
  backupRetentionDays: int('days; DocumentDB keeps 1-35, this platform requires at least 7', 7, 35).default(
    7,
  ),
  /** Engine version. @default 5.0.0 */
  engineVersion: z
    .enum(DOCDB_ENGINE_VERSIONS, {
      error: `must be a DocumentDB engine version (one of ${DOCDB_ENGINE_VERSIONS.join(', ')})`,
    })
    .default('5.0.0'),
  /** Refuse to delete the cluster. @default true */
  deletionProtection: z.boolean({ error: 'must be true or false' }).default(true),
  /** Raise by one to generate a new master password (written to the cluster and its secret). @default 1 */
  masterPasswordVersion: int('version', 1, 1_000_000).default(1),
  /** Raise by one to generate new passwords for the functions' database users (set by the bootstrap). @default 1 */
  userPasswordVersion: int('version', 1, 1_000_000).default(1),
});

export const lambdaConfig = z.strictObject({
  /** Node.js runtime of both functions. @default nodejs22.x */
  runtime: z
    .enum(LAMBDA_NODE_RUNTIMES, { error: `must be one of ${LAMBDA_NODE_RUNTIMES.join(', ')}` })
    .default('nodejs22.x'),
  /** Memory of the collector, in MB. @default 512 */
  memoryMb: int('MB', 128, 10240).default(512),
  /** Timeout of the collector, in seconds (API Gateway waits at most 29). @default 15 */
  timeoutSeconds: int('seconds; API Gateway gives up after 29', 1, 28).default(15),
  /** Retention of the functions' and the API's log groups, in days. @default 30 */
  logRetentionDays: z
    .number({ error: 'must be a number of days' })
    .refine((d) => (CLOUDWATCH_LOG_RETENTION_DAYS as readonly number[]).includes(d), {
      error: `must be a CloudWatch Logs retention (one of ${CLOUDWATCH_LOG_RETENTION_DAYS.join(', ')})`,
    })
    .default(30),
});

const throttleConfig = z.strictObject({
  /** Steady-state requests per second. */
  rateLimit: z
    .number({ error: 'must be a number of requests per second' })
    .positive({ error: 'must be > 0' }),
  /** Requests allowed in a burst. */
  burstLimit: int('requests', 1, 100000),
});

const QUOTA_PERIODS = ['DAY', 'WEEK', 'MONTH'] as const;
const quotaConfig = z.strictObject({
  /** Requests allowed per period. */
  limit: int('requests', 1, 2_000_000_000),
  period: z.enum(QUOTA_PERIODS, { error: `must be one of ${QUOTA_PERIODS.join(', ')}` }),
});

const usageLimits = z.strictObject({
  throttle: throttleConfig.optional(),
  quota: quotaConfig.optional(),
});

export const apiConfig = z.strictObject({
  /** Stage-wide throttle (every method). @default { rateLimit: 100, burstLimit: 200 } */
  throttle: throttleConfig.default({ rateLimit: 100, burstLimit: 200 }),
  /** Per-product usage plan defaults. */
  usagePlan: z
    .strictObject({
      throttle: throttleConfig.default({ rateLimit: 20, burstLimit: 40 }),
      quota: quotaConfig.default({ limit: 5_000_000, period: 'MONTH' }),
    })
    .prefault({}),
  /** Per-product overrides of the usage plan, keyed by product name. @default {} */
  products: z.record(resourceName('product name', 24), usageLimits).default({}),
  /** Largest request body the collector accepts, in bytes (API Gateway's own hard limit is 10 MB). @default 1048576 */
  maxBodyBytes: int('bytes; API Gateway REST caps payloads at 10 MB', 1024, 10 * 1024 * 1024).default(
    1048576,
  ),
});

/** When quarantined deliveries raise the central alarm (docs/central.md, "Alarms"). */
const quarantineAlarmConfig = z.strictObject({
  /** Quarantined deliveries, over all products and sources, in one period. @default 1 */
  threshold: int('deliveries', 1, 1_000_000).default(1),
  /** Counting period in minutes (CloudWatch: at most one day). @default 5 */
  periodMinutes: int('minutes', 1, 1440).default(5),
});

/** The SRE team's PagerDuty service: what pages when the platform itself is down. */
export const platformPagerdutyConfig = z.strictObject({
  /** Id of the SRE team's existing PagerDuty service (its escalation policy decides who is woken). */
  serviceId: z.string({ error: 'must be a PagerDuty service id such as PSRE123' }).regex(PAGERDUTY_ID, {
    error: 'must be a PagerDuty service id: "P" followed by 6 upper-case letters or digits (e.g. PABC123)',
  }),
  /**
   * Prefix of the service's name in each product's Datadog account: `<prefix>-<product>-<env>` (envs and
   * products may share a Datadog account, where names are unique). @default observability-platform
   */
  datadogServiceName: resourceName('Datadog service name prefix', 60).default('observability-platform'),
});

/** The dead-letter queue monitor of each product account (events EventBridge could not deliver). */
export const deadLetterQueueConfig = z.strictObject({
  /** Alert when more messages than this wait in the queue. @default 0 */
  thresholdMessages: int('messages', 0, 1_000_000).default(0),
  /** Slack and the collector hear of any dead letter within this window, in minutes. @default 15 */
  notifyWindowMinutes: int('minutes', 5, 1440).default(15),
  /**
   * The SRE PagerDuty service is paged when the queue stays above the threshold this long, in minutes
   * (only with `alarms.pagerduty`). @default 60
   */
  pageAfterMinutes: int('minutes', 5, 1440).default(60),
});

export const alarmsConfig = z
  .strictObject({
    /** The alarm on quarantined deliveries (no normalizer recognized them). */
    quarantine: quarantineAlarmConfig.prefault({}),
    /** Addresses subscribed to the alarm topic (each confirms by email). @default [] */
    emails: z.array(z.email({ error: 'must be an email address' })).default([]),
    /**
     * Page the SRE team's PagerDuty service: every collector alarm (via PagerDuty's CloudWatch
     * integration) and every product account's dead-letter queue that stays non-empty.
     * @default - alarms go to the topic only; nothing pages
     */
    pagerduty: platformPagerdutyConfig.optional(),
    deadLetterQueue: deadLetterQueueConfig.prefault({}),
    /** Existing SNS topic to send alarms to instead of creating one. */
    topicArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[\w-]{1,256}$/, { error: 'must be an SNS topic ARN' })
      .optional(),
  })
  .superRefine((a, ctx) => {
    if (a.topicArn && a.emails.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['emails'],
        message: 'cannot be combined with topicArn: subscribe the addresses to that topic instead',
        input: a.emails,
      });
    }
  });

const detectorDefaults = DEFAULT_DETECTOR_SETTINGS;

/**
 * The collector-side log anomaly detector (docs/anomaly-detection.md). On by default: it only reads the
 * application logs products already ship, costs one short Lambda run per window, and writes `anomaly`
 * events (dashboard only, nothing pages). The detector's defaults are lambda-src/anomaly/detect.ts's.
 */
const anomalyDetectionConfig = z
  .strictObject({
    /** Run the detector. @default true */
    enabled: z.boolean({ error: 'must be true or false' }).default(true),
    /** Length of one window, in minutes; the schedule runs once per window, on the clock. @default 15 */
    windowMinutes: z
      .literal(ANOMALY_WINDOW_MINUTES, {
        error: `must be one of ${ANOMALY_WINDOW_MINUTES.join(', ')} (minutes that divide an hour)`,
      })
      .default((detectorDefaults.windowMs / 60_000) as AnomalyWindowMinutes),
    /** Minutes after a window ends that it is examined (lets late lines arrive); less than the window. @default 2 */
    delayMinutes: int('minutes', 0, 59).default(2),
    /** Windows before the current one that form the baseline (96 × 15 minutes: one day). @default 96 */
    baselineWindows: int('windows', 4, 2016).default(detectorDefaults.baselineWindows),
    /** Robust z-score at or above which a window's error count is anomalous. @default 3.5 */
    zThreshold: z
      .number({ error: 'must be a number' })
      .min(1, { error: 'must be at least 1' })
      .max(100, { error: 'must be at most 100' })
      .default(detectorDefaults.zThreshold),
    /** Fewest errors in a window that can be an error spike. @default 5 */
    minErrors: int('errors', 1, 1_000_000).default(detectorDefaults.minErrors),
    /** Fewest baseline windows with logs before error counts are scored. @default 8 */
    minBaselineWindows: int('windows', 1, 2016).default(detectorDefaults.minBaselineWindows),
    /** Fewest baseline lines before a pattern can be new. @default 100 */
    minBaselineLines: int('lines', 0, 1_000_000).default(detectorDefaults.minBaselineLines),
    /** Most new-pattern events per service and window. @default 10 */
    maxNewPatterns: int('patterns', 0, 1000).default(detectorDefaults.maxNewPatterns),
    /** Memory of the detector function, in MB. @default 1024 */
    memoryMb: int('MB', 256, 10240).default(1024),
  })
  .superRefine((a, ctx) => {
    if (a.delayMinutes >= a.windowMinutes) {
      ctx.addIssue({
        code: 'custom',
        path: ['delayMinutes'],
        message: `must be less than windowMinutes (${a.windowMinutes})`,
        input: a.delayMinutes,
      });
    }
    if (a.minBaselineWindows > a.baselineWindows) {
      ctx.addIssue({
        code: 'custom',
        path: ['minBaselineWindows'],
        message: `must be at most baselineWindows (${a.baselineWindows})`,
        input: a.minBaselineWindows,
      });
    }
  });

/** What the collector keeps of personal data (docs/collector.md, "Personal data"). */
export const privacyConfig = z.strictObject({
  /** Remove end users' IP addresses, e-mail and names from Sentry payloads before storing. @default true */
  redactPersonalData: z.boolean().default(true),
  /** Days after arrival that events keep their raw payload; the normalized fields stay. @default - kept */
  rawRetentionDays: int('days', 1, 3650).optional(),
});

/** The central (collector) account. */
export const centralConfig = z.strictObject({
  accountId,
  region,
  /** Environment label used in tags. @default prod */
  env: z
    .string()
    .regex(/^[a-z][a-z0-9]{0,15}$/, {
      error: 'must be a-z0-9, starting with a letter, at most 16 characters',
    })
    .default('prod'),
  /** Team that owns the central account, used in tags. @default sre */
  team: z.string().min(1).default('sre'),
  network: networkConfig.prefault({}),
  documentDb: documentDbConfig.prefault({}),
  lambda: lambdaConfig.prefault({}),
  api: apiConfig.prefault({}),
  alarms: alarmsConfig.prefault({}),
  privacy: privacyConfig.prefault({}),
  /** The SRE dashboard (stacks/config/dashboard.ts). */
  dashboard: dashboardConfig.prefault({}),
  /** The log anomaly detector over the collected application logs. */
  anomalyDetection: anomalyDetectionConfig.prefault({}),
});

export type CentralConfig = z.infer<typeof centralConfig>;
/** The groups of the central section, as written (defaults not yet applied) and as parsed. */
export type NetworkSettings = z.input<typeof networkConfig>;
export type NetworkConfig = z.infer<typeof networkConfig>;
export type DocumentDbSettings = z.input<typeof documentDbConfig>;
export type DocumentDbConfig = z.infer<typeof documentDbConfig>;
export type LambdaSettings = z.input<typeof lambdaConfig>;
export type LambdaConfig = z.infer<typeof lambdaConfig>;
export type ApiSettings = z.input<typeof apiConfig>;
export type ApiConfig = z.infer<typeof apiConfig>;
export type AlarmsSettings = z.input<typeof alarmsConfig>;
export type AlarmsConfig = z.infer<typeof alarmsConfig>;
export type PrivacySettings = z.input<typeof privacyConfig>;
export type PrivacyConfig = z.infer<typeof privacyConfig>;

/** Usage plan limits of one product: its override where given, else the defaults. */
export function productUsageLimits(api: ApiConfig, product: string) {
  const override = api.products[product] ?? {};
  return {
    throttle: override.throttle ?? api.usagePlan.throttle,
    quota: override.quota ?? api.usagePlan.quota,
  };
}

/** Checks of the central section against the product list (overrides must name real products). */
export function centralProblems(central: CentralConfig, productNames: readonly string[]): ConfigProblem[] {
  return Object.keys(central.api.products)
    .filter((name) => !productNames.includes(name))
    .map((name) => {
      const hint = closestKey(name, productNames);
      return {
        path: `central.api.products.${name}`,
        message: `unknown product "${name}"${hint ? ` (did you mean "${hint}"?)` : ''}; products: ${productNames.join(', ')}`,
      };
    });
}

/** The SRE service as registered in one product account's Datadog account, when the platform pages. */
export function platformPagerduty(
  alarms: Pick<CentralConfig['alarms'], 'pagerduty'>,
  product: string,
  env: string,
): { serviceId: string; datadogServiceName: string } | undefined {
  if (!alarms.pagerduty) return undefined;
  return {
    serviceId: alarms.pagerduty.serviceId,
    datadogServiceName: `${alarms.pagerduty.datadogServiceName}-${product}-${env}`,
  };
}
