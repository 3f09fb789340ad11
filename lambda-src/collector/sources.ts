// The registry of event sources: one row per `source` of the normalized event. Everything that lists
// sources is derived from this table or checked against it at compile time: the source and kind enums,
// the API routes (collector and API Gateway), the EventBridge normalizer dispatch
// (normalize/eventbridge.ts), the forwarding rules (constructs/event-forwarding/patterns.ts), the tests'
// lists and the source table of docs/normalized-event.md (`npm run docs:sources`).
// Plain data with no imports: the published constructs and the Lambda bundle both load it.

/** What a normalized event is about. Extend rather than rename (stored documents keep their kind). */
export const KINDS = [
  'incident',
  'alert',
  'slo',
  'exception',
  'security_finding',
  'vulnerability',
  'compliance',
  'cluster_state',
  'log',
  'toil',
  'health',
  'drift',
  'unauthorized_call',
  'anomaly',
] as const;
export type Kind = (typeof KINDS)[number];

/** Events that arrive from product accounts' EventBridge rules at `POST /events`. */
export interface EventBridgeDelivery {
  readonly route: 'eventbridge';
  /**
   * The EventBridge `source` of the events, or `custom` for events a product puts on its bus under a
   * source of its own (any source outside `aws.*`).
   */
  readonly eventSource: string;
  /** The detail-types the collector normalizes; `any` for custom sources. */
  readonly detailTypes: readonly string[] | 'any';
  /** Ids of the forwarding rules (constructs/event-forwarding/patterns.ts) that send them. */
  readonly rules: readonly string[];
}

/** Events a sender posts to `POST /webhooks/<route>`. */
export interface WebhookDelivery {
  readonly route: string;
  /** Whether the sender signs its deliveries (the collector checks the signature). */
  readonly signed: boolean;
}

/**
 * Events the central account produces itself (no sender, no route): a scheduled function writes them to
 * the store with its own database user.
 */
export interface InternalDelivery {
  readonly route: 'internal';
  /** The code that writes them (shown in the docs). */
  readonly producer: string;
}

export interface SourceSpec {
  /** Name shown in the docs. */
  readonly label: string;
  readonly kinds: readonly Kind[];
  readonly delivery: EventBridgeDelivery | WebhookDelivery | InternalDelivery;
  /** The severity rule, as the contract states it (docs/normalized-event.md). */
  readonly severity: string;
  /** The status rule. */
  readonly status: string;
}

/** `eventSource` of a row whose events come under a product's own source (any source outside `aws.*`). */
export const CUSTOM_EVENT_SOURCE = 'custom';

/**
 * `eventSource` of a row whose events come from any AWS service under the row's detail-types: CloudTrail
 * delivers each API call under the called service's source (`aws.ec2`, `aws.signin`, …).
 */
export const ANY_AWS_EVENT_SOURCE = 'aws.*';

/**
 * Every source, in the order the docs list them. Adding one (docs/normalized-event.md, "Adding a source"):
 * a row here, its normalizer (neither the EventBridge dispatch nor the webhook route table compiles
 * without it), its forwarding rule and a real sample fixture.
 */
