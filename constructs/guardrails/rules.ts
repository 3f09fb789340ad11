// What must stay on in every stack, and what is merely risky. Rules read the resource's synthesized
// attributes (snake_case, overrides applied), so they hold whichever construct, or raw resource, made it.

// biome-ignore lint/suspicious/noExplicitAny: synthesized terraform attributes are untyped JSON
export type Attributes = Record<string, any>;

export interface GuardrailContext {
  /** The stack deploys a production environment (stricter rules, e.g. DocumentDB deletion protection). */
  readonly production: boolean;
}

export interface Finding {
  readonly level: 'error' | 'warning';
  readonly message: string;
}

export interface GuardrailRule {
  /** Terraform resource type the rule applies to. */
  readonly resourceType: string;
  readonly check: (attributes: Attributes, context: GuardrailContext) => Finding[];
}

const error = (message: string): Finding => ({ level: 'error', message });
const warning = (message: string): Finding => ({ level: 'warning', message });

/** Terraform treats an unset block as an empty list; a JSON object block may also be a single object. */
function blockOf(value: unknown): Attributes | undefined {
  if (Array.isArray(value)) return value[0];
  return value && typeof value === 'object' ? (value as Attributes) : undefined;
}

export const GUARDRAIL_RULES: readonly GuardrailRule[] = [
  {
    resourceType: 'aws_docdb_cluster',
    check: (a, ctx) => [
      ...(a.storage_encrypted === true
        ? []
        : [error('DocumentDB storage encryption must stay on (storage_encrypted = true)')]),
      ...(ctx.production && a.deletion_protection !== true
        ? [error('DocumentDB deletion protection must stay on in production (deletion_protection = true)')]
        : []),
      ...(a.skip_final_snapshot === true
        ? [error('DocumentDB must take a final snapshot (skip_final_snapshot = false)')]
        : []),
      ...(typeof a.backup_retention_period === 'number' && a.backup_retention_period < 7
        ? [
            warning(
              `DocumentDB keeps backups for ${a.backup_retention_period} day(s); 7 or more is recommended`,
            ),
          ]
        : []),
    ],
  },
  {
    resourceType: 'aws_docdb_cluster_parameter_group',
    check: (a) => {
      const tls = (a.parameter ?? []).find((p: Attributes) => p.name === 'tls');
      return tls && tls.value !== 'disabled'
        ? []
        : [
            error(
              'TLS to DocumentDB must stay on: set the cluster parameter "tls" (enabled, or tls1.2+/tls1.3+)',
            ),
          ];
    },
  },
  {
    resourceType: 'aws_cloudwatch_log_group',
    check: (a) => [
      ...(typeof a.retention_in_days === 'number' && a.retention_in_days > 0
        ? []
        : [
            error(
              'log groups must set a retention (retention_in_days > 0); logs kept forever are never cleaned up',
            ),
          ]),
      ...(a.kms_key_id
        ? []
        : [warning('log group is not encrypted with a customer-managed KMS key (kms_key_id)')]),
    ],
  },
  {
    resourceType: 'aws_cloudwatch_event_target',
    check: (a) => [
      ...(blockOf(a.dead_letter_config)?.arn
        ? []
        : [
            error(
              'event targets must have a dead-letter queue (dead_letter_config.arn): undeliverable events would be lost',
            ),
          ]),
      ...(blockOf(a.retry_policy)
        ? []
        : [warning('event target has no explicit retry_policy (defaults: 24 h, 185 attempts)')]),
    ],
  },
  {
    resourceType: 'aws_sqs_queue',
    check: (a) =>
      a.kms_master_key_id || a.sqs_managed_sse_enabled === true
        ? []
        : [
            error(
              'SQS queues must be encrypted at rest (kms_master_key_id or sqs_managed_sse_enabled = true)',
            ),
          ],
  },
  {
    resourceType: 'aws_sns_topic',
    check: (a) =>
      a.kms_master_key_id ? [] : [error('SNS topics must be encrypted at rest (kms_master_key_id)')],
  },
  {
    resourceType: 'aws_kms_key',
    check: (a) =>
      a.enable_key_rotation === true ? [] : [error('KMS keys must rotate (enable_key_rotation = true)')],
  },
  {
    resourceType: 'aws_secretsmanager_secret',
    check: (a) =>
      a.kms_key_id
        ? []
        : [warning('secret uses the AWS-managed key; other accounts cannot read it (kms_key_id)')],
  },
  {
    resourceType: 'aws_lambda_function',
    check: (a) => {
      const variables: Attributes = blockOf(a.environment)?.variables ?? {};
      const secretLooking = Object.keys(variables).filter(
        (name) =>
          /(PASSWORD|SECRET|TOKEN|PRIVATE_KEY|API_KEY)$/i.test(name) && !/_(ARN|NAME|ID)$/i.test(name),
      );
      return [
        ...secretLooking.map((name) =>
          error(
            `Lambda environment variable ${name} looks like a secret: pass a Secrets Manager ARN instead`,
          ),
        ),
        ...(blockOf(a.tracing_config)?.mode === 'Active' ? [] : [warning('Lambda X-Ray tracing is off')]),
      ];
    },
  },
  {
    resourceType: 'aws_api_gateway_method',
    check: (a) =>
      a.authorization === 'NONE' && a.api_key_required !== true && a.http_method !== 'OPTIONS'
        ? [warning(`API method ${a.http_method} has neither an authorizer nor an API key: it is public`)]
        : [],
  },
];
