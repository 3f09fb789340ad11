import { CloudwatchEventApiDestination } from '@cdktf/provider-aws/lib/cloudwatch-event-api-destination';
import { CloudwatchEventConnection } from '@cdktf/provider-aws/lib/cloudwatch-event-connection';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import type { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { EncryptionKey } from '../core/encryption-key';
import { checkSettings, type SettingProblem, wholeNumberIn } from '../core/setting-error';
import { patternProblems } from './pattern-matcher';
import { type ForwardingRule, forwardingRules } from './patterns';

/**
 * Delivery settings: EventBridge's limits and the platform's defaults. One definition for this construct and
 * for platform.yaml's `eventForwarding` section (stacks/config/event-forwarding.ts builds its schema from it).
 */
export const DELIVERY_SETTINGS = {
  /** Invocations of the API destination per second. */
  rateLimitPerSecond: { min: 1, max: 300, default: 20, unit: 'invocations per second' },
  maxEventAgeSeconds: { min: 60, max: 86_400, default: 86_400, unit: 'seconds' },
  maxRetryAttempts: { min: 0, max: 185, default: 185, unit: 'attempts' },
  /** SQS message retention. */
  deadLetterRetentionSeconds: { min: 60, max: 1_209_600, default: 1_209_600, unit: 'seconds' },
} as const;

/** EventBridge's limits on a target's retry policy, an API destination's rate, names and patterns. */
export const EVENTBRIDGE_LIMITS = {
  ...DELIVERY_SETTINGS,
  /** Rule, connection and API destination names. */
  nameLength: 64,
  /** PutRule's EventPattern. */
  eventPatternLength: 4096,
} as const;

/** The header the collector's API Gateway reads the API key from. */
const API_KEY_HEADER = 'x-api-key';

export interface EventForwardingProps {
  /** URL the events are POSTed to (the collector's `/events`), e.g. `collector.url('/events')`. */
  readonly endpointUrl: string;
  /** The product's collector API key, sent in the `x-api-key` header. Pass a token, never a literal. */
  readonly apiKey: string;
  /**
   * Prefix of every resource name (rules, connection, destination, queue, role, key alias).
   * @default observability
   */
  readonly namePrefix?: string;
  /** Rules whose events are forwarded. @default - forwardingRules() (every standard rule, no toil rule) */
  readonly rules?: readonly ForwardingRule[];
  /** Most invocations of the collector per second; EventBridge queues the excess. @default 20 */
  readonly rateLimitPerSecond?: number;
  /** How long EventBridge keeps retrying an event before dead-lettering it (60–86400). @default 86400 */
  readonly maxEventAgeSeconds?: number;
  /** Retries of a failed delivery before dead-lettering (0–185). @default 185 */
  readonly maxRetryAttempts?: number;
  /** How long the dead-letter queue keeps an event (60–1209600). @default 1209600 (14 days, the SQS maximum) */
  readonly deadLetterRetentionSeconds?: number;
}

const NAME_PATTERN = /^[A-Za-z0-9._-]+$/;
const RULE_ID_PATTERN = /^[a-z][a-z0-9-]*$/;

/**
 * Forwards AWS security and operations events from the account's default event bus to the central
 * collector: one EventBridge rule per event kind, all targeting one API destination (`POST /events`)
 * whose connection sends the product's API key. Failed deliveries are retried, then kept in an
 * encrypted SQS dead-letter queue that only these rules may write to.
 */
export class EventForwarding extends Construct {
  /** The API destination the rules target. */
  public readonly apiDestination: CloudwatchEventApiDestination;
  public readonly connection: CloudwatchEventConnection;
  /** One rule per forwarded event kind, keyed by rule id. */
  public readonly rules: Readonly<Record<string, CloudwatchEventRule>>;
  public readonly targets: Readonly<Record<string, CloudwatchEventTarget>>;
  public readonly deadLetterQueue: SqsQueue;
  /** The queue's name as a plain string (usable in monitor queries). */
  public readonly deadLetterQueueName: string;
  public readonly deadLetterKey: KmsKey;
  /** The role EventBridge assumes to invoke the destination. */
  public readonly invokeRole: IamRole;

  constructor(scope: Construct, id: string, props: EventForwardingProps) {
    super(scope, id);
    const prefix = props.namePrefix ?? 'observability';
    const rules = props.rules ?? forwardingRules();
    const setting = (key: keyof typeof DELIVERY_SETTINGS) => props[key] ?? DELIVERY_SETTINGS[key].default;
    const rate = setting('rateLimitPerSecond');
    const maxEventAgeSeconds = setting('maxEventAgeSeconds');
    const maxRetryAttempts = setting('maxRetryAttempts');
    const retentionSeconds = setting('deadLetterRetentionSeconds');

    const problems: (SettingProblem | undefined | false)[] = (
      Object.keys(DELIVERY_SETTINGS) as (keyof typeof DELIVERY_SETTINGS)[]
    ).map((key) => {
      const { min, max, unit } = DELIVERY_SETTINGS[key];
      return wholeNumberIn(key, setting(key), min, max, unit);
    });
    problems.push(
      !NAME_PATTERN.test(prefix) && {
        setting: 'namePrefix',
        value: prefix,
        allowed: 'must use only A-Z a-z 0-9 . _ -',
      },
      rules.length === 0 && { setting: 'rules', value: [], allowed: 'must list at least one rule' },
      rules.length > 300 && {
        setting: 'rules',
        value: `${rules.length} rules`,
        allowed: 'at most 300 rules per event bus',
      },
    );
    const seen = new Set<string>();
    for (const [i, rule] of rules.entries()) {
      const at = `rules[${i}]`;
      problems.push(
        !RULE_ID_PATTERN.test(rule.id) && {
          setting: `${at}.id`,
          value: rule.id,
          allowed: 'must be lower-case letters, digits and "-", starting with a letter',
        },
        seen.has(rule.id) && {
          setting: `${at}.id`,
          value: rule.id,
          allowed: 'must be unique (it is used twice)',
        },
      );
      seen.add(rule.id);
      const name = `${prefix}-${rule.id}`;
      problems.push(
        name.length > EVENTBRIDGE_LIMITS.nameLength && {
          setting: `${at}.id`,
          value: rule.id,
          allowed: `with namePrefix, the rule name "${name}" must be at most ${EVENTBRIDGE_LIMITS.nameLength} characters`,
        },
      );
      const patternText = JSON.stringify(rule.eventPattern);
      problems.push(
        patternText.length > EVENTBRIDGE_LIMITS.eventPatternLength && {
          setting: `${at}.eventPattern`,
          value: `${patternText.length} characters`,
          allowed: `must be at most ${EVENTBRIDGE_LIMITS.eventPatternLength} characters of JSON`,
        },
        ...patternProblems(rule.eventPattern).map((p) => ({
          setting: `${at}.eventPattern`,
          value: rule.id,
          allowed: p,
        })),
      );
    }
    problems.push(
      !Token.isUnresolved(props.endpointUrl) &&
        !props.endpointUrl.startsWith('https://') && {
          setting: 'endpointUrl',
          value: props.endpointUrl,
          allowed: 'must be an https:// URL',
        },
      // The literal is not shown: it would put a key in the error output.
      !Token.isUnresolved(props.apiKey) && {
        setting: 'apiKey',
        value: '<literal>',
        allowed: 'must be a token (e.g. CollectorLink.apiKey), never a literal in the configuration',
      },
    );
    checkSettings(this, problems);

    const account = new DataAwsCallerIdentity(this, 'Account');

    this.connection = new CloudwatchEventConnection(this, 'Connection', {
      name: `${prefix}-collector`,
      description: 'Central observability collector (API key of this product)',
      authorizationType: 'API_KEY',
      authParameters: { apiKey: { key: API_KEY_HEADER, value: props.apiKey } },
    });

    this.apiDestination = new CloudwatchEventApiDestination(this, 'Resource', {
      name: `${prefix}-collector-events`,
      description: 'POST /events of the central observability collector',
      connectionArn: this.connection.arn,
      invocationEndpoint: props.endpointUrl,
      httpMethod: 'POST',
      invocationRateLimitPerSecond: rate,
    });

    const invokePolicy = new DataAwsIamPolicyDocument(this, 'InvokePolicyDocument', {
      statement: [
        {
          sid: 'InvokeCollectorDestinationOnly',
          effect: 'Allow',
          actions: ['events:InvokeApiDestination'],
          resources: [this.apiDestination.arn],
        },
      ],
    });
    const trustPolicy = new DataAwsIamPolicyDocument(this, 'TrustPolicyDocument', {
      statement: [
        {
          effect: 'Allow',
          actions: ['sts:AssumeRole'],
          principals: [{ type: 'Service', identifiers: ['events.amazonaws.com'] }],
          // Only EventBridge acting for this account may assume the role (confused deputy).
          condition: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [account.accountId] }],
        },
      ],
    });
    this.invokeRole = new IamRole(this, 'InvokeRole', {
      name: `${prefix}-invoke-collector`,
      description: 'Lets EventBridge invoke the collector API destination, nothing else',
      assumeRolePolicy: trustPolicy.json,
    });
    new IamRolePolicy(this, 'InvokeRolePolicy', {
      name: 'invoke-collector-destination',
      role: this.invokeRole.id,
      policy: invokePolicy.json,
    });

    const ruleResources: Record<string, CloudwatchEventRule> = {};
    for (const rule of rules) {
      ruleResources[rule.id] = new CloudwatchEventRule(this, `Rule-${rule.id}`, {
        name: `${prefix}-${rule.id}`,
        description: rule.description,
        eventPattern: JSON.stringify(rule.eventPattern),
        ...(rule.state ? { state: rule.state } : {}),
      });
    }
    this.rules = ruleResources;
    const ruleArns = Object.values(ruleResources).map((r) => r.arn);

    // EventBridge writes to an encrypted queue only if the key policy lets it, and only for these rules.
    this.deadLetterKey = new EncryptionKey(this, 'DeadLetterKey', {
      accountId: account.accountId,
      description: 'Encrypts events that could not be forwarded to the collector',
      alias: `${prefix}-events-dlq`,
      statements: [
        {
          sid: 'EventBridgeRulesWriteDeadLetters',
          principals: { Service: 'events.amazonaws.com' },
          actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
          resources: ['*'],
          conditions: { ArnEquals: { 'aws:SourceArn': ruleArns } },
        },
      ],
    }).key;

    this.deadLetterQueueName = `${prefix}-events-dlq`;
    this.deadLetterQueue = new SqsQueue(this, 'DeadLetterQueue', {
      name: this.deadLetterQueueName,
      kmsMasterKeyId: this.deadLetterKey.arn,
      kmsDataKeyReusePeriodSeconds: 3600,
      messageRetentionSeconds: retentionSeconds,
    });
    const queuePolicy = new DataAwsIamPolicyDocument(this, 'DeadLetterQueuePolicyDocument', {
      statement: [
        {
          sid: 'ForwardingRulesSendDeadLetters',
          effect: 'Allow',
          actions: ['sqs:SendMessage'],
          resources: [this.deadLetterQueue.arn],
          principals: [{ type: 'Service', identifiers: ['events.amazonaws.com'] }],
          condition: [{ test: 'ArnEquals', variable: 'aws:SourceArn', values: ruleArns }],
        },
        {
          sid: 'DenyInsecureTransport',
          effect: 'Deny',
          actions: ['sqs:*'],
          resources: [this.deadLetterQueue.arn],
          principals: [{ type: '*', identifiers: ['*'] }],
          condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
        },
      ],
    });
    new SqsQueuePolicy(this, 'DeadLetterQueuePolicy', {
      queueUrl: this.deadLetterQueue.url,
      policy: queuePolicy.json,
    });

    const targets: Record<string, CloudwatchEventTarget> = {};
    for (const rule of rules) {
      targets[rule.id] = new CloudwatchEventTarget(this, `Target-${rule.id}`, {
        rule: ruleResources[rule.id].name,
        targetId: 'collector',
        arn: this.apiDestination.arn,
        roleArn: this.invokeRole.arn,
        retryPolicy: { maximumEventAgeInSeconds: maxEventAgeSeconds, maximumRetryAttempts: maxRetryAttempts },
        deadLetterConfig: { arn: this.deadLetterQueue.arn },
      });
    }
    this.targets = targets;
  }
}