export const SOURCE_REGISTRY = {
  pagerduty: {
    label: 'PagerDuty',
    kinds: ['incident'],
    delivery: { route: 'pagerduty', signed: true },
    severity:
      'incident `priority` P1 critical, P2 high, P3 medium, P4 low, P5 info; else `urgency` high → high, low → low; else info',
    status:
      'triggered/reopened/unacknowledged → open, acknowledged → acknowledged, resolved → resolved; other incident events → the incident status; non-incident events → info',
  },
  datadog: {
    label: 'Datadog',
    kinds: ['alert', 'slo'],
    delivery: { route: 'datadog', signed: false },
    severity:
      'Triggered: monitor priority P1 critical … P5 info (none → high); Warn → medium; No Data → low; Recovered → info',
    status: 'Triggered, Warn, No Data → open; Recovered → resolved; anything else → info',
  },
  sentry: {
    label: 'Sentry',
    kinds: ['exception', 'alert'],
    delivery: { route: 'sentry', signed: true },
    severity:
      'level fatal → critical, error → high, warning → medium, info/debug → info (none → high); metric alert critical → critical, warning → medium',
    status:
      'issue created/unresolved → open, assigned → acknowledged, resolved/ignored/archived → resolved; errors and alerts → open; metric alert resolved → resolved',
  },
  guardduty: {
    label: 'GuardDuty',
    kinds: ['security_finding'],
    delivery: {
      route: 'eventbridge',
      eventSource: 'aws.guardduty',
      detailTypes: ['GuardDuty Finding'],
      rules: ['guardduty'],
    },
    severity: '`detail.severity` ≥ 9.0 critical, 7.0–8.9 high, 4.0–6.9 medium, 1.0–3.9 low, below 1.0 info',
    status: 'open; `service.archived` → resolved',
  },
  inspector: {
    label: 'Inspector',
    kinds: ['vulnerability'],
    delivery: {
      route: 'eventbridge',
      eventSource: 'aws.inspector2',
      detailTypes: ['Inspector2 Finding'],
      rules: ['inspector'],
    },
    severity:
      '`detail.severity` CRITICAL, HIGH, MEDIUM, LOW by name; INFORMATIONAL, UNTRIAGED and others → info',
    status: 'ACTIVE → open, CLOSED and SUPPRESSED → resolved',
  },
  securityhub: {
    label: 'Security Hub',
    kinds: ['security_finding'],
    delivery: {
      route: 'eventbridge',
      eventSource: 'aws.securityhub',
      detailTypes: ['Security Hub Findings - Imported', 'Findings Imported V2'],
      rules: ['securityhub-asff', 'securityhub-ocsf'],
    },
    severity:
      'ASFF `Severity.Label` by name (INFORMATIONAL → info; no label: `Normalized` 90+ critical, 70 high, 40 medium, 1 low, 0 info); OCSF `severity_id` 1 info, 2 low, 3 medium, 4 high, 5 and 6 critical; one document per finding',
    status:
      'ASFF: ARCHIVED → resolved, else workflow NEW → open, NOTIFIED → acknowledged, RESOLVED/SUPPRESSED → resolved; OCSF `status_id` 1 → open, 2 → acknowledged, 3–5 → resolved',
  },
  ecs: {
    label: 'ECS',
    kinds: ['cluster_state'],
    delivery: {
      route: 'eventbridge',
      eventSource: 'aws.ecs',
      detailTypes: [
        'ECS Task State Change',
        'ECS Service Action',
        'ECS Deployment State Change',
        'ECS Container Instance State Change',
      ],
      rules: ['ecs-task-stopped', 'ecs-service-action', 'ecs-deployment-failed', 'ecs-container-instance'],
    },
    severity:
      'deployment FAILED → high; service action ERROR → high, WARN → medium; task stopped with a non-zero exit code or an error reason → medium; other state changes → info',
    status: 'open when the severity is above info, else info',
  },
  config: {
    label: 'Config',
    kinds: ['compliance'],
    delivery: {
      route: 'eventbridge',
      eventSource: 'aws.config',
      detailTypes: ['Config Rules Compliance Change'],
      rules: ['config-compliance'],
    },
    severity: 'NON_COMPLIANT → medium; COMPLIANT, NOT_APPLICABLE, INSUFFICIENT_DATA → info',
    status: 'NON_COMPLIANT → open, COMPLIANT → resolved, otherwise info',
  },
  applog: {
    label: 'Application logs (Fluent Bit)',
    kinds: ['log'],
    delivery: { route: 'fluentbit', signed: false },
    severity:
      'the record level: fatal/critical → critical, error → high, warn → medium, notice → low, info/debug → info; no level: an error-looking line → high, else info',
    status: 'info',
  },
  toil: {
    label: 'Toil automation',
    kinds: ['toil'],
    delivery: { route: 'eventbridge', eventSource: CUSTOM_EVENT_SOURCE, detailTypes: 'any', rules: ['toil'] },
    severity: '`detail.severity` when given; else failed/needs_attention → medium, others → info',
    status: 'failed/needs_attention → open, resolved → resolved, started/succeeded → info',
  },
  health: {
    label: 'AWS Health',
    kinds: ['health'],
    delivery: {
      route: 'eventbridge',
      eventSource: 'aws.health',
      detailTypes: ['AWS Health Event'],
      rules: ['health'],
    },
    severity:
      '`eventTypeCategory` issue → high, scheduledChange → medium, accountNotification (and others) → info',
    status: '`statusCode` closed → resolved; otherwise issue and scheduledChange → open, others → info',
  },
  drift: {
    label: 'Stack drift (nightly plan)',
    kinds: ['drift'],
    delivery: { route: 'drift', signed: false },
    severity:
      'a deletion or replacement, or any change to an IAM, KMS or other security resource → high; other drift and a failed check → medium',
    status: 'open',
  },
  'anomaly-detector': {
    label: 'Log anomaly detector (collector-side)',
    kinds: ['anomaly'],
    delivery: { route: 'internal', producer: 'lambda-src/anomaly/handler.ts (scheduled)' },
    severity:
      'error-rate spike: robust z-score at least twice the threshold → high, else medium; new message pattern: error-level lines → medium, else low',
    status: 'open',
  },
  cloudtrail: {
    label: 'CloudTrail (denied API calls, root sign-ins)',
    kinds: ['unauthorized_call', 'security_finding'],
    delivery: {
      route: 'eventbridge',
      eventSource: ANY_AWS_EVENT_SOURCE,
      detailTypes: ['AWS API Call via CloudTrail', 'AWS Console Sign In via CloudTrail'],
      rules: ['cloudtrail-denied', 'cloudtrail-root-signin'],
    },
    severity:
      'denied call (`errorCode` AccessDenied…, …UnauthorizedOperation) → medium, by the root user → high; root console sign-in → high, failed → medium',
    status:
      'open; denials of one principal and action within one UTC hour are one event whose `occurrences` counts them',
  },
  devopsguru: {
    label: 'DevOps Guru',
    kinds: ['anomaly'],
    delivery: {
      route: 'eventbridge',
      eventSource: 'aws.devops-guru',
      detailTypes: [
        'DevOps Guru New Insight Open',
        'DevOps Guru Insight Severity Upgraded',
        'DevOps Guru New Anomaly Association',
        'DevOps Guru Insight Closed',
      ],
      rules: ['devopsguru'],
    },
    severity: '`insightSeverity` high → high, medium → medium, low → low',
    status: 'Insight Closed → resolved; new insight, severity upgraded, new anomaly → open',
  },
} as const satisfies Readonly<Record<string, SourceSpec>>;

