// What Fluent Bit's `http` output sends for a given set of output options, reproduced for tests (no Fluent
// Bit package exists for these machines). From Fluent Bit's docs and its out_http plugin:
// - records are buffered in chunks of msgpack; a chunk is closed once it reaches about 2 MB, and each flush
//   sends one whole chunk as one request;
// - `Format json`: the chunk as one JSON array, each record with `json_date_key` first (`double`: epoch
//   seconds with microseconds), then the record's own keys;
// - `compress gzip`: the body gzipped, with `Content-Encoding: gzip`;
// - `Header name value`: sent as is, after Fluent Bit expanded `${VAR}` from its environment;
// - any answer outside 200–205, or no answer, is retried with back-off until `Retry_Limit`; then the chunk
//   is dropped.
import { gzipSync } from 'node:zlib';
import { encode } from '@msgpack/msgpack';
import { FLUENT_BIT_MAX_CHUNK_BYTES } from '../../constructs/app-logs/fluent-bit-http-output';

export interface LogRecord {
  /** Seconds since the epoch, with a fraction (Fluent Bit's event time). */
  readonly time: number;
  readonly fields: Record<string, unknown>;
}

export interface SenderOptions {
  /**
   * The `awsfirelens` options as the construct renders them into Terraform JSON (with Host and URI set for
   * the test); Terraform's escapes (`$${`, `%%{`) are undone here, as Terraform does when it evaluates them.
   */
  readonly options: Record<string, string>;
  /** Fluent Bit's environment, for `${VAR}` in option values. */
  readonly env: Record<string, string>;
  /** `http://127.0.0.1:PORT`: the test server stands for `https://Host:Port`. */
  readonly baseUrl: string;
  /** Back-off between retries, in ms (Fluent Bit's own is seconds; tests keep it short). @default 10 */
  readonly backoffMs?: number;
}

export interface ChunkDelivery {
  readonly records: number;
  readonly msgpackBytes: number;
  readonly jsonBytes: number;
  readonly wireBytes: number;
  readonly attempts: number;
  readonly statuses: readonly number[];
  readonly delivered: boolean;
}

/** Splits records into chunks as Fluent Bit's input buffer does: a chunk closes once it reaches the limit. */
export function chunk(records: readonly LogRecord[], limitBytes = FLUENT_BIT_MAX_CHUNK_BYTES): LogRecord[][] {
  const chunks: LogRecord[][] = [];
  let current: LogRecord[] = [];
  let size = 0;
  for (const record of records) {
    current.push(record);
    // Fluent Bit's event format: [[timestamp, metadata], record].
    size += encode([[record.time, {}], record.fields]).byteLength;
    if (size >= limitBytes) {
      chunks.push(current);
      current = [];
      size = 0;
    }
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** The request body of one chunk in `Format json`. */
export function jsonBody(records: readonly LogRecord[], options: Record<string, string>): string {
  const dateKey = options.json_date_key ?? 'date';
  if (options.Format !== 'json') throw new Error(`only Format json is reproduced, got ${options.Format}`);
  if ((options.json_date_format ?? 'double') !== 'double') throw new Error('only json_date_format double');
  return JSON.stringify(records.map((r) => ({ [dateKey]: r.time, ...r.fields })));
}

function expand(value: string, env: Record<string, string>): string {
  return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => env[name] ?? '');
}

/** What Terraform makes of a literal string in its JSON: `$${` is `${`, `%%{` is `%{`. */
function terraformEvaluated(options: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(options).map(([k, v]) => [k, v.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{')]),
  );
}

export async function sendChunks(
  chunks: readonly LogRecord[][],
  sender: SenderOptions,
): Promise<ChunkDelivery[]> {
  const options = terraformEvaluated(sender.options);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  // FireLens renders `Header` once; Fluent Bit's config takes the value after the name.
  const header = expand(options.Header ?? '', sender.env).trim();
  if (header) {
    const [name, ...value] = header.split(/\s+/);
    headers[name.toLowerCase()] = value.join(' ');
  }
  const gzip = options.compress === 'gzip';
  if (gzip) headers['content-encoding'] = 'gzip';
  const retryLimit =
    options.Retry_Limit === 'no_limits' ? Number.POSITIVE_INFINITY : Number(options.Retry_Limit ?? 1);
  const url = `${sender.baseUrl}${options.URI}`;

  const deliveries: ChunkDelivery[] = [];
  for (const records of chunks) {
    const json = jsonBody(records, options);
    const body = gzip ? gzipSync(json) : Buffer.from(json);
    const statuses: number[] = [];
    let delivered = false;
    // The first try plus Retry_Limit retries.
    for (let attempt = 0; attempt <= retryLimit && !delivered; attempt++) {
      if (attempt > 0)
        await new Promise((r) => setTimeout(r, (sender.backoffMs ?? 10) * 2 ** Math.min(attempt, 6)));
      try {
        const res = await fetch(url, { method: 'POST', headers, body });
        await res.arrayBuffer();
        statuses.push(res.status);
        delivered = res.status >= 200 && res.status <= 205;
      } catch {
        statuses.push(0);
      }
    }
    deliveries.push({
      records: records.length,
      msgpackBytes: records.reduce((n, r) => n + encode([[r.time, {}], r.fields]).byteLength, 0),
      jsonBytes: Buffer.byteLength(json),
      wireBytes: body.length,
      attempts: statuses.length,
      statuses,
      delivered,
    });
  }
  return deliveries;
}
