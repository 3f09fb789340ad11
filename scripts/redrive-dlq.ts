// `npm run redrive-dlq -- --queue-name obs-<product>-<env>-events-dlq [--dry-run] [--max N]`
// Sends the events EventBridge dead-lettered (collector unreachable, key rotated, rate limited for a day)
// to the collector's POST /events again, and deletes from the queue only what the collector accepted.
// Runbook: docs/event-forwarding.md ("Dead-letter runbook").
import { parseArgs } from 'node:util';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';

/** One dead-lettered event: the SQS body is the original EventBridge event. */
export interface DeadLetter {
  readonly messageId: string;
  readonly receiptHandle: string;
  readonly body: string;
  /** EventBridge's message attributes: RULE_ARN, TARGET_ARN, ERROR_CODE, ERROR_MESSAGE, … */
  readonly attributes: Readonly<Record<string, string>>;
}

/** The queue as the redrive needs it. */
export interface DeadLetterQueue {
  /** Up to `max` messages, hidden from other readers until deleted or released. */
  receive(max: number): Promise<DeadLetter[]>;
  delete(message: DeadLetter): Promise<void>;
  /** Makes a message visible again at once (it stays in the queue). */
  release(message: DeadLetter): Promise<void>;
}

/** The subset of `fetch` the redrive uses (injected in tests). */
export type PostFn = (
  url: string,
  init: { method: 'POST'; headers: Record<string, string>; body: string },
) => Promise<{ readonly status: number; text(): Promise<string> }>;

export interface RedriveOptions {
  readonly queue: DeadLetterQueue;
  readonly post: PostFn;
  /** Collector base URL (`https://…/v1`); events go to `<endpoint>/events`. */
  readonly endpoint: string;
  /** The product's collector API key. */
  readonly apiKey: string;
  /** Only list what would be sent; nothing is posted or deleted. */
  readonly dryRun?: boolean;
  /** Most messages handled in this run. @default 100 */
  readonly max?: number;
  readonly log?: (line: string) => void;
}

export interface RedriveSummary {
  /** Messages taken from the queue. */
  readonly received: number;
  /** Accepted by the collector (2xx) and deleted from the queue. */
  readonly accepted: number;
  /** Refused by the collector (4xx other than auth); kept in the queue. */
  readonly rejected: number;
  /** Not delivered (5xx, 429, network); kept in the queue. */
  readonly failed: number;
  /** Listed only (dry run); kept in the queue. */
  readonly listed: number;
  /** Why the run stopped early, if it did. */
  readonly aborted?: string;
}

const BATCH = 10; // SQS ReceiveMessage maximum

function describe(message: DeadLetter): string {
  let what = 'unparseable body';
  try {
    const event = JSON.parse(message.body) as Record<string, unknown>;
    what = `${event.source ?? '?'} / ${event['detail-type'] ?? '?'} (event ${event.id ?? '?'})`;
  } catch {
    // Sent as is: the collector quarantines what it cannot read.
  }
  const error = message.attributes.ERROR_CODE ? `, dead-lettered for ${message.attributes.ERROR_CODE}` : '';
  return `${message.messageId}: ${what}${error}`;
}

/**
 * Re-posts dead-lettered events to the collector. Messages the collector did not accept stay hidden until
 * the end of the run (so one run never posts the same event twice) and are then released for a later run.
 */