type Registry = typeof SOURCE_REGISTRY;
export type Source = keyof Registry;

/** Every source, in registry order. */
export const SOURCES = Object.keys(SOURCE_REGISTRY) as readonly Source[] as readonly [Source, ...Source[]];

/** The kinds one source emits (a normalizer cannot emit another: `toEvent` is typed by it). */
export type KindOf<S extends Source> = Registry[S]['kinds'][number];

type DeliveryOf<S extends Source> = Registry[S]['delivery'];
type WebhookSourceName = {
  [S in Source]: DeliveryOf<S> extends { route: 'eventbridge' | 'internal' } ? never : S;
}[Source];

/** Webhook routes: `POST /webhooks/<route>`. */
export type WebhookRoute = DeliveryOf<WebhookSourceName>['route'];
/** Routes the collector accepts: `POST /events` (`eventbridge`) and the webhook routes. */
export type Route = 'eventbridge' | WebhookRoute;

/** The sources the central account writes itself. */
export type InternalSource = {
  [S in Source]: DeliveryOf<S> extends { route: 'internal' } ? S : never;
}[Source];

/** The sources delivered through EventBridge rules. */
export type EventBridgeSource = Exclude<Source, WebhookSourceName | InternalSource>;

type AwsRow = {
  [S in EventBridgeSource]: DeliveryOf<S> extends { eventSource: `aws.${string}` } ? S : never;
}[EventBridgeSource];

/** EventBridge `source` values of AWS services the collector normalizes. */
export type AwsEventSource =
  DeliveryOf<AwsRow> extends infer D
    ? D extends { eventSource: infer E extends string }
      ? E
      : never
    : never;

/** The detail-types the collector normalizes for one AWS event source. */
export type DetailTypeOf<E extends AwsEventSource> = {
  [S in AwsRow]: DeliveryOf<S> extends { eventSource: E; detailTypes: readonly (infer D extends string)[] }
    ? D
    : never;
}[AwsRow];

/** Ids of the forwarding rules the library creates, each feeding one registry source. */
export type ForwardingRuleId = {
  [S in EventBridgeSource]: DeliveryOf<S> extends { rules: readonly (infer R extends string)[] } ? R : never;
}[EventBridgeSource];

function isWebhook(delivery: SourceSpec['delivery']): delivery is WebhookDelivery {
  return delivery.route !== 'eventbridge' && delivery.route !== 'internal';
}

function isEventBridge(delivery: SourceSpec['delivery']): delivery is EventBridgeDelivery {
  return delivery.route === 'eventbridge';
}

const rows = Object.entries(SOURCE_REGISTRY) as [Source, SourceSpec][];

/** Webhook routes, in registry order. */
export const WEBHOOK_ROUTES = rows.flatMap(([, spec]) =>
  isWebhook(spec.delivery) ? [spec.delivery.route as WebhookRoute] : [],
);

/** Every route the collector accepts. */
export const ROUTES: readonly Route[] = ['eventbridge', ...WEBHOOK_ROUTES];

/** Webhook routes whose senders sign their deliveries. */
export const SIGNED_ROUTES: readonly WebhookRoute[] = rows.flatMap(([, spec]) =>
  isWebhook(spec.delivery) && spec.delivery.signed ? [spec.delivery.route as WebhookRoute] : [],
);

/** The registry source a forwarding rule feeds, or undefined for a rule the registry does not know. */
export function sourceOfRule(ruleId: string): EventBridgeSource | undefined {
  for (const [source, spec] of rows) {
    if (isEventBridge(spec.delivery) && spec.delivery.rules.includes(ruleId))
      return source as EventBridgeSource;
  }
  return undefined;
}

/** Every forwarding rule id in the registry, in registry order. */
export const FORWARDING_RULE_IDS: readonly ForwardingRuleId[] = rows.flatMap(([, spec]) =>
  isEventBridge(spec.delivery) ? (spec.delivery.rules as readonly ForwardingRuleId[]) : [],
);

/** Every AWS event source and detail-type the collector normalizes. */
export const AWS_DETAIL_TYPES: readonly { source: Source; eventSource: string; detailType: string }[] =
  rows.flatMap(([source, spec]) =>
    isEventBridge(spec.delivery) && Array.isArray(spec.delivery.detailTypes)
      ? spec.delivery.detailTypes.map((detailType) => ({
          source,
          eventSource: (spec.delivery as EventBridgeDelivery).eventSource,
          detailType,
        }))
      : [],
  );
