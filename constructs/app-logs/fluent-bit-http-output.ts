// The Fluent Bit `http` output that ships a container's application logs to the collector
// (`POST /webhooks/fluentbit`), as FireLens renders it from a task definition's `logConfiguration.options`.
// Option names and meanings: https://docs.fluentbit.io/manual/pipeline/outputs/http
import { terraformLiteral } from '../core/terraform-literal';

/**
 * Fluent Bit hands an output one chunk per request, and "chunks are never much larger than 2 MB" of
 * msgpack (Fluent Bit's buffering-and-storage docs); FireLens on Fargate cannot change that size. As JSON
 * a chunk of FireLens records is 1.1–1.6 times as large (keys and values are strings either way; escaped
 * control characters are what grows it), so the collector's limit for inflated gzip bodies
 * (`MAX_INFLATED_BODY_BYTES`, 8 MiB) is four times this ceiling, and the gzip wire body is a fraction of it.
 */
export const FLUENT_BIT_MAX_CHUNK_BYTES = 2_048_000;

/** Name of the log router's environment variable holding the product's API key (from Secrets Manager). */
export const API_KEY_VARIABLE = 'COLLECTOR_API_KEY';

export interface FluentBitHttpOutputProps {
  /** Host of the collector API, e.g. `abc123.execute-api.ap-northeast-1.amazonaws.com` (may be a token). */
  readonly host: string;
  /** Path of the collector's base URL (the stage, e.g. `/v1`; may be a token). */
  readonly basePath: string;
  /**
   * How many times Fluent Bit retries a chunk the collector refused with a 5xx or could not reach, with
   * its exponential back-off (`Retry_Limit`). `false` retries without limit.
   * @default 10
   */
  readonly retryLimit?: number | false;
}

/**
 * The options of the `awsfirelens` log driver for the collector: JSON records with a `date` key (epoch
 * seconds as a float, which the collector reads as the time the line was written), gzip (the wire body
 * stays a fraction of the chunk), TLS with certificate checks, and the API key in the `x-api-key` header.
 *
 * The key is never in the task definition: `${COLLECTOR_API_KEY}` is Fluent Bit's own variable syntax,
 * expanded when it loads the configuration from the log router's environment, which ECS fills from
 * Secrets Manager. In Terraform JSON that literal must be written `$${…}`, or Terraform would read it as an
 * interpolation; `terraformLiteral` does it.
 */
export function fluentBitHttpOutputOptions(props: FluentBitHttpOutputProps): Record<string, string> {
  const retryLimit = props.retryLimit ?? 10;
  if (retryLimit !== false && (!Number.isInteger(retryLimit) || retryLimit < 1)) {
    throw new Error(`retryLimit: must be a whole number ≥ 1 or false (no limit), got ${retryLimit}`);
  }
  return {
    Name: 'http',
    Host: props.host,
    Port: '443',
    URI: `${props.basePath}/webhooks/fluentbit`,
    Format: 'json',
    json_date_key: 'date',
    json_date_format: 'double',
    compress: 'gzip',
    tls: 'On',
    'tls.verify': 'On',
    Header: terraformLiteral(`x-api-key \${${API_KEY_VARIABLE}}`),
    Retry_Limit: retryLimit === false ? 'no_limits' : String(retryLimit),
  };
}