export async function redrive(options: RedriveOptions): Promise<RedriveSummary> {
  const { queue, post, dryRun = false, max = 100 } = options;
  const log = options.log ?? (() => {});
  if (!Number.isInteger(max) || max < 1) throw new Error(`--max must be a positive integer, got ${max}`);
  const url = `${options.endpoint.replace(/\/+$/, '')}/events`;
  const kept: DeadLetter[] = [];
  const seen = new Set<string>();
  const acceptedIds = new Set<string>();
  let received = 0;
  let accepted = 0;
  let rejected = 0;
  let failed = 0;
  let listed = 0;
  let aborted: string | undefined;

  receiving: while (received < max) {
    const batch = await queue.receive(Math.min(BATCH, max - received));
    if (batch.length === 0) break;
    for (const [index, message] of batch.entries()) {
      if (seen.has(message.messageId)) {
        // Delivered twice by SQS (at-least-once): handled once in this run, never posted twice.
        if (acceptedIds.has(message.messageId)) await queue.delete(message);
        else kept.push(message);
        continue;
      }
      seen.add(message.messageId);
      received++;
      if (dryRun) {
        listed++;
        kept.push(message);
        log(`would send ${describe(message)}`);
        continue;
      }
      let status: number;
      let answer = '';
      try {
        const response = await post(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': options.apiKey },
          body: message.body,
        });
        status = response.status;
        if (status < 200 || status >= 300) answer = (await response.text()).slice(0, 200);
      } catch (err) {
        failed++;
        kept.push(message);
        log(`failed ${describe(message)}: ${(err as Error).message}`);
        continue;
      }
      if (status >= 200 && status < 300) {
        await queue.delete(message);
        acceptedIds.add(message.messageId);
        accepted++;
        log(`sent ${describe(message)} (${status})`);
      } else if (status === 401 || status === 403) {
        failed++;
        kept.push(message);
        aborted = `the collector refused the API key (${status}); check the key and the endpoint`;
        log(`stopped: ${aborted}`);
        kept.push(...batch.slice(index + 1));
        break receiving;
      } else if (status === 429 || status >= 500) {
        failed++;
        kept.push(message);
        log(`failed ${describe(message)}: ${status} ${answer}`);
      } else {
        rejected++;
        kept.push(message);
        log(`rejected ${describe(message)}: ${status} ${answer}`);
      }
    }
  }

  // Everything not accepted goes back to the queue now rather than after the visibility timeout.
  for (const message of kept) {
    try {
      await queue.release(message);
    } catch (err) {
      // It reappears by itself when its visibility timeout ends.
      log(`could not release ${message.messageId} now: ${(err as Error).message}`);
    }
  }
  return { received, accepted, rejected, failed, listed, ...(aborted ? { aborted } : {}) };
}

/** Minimal SQS client surface (the SDK's `SQSClient` satisfies it). */
export interface SqsSender {
  send(command: unknown): Promise<unknown>;
}

/** The dead-letter queue backed by SQS. */
export function sqsDeadLetterQueue(
  client: SqsSender,
  queueUrl: string,
  visibilityTimeoutSeconds = 300,
): DeadLetterQueue {
  return {
    async receive(max) {
      const out = (await client.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: max,
          WaitTimeSeconds: 2,
          VisibilityTimeout: visibilityTimeoutSeconds,
          MessageAttributeNames: ['All'],
        }),
      )) as {
        Messages?: {
          MessageId?: string;
          ReceiptHandle?: string;
          Body?: string;
          MessageAttributes?: Record<string, { StringValue?: string }>;
        }[];
      };
      return (out.Messages ?? []).map((m) => ({
        messageId: m.MessageId ?? '',
        receiptHandle: m.ReceiptHandle ?? '',
        body: m.Body ?? '',
        attributes: Object.fromEntries(
          Object.entries(m.MessageAttributes ?? {}).map(([k, v]) => [k, v.StringValue ?? '']),
        ),
      }));
    },
    async delete(message) {
      await client.send(
        new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.receiptHandle }),
      );
    },
    async release(message) {
      await client.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: queueUrl,
          ReceiptHandle: message.receiptHandle,
          VisibilityTimeout: 0,
        }),
      );
    },
  };
}

export interface CliArgs {
  readonly queueUrl?: string;
  readonly queueName?: string;
  readonly region?: string;
  readonly endpoint?: string;
  readonly secretId?: string;
  readonly apiKeyEnv: string;
  readonly dryRun: boolean;
  readonly max: number;
}

