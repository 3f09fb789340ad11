import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import type { CollectorLink } from '../core/collector-link';
import { policyDocument } from '../core/policy-document';
import { checkSettings, wholeNumberIn } from '../core/setting-error';
import { API_KEY_VARIABLE, fluentBitHttpOutputOptions } from './fluent-bit-http-output';

/**
 * AWS for Fluent Bit, pinned: 3.x is the Amazon Linux 2023 line on Fluent Bit 4 (the `latest` tag still
 * points at the 2.x line on Fluent Bit 1.9).
 */
export const AWS_FOR_FLUENT_BIT_IMAGE = 'public.ecr.aws/aws-observability/aws-for-fluent-bit:3.4.8';

/** Name of the log router container in the task definition. */
export const LOG_ROUTER_CONTAINER_NAME = 'log_router';

/** A container definition as ECS's RegisterTaskDefinition takes it (the fields this construct sets). */
export interface ContainerDefinition {
  readonly name: string;
  readonly image: string;
  readonly essential: boolean;
  readonly firelensConfiguration: { readonly type: 'fluentbit'; readonly options: Record<string, string> };
  readonly secrets: readonly { readonly name: string; readonly valueFrom: string }[];
  readonly memoryReservation: number;
  readonly user: string;
  readonly logConfiguration?: LogConfiguration;
}

/** An application container's `logConfiguration`. */
export interface LogConfiguration {
  readonly logDriver: string;
  readonly options: Record<string, string>;
}

export interface AppLogShippingProps {
  /** The product's link to the collector (endpoint and API key secret in the central account). */
  readonly collector: CollectorLink;
  /**
   * Name of the task execution role (in this account) that may read the API key: this construct attaches
   * an inline policy to it. Without it, attach `executionRolePolicy` yourself.
   * @default - no policy attached
   */
  readonly executionRoleName?: string;
  /** Log router image. @default AWS_FOR_FLUENT_BIT_IMAGE */
  readonly image?: string;
  /** Memory reserved for the log router, in MiB (AWS recommends 50 for FireLens). @default 50 */
  readonly memoryReservationMiB?: number;
  /** Retries of a chunk the collector refused with a 5xx (Fluent Bit's `Retry_Limit`). @default 10 */
  readonly retryLimit?: number | false;
  /**
   * Where the log router's own diagnostics go (its stdout), e.g. an `awslogs` configuration.
   * @default - ECS's default for the task (none)
   */
  readonly routerLogConfiguration?: LogConfiguration;
}

/**
 * What an ECS task definition needs to ship its application logs to the collector: the FireLens log
 * router container, the application containers' `logConfiguration`, and read access to the product's API
 * key for the task execution role. The key stays in Secrets Manager (central account): ECS puts it in the
 * log router's environment and Fluent Bit reads it from there, so it never appears in the task definition.
 *
 * ```ts
 * const logs = new AppLogShipping(this, 'AppLogs', { collector, executionRoleName: role.name });
 * new EcsTaskDefinition(this, 'Task', {
 *   containerDefinitions: JSON.stringify([
 *     { name: 'app', image, essential: true, logConfiguration: logs.logConfiguration },
 *     logs.logRouterContainer,
 *   ]),
 *   ...
 * });
 * ```
 */
export class AppLogShipping extends Construct {
  /** The FireLens log router container definition; add it to the task's containers. */
  public readonly logRouterContainer: ContainerDefinition;
  /** `logConfiguration` for every application container whose stdout/stderr goes to the collector. */
  public readonly logConfiguration: LogConfiguration;
  /** IAM policy (JSON) the task execution role needs to read the API key. */
  public readonly executionRolePolicy: string;

  constructor(scope: Construct, id: string, props: AppLogShippingProps) {
    super(scope, id);
    const memory = props.memoryReservationMiB ?? 50;
    checkSettings(this, [
      wholeNumberIn('memoryReservationMiB', memory, 6, 1_000_000, "MiB (ECS's minimum is 6)"),
    ]);
    // `https://<host><base path>` of the collector: host and stage path for Fluent Bit's Host and URI.
    const url = Fn.regex('^https://([^/]+)(.*)$', props.collector.endpoint);
    this.logConfiguration = {
      logDriver: 'awsfirelens',
      options: fluentBitHttpOutputOptions({
        host: Fn.element(url, 0),
        basePath: Fn.element(url, 1),
        retryLimit: props.retryLimit,
      }),
    };
    this.logRouterContainer = {
      name: LOG_ROUTER_CONTAINER_NAME,
      image: props.image ?? AWS_FOR_FLUENT_BIT_IMAGE,
      essential: true,
      // ECS metadata (cluster, task ARN, container) on every record: the collector files logs by task, and
      // it keeps every record above ~250 bytes, which bounds the records per chunk.
      firelensConfiguration: { type: 'fluentbit', options: { 'enable-ecs-log-metadata': 'true' } },
      secrets: [{ name: API_KEY_VARIABLE, valueFrom: `${props.collector.secretFullArn}:apiKey::` }],
      memoryReservation: memory,
      // FireLens needs the router to run as root to create its socket (AWS's FireLens examples).
      user: '0',
      ...(props.routerLogConfiguration ? { logConfiguration: props.routerLogConfiguration } : {}),
    };

    const centralKeys = `arn:aws:kms:${Fn.element(Fn.split(':', props.collector.secretFullArn), 3)}:${Fn.element(
      Fn.split(':', props.collector.secretFullArn),
      4,
    )}:key/*`;
    this.executionRolePolicy = policyDocument([
      {
        sid: 'ReadCollectorApiKey',
        actions: ['secretsmanager:GetSecretValue'],
        resources: [props.collector.secretFullArn],
      },
      {
        // The secret is encrypted with a key of the central account, usable only through Secrets Manager.
        sid: 'DecryptCollectorApiKey',
        actions: ['kms:Decrypt'],
        resources: [centralKeys],
        conditions: {
          StringLike: { 'kms:ViaService': 'secretsmanager.*.amazonaws.com' },
          StringEquals: { 'kms:EncryptionContext:SecretARN': props.collector.secretFullArn },
        },
      },
    ]);
    if (props.executionRoleName) {
      new IamRolePolicy(this, 'ExecutionRolePolicy', {
        name: 'read-collector-api-key',
        role: props.executionRoleName,
        policy: this.executionRolePolicy,
      });
    }
  }
}
