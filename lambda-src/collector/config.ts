// The collector's settings, read from the Lambda environment (names fixed in the cross-team contract).
import { type ProductEnvironments, parseProductEnvironments } from './environment';

export interface CollectorConfig {
  /** API Gateway API key id -> product (`API_KEY_PRODUCTS`). */
  readonly apiKeyProducts: Readonly<Record<string, string>>;
  /** Product -> account id -> env (`PRODUCT_ENVIRONMENTS`): the env events are attributed to. */
  readonly productEnvironments: ProductEnvironments;
  /** Problems found while reading the environment; logged, never thrown (a bad value must not 5xx). */
  readonly problems: readonly string[];
  readonly maxBodyBytes: number;
  /** Largest body a gzip request may inflate to (Fluent Bit sends whole chunks of up to 2 MB msgpack). */
  readonly maxInflatedBodyBytes: number;
  /** Records (documents) one request may carry; more is answered 413 (`MAX_RECORDS_PER_REQUEST`). */
  readonly maxRecordsPerRequest: number;
  readonly dbName: string;
  /** `MONGODB_URI` wins over `DOCDB_SECRET_ARN` (local dev and tests). */
  readonly mongodbUri?: string;
  readonly docdbSecretArn?: string;
  readonly retryWrites: boolean;
  readonly logRetentionDays: number;
  readonly signingSecretsArn?: string;
  /** How long to wait for the database before answering 503. */
  readonly dbTimeoutMs: number;
  /** Remove end users' personal fields from Sentry payloads before storing (`REDACT_PERSONAL_DATA`). */
  readonly redactPersonalData: boolean;
}

export const DEFAULT_MAX_BODY_BYTES = 1_048_576;
/** Four times Fluent Bit's chunk ceiling as JSON (constructs/app-logs/fluent-bit-http-output.ts says why). */
export const DEFAULT_MAX_INFLATED_BODY_BYTES = 8 * 1_048_576;
/**
 * A Fluent Bit record with FireLens metadata is a few hundred bytes, so a full 1 MiB body holds a few
 * thousand; 1 MiB of `{}` would be 349,524 documents (123x write amplification). 10,000 leaves real batches
 * alone and caps the worst case.
 */
export const DEFAULT_MAX_RECORDS_PER_REQUEST = 10_000;
export const DEFAULT_LOG_RETENTION_DAYS = 14;
export const DEFAULT_DB_TIMEOUT_MS = 5000;

export function loadCollectorConfig(env: NodeJS.ProcessEnv): CollectorConfig {
  const problems: string[] = [];
  return {
    apiKeyProducts: parseApiKeyProducts(env.API_KEY_PRODUCTS, problems),
    productEnvironments: parseProductEnvironments(env.PRODUCT_ENVIRONMENTS, problems),
    maxBodyBytes: positiveInt(env, 'MAX_BODY_BYTES', DEFAULT_MAX_BODY_BYTES, problems),
    maxInflatedBodyBytes: positiveInt(
      env,
      'MAX_INFLATED_BODY_BYTES',
      DEFAULT_MAX_INFLATED_BODY_BYTES,
      problems,
    ),
    maxRecordsPerRequest: positiveInt(
      env,
      'MAX_RECORDS_PER_REQUEST',
      DEFAULT_MAX_RECORDS_PER_REQUEST,
      problems,
    ),
    dbName: env.EVENTS_DB_NAME || 'observability',
    mongodbUri: env.MONGODB_URI || undefined,
    docdbSecretArn: env.DOCDB_SECRET_ARN || undefined,
    // DocumentDB before 8.0.2 refuses retryable writes; an absent value keeps the driver default (on).
    retryWrites:
      env.DOCDB_RETRY_WRITES === undefined ? true : env.DOCDB_RETRY_WRITES.toLowerCase() !== 'false',
    logRetentionDays: positiveInt(env, 'LOG_RETENTION_DAYS', DEFAULT_LOG_RETENTION_DAYS, problems),
    signingSecretsArn: env.SIGNING_SECRETS_ARN || undefined,
    dbTimeoutMs: positiveInt(env, 'DOCDB_TIMEOUT_MS', DEFAULT_DB_TIMEOUT_MS, problems),
    redactPersonalData: booleanSetting(env, 'REDACT_PERSONAL_DATA', true, problems),
    problems,
  };
}

function parseApiKeyProducts(raw: string | undefined, problems: string[]): Record<string, string> {
  if (!raw) {
    problems.push('API_KEY_PRODUCTS is not set: every request will be refused with 403');
    return {};
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (err) {
    problems.push(
      `API_KEY_PRODUCTS is not JSON (${(err as Error).message}): every request will be refused with 403`,
    );
    return {};
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    problems.push('API_KEY_PRODUCTS must be a JSON object {"<api key id>": "<product>"}');
    return {};
  }
  const out: Record<string, string> = {};
  for (const [id, product] of Object.entries(parsed)) {
    if (typeof product === 'string' && product.length > 0) out[id] = product;
    else problems.push(`API_KEY_PRODUCTS["${id}"] must be a product name, got ${JSON.stringify(product)}`);
  }
  return out;
}

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (Number.isInteger(n) && n > 0) return n;
  problems.push(`${name} must be a positive integer, got "${raw}"; using ${fallback}`);
  return fallback;
}

function booleanSetting(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: boolean,
  problems: string[],
): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === 'false') return raw === 'true';
  problems.push(`${name} must be true or false, got "${raw}"; using ${fallback}`);
  return fallback;
}
