// Fluent Bit `http` output with `format json` (`POST /webhooks/fluentbit`): a JSON array of records per
// flush, each with a `date` key (epoch seconds, float). One `log` document (source applog) per record;
// `raw` is the record. FireLens adds container_name, container_id, ecs_cluster, ecs_task_arn,
// ecs_task_definition and source (stdout/stderr).
import type { DeliveryContext, NormalizedEvent, NormalizeResult, Severity } from '../normalized-event';
import { awsAccount, fail, firstLine, isoUtc, lookup, ok, parseArn, toEvent } from './common';

const LEVEL_KEYS = ['level', 'severity', 'log_level', 'loglevel', 'levelname', 'lvl'] as const;
const MESSAGE_KEYS = ['log', 'message', 'msg'] as const;
const TIME_KEYS = ['date', 'time', 'timestamp', '@timestamp'] as const;

const LEVEL_NAMES: Record<string, Severity> = {
  emerg: 'critical',
  emergency: 'critical',
  alert: 'critical',
  crit: 'critical',
  critical: 'critical',
  fatal: 'critical',
  panic: 'critical',
  err: 'high',
  error: 'high',
  warn: 'medium',
  warning: 'medium',
  notice: 'low',
  info: 'info',
  information: 'info',
  debug: 'info',
  trace: 'info',
};

// Stack traces and error-level markers: "Exception in thread", "java.lang.RuntimeException", "ReferenceError",
// "ERROR", "[error]", "panic:", "Traceback". Plural "errors" (a count) does not count.
const ERROR_LINE =
  /\b(?:error|err|fatal|panic|critical|crit|exception|traceback|uncaught)\b|[a-z](?:Exception|Error)\b/i;

/**
 * Severity of one record: a level field (names, or pino/bunyan numbers 60 fatal … 40 warn), also read from a
 * JSON log line; without one, an error-looking line → high; otherwise info.
 */
export function logSeverity(record: Record<string, unknown>, message: string | undefined): Severity {
  const level = levelOf(record) ?? levelOf(parseJsonLine(record.log));
  if (level) return level;
  return message !== undefined && ERROR_LINE.test(message) ? 'high' : 'info';
}

function levelOf(record: Record<string, unknown> | undefined): Severity | undefined {
  if (!record) return undefined;
  for (const key of LEVEL_KEYS) {
    const v = record[key];
    if (typeof v === 'string') {
      const byName = lookup(LEVEL_NAMES, v.trim().toLowerCase());
      if (byName) return byName;
    } else if (typeof v === 'number' && v >= 10 && v <= 60) {
      // pino / bunyan numeric levels.
      if (v >= 60) return 'critical';
      if (v >= 50) return 'high';
      if (v >= 40) return 'medium';
      return 'info';
    }
  }
  return undefined;
}

/** An application log line that is itself JSON (structured logging), parsed; otherwise undefined. */
function parseJsonLine(line: unknown): Record<string, unknown> | undefined {
  if (typeof line !== 'string' || !line.startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(line);
    return isRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() ? v : undefined;
}

function messageOf(record: Record<string, unknown>): string | undefined {
  const structured = parseJsonLine(record.log);
  for (const source of structured ? [structured, record] : [record]) {
    for (const key of MESSAGE_KEYS) {
      const v = str(source[key]);
      if (v) return v;
    }
  }
  return undefined;
}

function timeOf(record: Record<string, unknown>): string | undefined {
  for (const key of TIME_KEYS) {
    const iso = isoUtc(record[key]);
    if (iso) return iso;
  }
  return undefined;
}

/** Compact JSON of the record without its date, for records that carry no message. */
function describe(record: Record<string, unknown>): string {
  const { date: _date, ...rest } = record;
  return JSON.stringify(rest);
}

export function normalizeFluentBit(payload: unknown, ctx: DeliveryContext): NormalizeResult {
  if (!Array.isArray(payload)) {
    return fail('Fluent Bit batch: expected a JSON array of records (http output with format json)');
  }
  const events: NormalizedEvent[] = [];
  // Identical records in one batch are distinct log lines: the occurrence number keeps their ids apart.
  const seen = new Map<string, number>();
  for (const [i, record] of payload.entries()) {
    if (!isRecord(record)) return fail(`Fluent Bit batch: record [${i}] is not a JSON object`);
    const content = JSON.stringify(record);
    const occurrence = seen.get(content) ?? 0;
    seen.set(content, occurrence + 1);
    const message = messageOf(record);
    const container = str(record.container_name);
    const taskArn = str(record.ecs_task_arn);
    const arn = parseArn(taskArn);
    const line = message !== undefined ? firstLine(message) : describe(record);
    events.push(
      toEvent(ctx, 'applog', [content, occurrence], {
        kind: 'log',
        severity: logSeverity(record, message),
        status: 'info',
        title: container ? `[${container}] ${line}` : line,
        // A record without any time key is dated by its arrival (Fluent Bit adds `date` unless disabled).
        occurredAt: timeOf(record) ?? ctx.receivedAt,
        account: awsAccount(arn?.account),
        region: arn?.region || undefined,
        resource: taskArn ?? container ?? str(record.container_id),
        raw: record,
      }),
    );
  }
  return ok(events);
}