export const USAGE = `Usage: npm run redrive-dlq -- (--queue-name NAME | --queue-url URL) [options]
  --dry-run              list the dead-lettered events; post and delete nothing
  --max N                handle at most N messages (default 100)
  --region REGION        region of the queue (default: the AWS SDK's)
  --secret-id ARN        read {"endpoint","apiKey"} from the product's collector secret
  --endpoint URL         collector base URL (default: from the secret, else $COLLECTOR_ENDPOINT)
  --api-key-env NAME     environment variable holding the API key when no secret is given
                         (default COLLECTOR_API_KEY)`;

export function parseCliArgs(argv: readonly string[]): CliArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      'queue-url': { type: 'string' },
      'queue-name': { type: 'string' },
      region: { type: 'string' },
      endpoint: { type: 'string' },
      'secret-id': { type: 'string' },
      'api-key-env': { type: 'string', default: 'COLLECTOR_API_KEY' },
      'dry-run': { type: 'boolean', default: false },
      max: { type: 'string', default: '100' },
    },
    strict: true,
  });
  if (!values['queue-url'] === !values['queue-name'])
    throw new Error('give exactly one of --queue-url, --queue-name');
  const max = Number(values.max);
  if (!Number.isInteger(max) || max < 1)
    throw new Error(`--max must be a positive integer, got ${values.max}`);
  return {
    queueUrl: values['queue-url'],
    queueName: values['queue-name'],
    region: values.region,
    endpoint: values.endpoint,
    secretId: values['secret-id'],
    apiKeyEnv: values['api-key-env'] as string,
    dryRun: values['dry-run'] as boolean,
    max,
  };
}

/** Endpoint and key: from the collector secret when named, else from the environment. */
export async function collectorCredentials(
  args: CliArgs,
  env: NodeJS.ProcessEnv,
  readSecret: (secretId: string) => Promise<string>,
): Promise<{ endpoint: string; apiKey: string }> {
  let endpoint = args.endpoint ?? env.COLLECTOR_ENDPOINT;
  let apiKey = env[args.apiKeyEnv];
  if (args.secretId) {
    const secret = JSON.parse(await readSecret(args.secretId)) as { endpoint?: string; apiKey?: string };
    endpoint = args.endpoint ?? secret.endpoint;
    apiKey = secret.apiKey;
  }
  if (!endpoint)
    throw new Error('no collector endpoint: pass --endpoint, --secret-id or set COLLECTOR_ENDPOINT');
  if (!apiKey) throw new Error(`no API key: pass --secret-id or set ${args.apiKeyEnv}`);
  if (!endpoint.startsWith('https://'))
    throw new Error(`the collector endpoint must be https://, got ${endpoint}`);
  return { endpoint, apiKey };
}

async function main(): Promise<number> {
  let args: CliArgs;
  try {
    args = parseCliArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const sqs = new SQSClient(args.region ? { region: args.region } : {});
  const { endpoint, apiKey } = await collectorCredentials(args, process.env, async (secretId) => {
    // The collector secret lives in the central account's region, named in its ARN.
    const region = /^arn:aws[a-z-]*:secretsmanager:([a-z0-9-]+):/.exec(secretId)?.[1];
    const client = new SecretsManagerClient(region ? { region } : {});
    const out = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    return out.SecretString ?? '';
  });
  const queueUrl =
    args.queueUrl ?? (await sqs.send(new GetQueueUrlCommand({ QueueName: args.queueName }))).QueueUrl ?? '';
  const summary = await redrive({
    queue: sqsDeadLetterQueue(sqs, queueUrl),
    post: (url, init) => fetch(url, init),
    endpoint,
    apiKey,
    dryRun: args.dryRun,
    max: args.max,
    log: (line) => console.log(line),
  });
  console.log(
    `${args.dryRun ? 'dry run: ' : ''}received ${summary.received}, accepted ${summary.accepted}, ` +
      `rejected ${summary.rejected}, failed ${summary.failed}, listed ${summary.listed}` +
      (summary.aborted ? ` (stopped: ${summary.aborted})` : ''),
  );
  return summary.failed + summary.rejected > 0 || summary.aborted ? 1 : 0;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err) => {
      console.error((err as Error).message);
      process.exit(1);
    },
  );
}
