import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
} from '@aws-sdk/client-sqs';
import {
  collectorCredentials,
  type DeadLetter,
  type DeadLetterQueue,
  type PostFn,
  parseCliArgs,
  redrive,
  sqsDeadLetterQueue,
} from '../../scripts/redrive-dlq';
import { fixtureText } from '../support/synth';

const ENDPOINT = 'https://abc123.execute-api.ap-northeast-1.amazonaws.com/v1';

/** An in-memory SQS queue: received messages are hidden until deleted or released. */
class FakeQueue implements DeadLetterQueue {
  readonly visible: DeadLetter[];
  readonly hidden: DeadLetter[] = [];
  readonly deleted: string[] = [];
  readonly released: string[] = [];
  receives = 0;

  constructor(messages: DeadLetter[]) {
    this.visible = [...messages];
  }

  async receive(max: number): Promise<DeadLetter[]> {
    this.receives++;
    const batch = this.visible.splice(0, max);
    this.hidden.push(...batch);
    return batch;
  }

  async delete(message: DeadLetter): Promise<void> {
    this.deleted.push(message.messageId);
    this.hidden.splice(this.hidden.indexOf(message), 1);
  }

  async release(message: DeadLetter): Promise<void> {
    this.released.push(message.messageId);
    this.hidden.splice(this.hidden.indexOf(message), 1);
    this.visible.push(message);
  }
}

const REAL_EVENTS = [
  'events/ecs/ecs-deployment-state-change.failed.awsdocs.json',
  'events/config/config-rules-compliance-change.eventbridge.unattributed.json',
  'events/inspector2/inspector2-finding.ec2-package-vulnerability.awsdocs.json',
];

function deadLetters(count = REAL_EVENTS.length): DeadLetter[] {
  return Array.from({ length: count }, (_, i) => ({
    messageId: `m-${i}`,
    receiptHandle: `r-${i}`,
    body: fixtureText(REAL_EVENTS[i % REAL_EVENTS.length]),
    attributes: { ERROR_CODE: 'SDK_CLIENT_ERROR', RULE_ARN: 'arn:aws:events:ap-northeast-1:1:rule/obs-x' },
  }));
}

/** A collector stand-in that answers each call with the next status (or throws for "network"). */
function collector(statuses: (number | 'network')[]) {
  const calls: { url: string; headers: Record<string, string>; body: string }[] = [];
  const post: PostFn = async (url, init) => {
    calls.push({ url, headers: init.headers, body: init.body });
    const status = statuses[Math.min(calls.length - 1, statuses.length - 1)];
    if (status === 'network') throw new Error('connect ETIMEDOUT');
    return { status, text: async () => (status >= 300 ? '{"message":"no"}' : '{"accepted":1}') };
  };
  return { post, calls };
}

describe('redrive', () => {
  test('posts each original event unchanged to /events with the product key and deletes what was accepted', async () => {
    const queue = new FakeQueue(deadLetters());
    const { post, calls } = collector([202]);
    const summary = await redrive({ queue, post, endpoint: `${ENDPOINT}/`, apiKey: 'k-123' });

    expect(summary).toEqual({ received: 3, accepted: 3, rejected: 0, failed: 0, listed: 0 });
    expect(calls.map((c) => c.url)).toEqual(Array(3).fill(`${ENDPOINT}/events`));
    expect(calls.map((c) => c.body)).toEqual(REAL_EVENTS.map((f) => fixtureText(f)));
    expect(calls[0].headers).toEqual({ 'content-type': 'application/json', 'x-api-key': 'k-123' });
    expect(queue.deleted).toEqual(['m-0', 'm-1', 'm-2']);
    expect(queue.visible).toEqual([]);
  });

  test('keeps what the collector did not accept, and posts nothing twice in one run', async () => {
    const queue = new FakeQueue(deadLetters());
    const { post, calls } = collector([200, 503, 'network']);
    const summary = await redrive({ queue, post, endpoint: ENDPOINT, apiKey: 'k' });

    expect(summary).toEqual({ received: 3, accepted: 1, rejected: 0, failed: 2, listed: 0 });
    expect(calls).toHaveLength(3);
    expect(queue.deleted).toEqual(['m-0']);
    expect(queue.released.sort()).toEqual(['m-1', 'm-2']);
    expect(queue.visible.map((m) => m.messageId).sort()).toEqual(['m-1', 'm-2']);
  });

  test('counts a 4xx answer as rejected and keeps the message', async () => {
    const queue = new FakeQueue(deadLetters(1));
    const { post } = collector([413]);
    const summary = await redrive({ queue, post, endpoint: ENDPOINT, apiKey: 'k' });
    expect(summary).toMatchObject({ accepted: 0, rejected: 1 });
    expect(queue.deleted).toEqual([]);
    expect(queue.visible).toHaveLength(1);
  });

  test('stops at the first refused API key instead of failing every message', async () => {
    const queue = new FakeQueue(deadLetters(25));
    const { post, calls } = collector([403]);
    const summary = await redrive({ queue, post, endpoint: ENDPOINT, apiKey: 'old' });
    expect(calls).toHaveLength(1);
    expect(summary.aborted).toBe('the collector refused the API key (403); check the key and the endpoint');
    expect(queue.deleted).toEqual([]);
    expect(queue.visible).toHaveLength(25);
    expect(queue.hidden).toEqual([]);
  });

  test('--dry-run lists the events, posts nothing, deletes nothing and leaves every message visible', async () => {
    const queue = new FakeQueue(deadLetters());
    const { post, calls } = collector([200]);
    const lines: string[] = [];
    const summary = await redrive({
      queue,
      post,
      endpoint: ENDPOINT,
      apiKey: 'k',
      dryRun: true,
      log: (l) => lines.push(l),
    });

    expect(summary).toEqual({ received: 3, accepted: 0, rejected: 0, failed: 0, listed: 3 });
    expect(calls).toEqual([]);
    expect(queue.deleted).toEqual([]);
    expect(queue.visible).toHaveLength(3);
    expect(lines[0]).toBe(
      'would send m-0: aws.ecs / ECS Deployment State Change (event ddca6449-b258-46c0-8653-e0e3aEXAMPLE), dead-lettered for SDK_CLIENT_ERROR',
    );
  });

  test('--max bounds the messages taken, in batches of at most 10', async () => {
    const queue = new FakeQueue(deadLetters(25));
    const asked: number[] = [];
    const receive = queue.receive.bind(queue);
    queue.receive = async (max) => {
      asked.push(max);
      return receive(max);
    };
    const { post } = collector([200]);
    const summary = await redrive({ queue, post, endpoint: ENDPOINT, apiKey: 'k', max: 13 });
    expect(summary.accepted).toBe(13);
    expect(asked).toEqual([10, 3]);
    expect(queue.visible).toHaveLength(12);
  });

  test('a message SQS delivers twice is posted once', async () => {
    const [one] = deadLetters(1);
    const queue = new FakeQueue([one, { ...one, receiptHandle: 'r-0-again' }]);
    const { post, calls } = collector([200]);
    const summary = await redrive({ queue, post, endpoint: ENDPOINT, apiKey: 'k' });
    expect(calls).toHaveLength(1);
    expect(summary.received).toBe(1);
    expect(queue.deleted).toEqual(['m-0', 'm-0']);
  });

  test('fails on a --max that is not a positive integer', async () => {
    await expect(
      redrive({
        queue: new FakeQueue([]),
        post: collector([200]).post,
        endpoint: ENDPOINT,
        apiKey: 'k',
        max: 0,
      }),
    ).rejects.toThrow('--max must be a positive integer, got 0');
  });
});

describe('SQS adapter', () => {
  test('receives with message attributes and a visibility timeout, deletes and releases by receipt handle', async () => {
    const sent: unknown[] = [];
    const client = {
      send: async (command: unknown) => {
        sent.push(command);
        if (command instanceof ReceiveMessageCommand) {
          return {
            Messages: [
              {
                MessageId: 'm-1',
                ReceiptHandle: 'r-1',
                Body: '{"source":"aws.ecs"}',
                MessageAttributes: { ERROR_CODE: { StringValue: 'SDK_CLIENT_ERROR', DataType: 'String' } },
              },
            ],
          };
        }
        return {};
      },
    };
    const queue = sqsDeadLetterQueue(client, 'https://sqs.ap-northeast-1.amazonaws.com/2/q', 120);
    const [message] = await queue.receive(7);
    expect(message).toEqual({
      messageId: 'm-1',
      receiptHandle: 'r-1',
      body: '{"source":"aws.ecs"}',
      attributes: { ERROR_CODE: 'SDK_CLIENT_ERROR' },
    });
    await queue.delete(message);
    await queue.release(message);
    const [receive, del, release] = sent as [
      ReceiveMessageCommand,
      DeleteMessageCommand,
      ChangeMessageVisibilityCommand,
    ];
    expect(receive.input).toMatchObject({
      MaxNumberOfMessages: 7,
      VisibilityTimeout: 120,
      MessageAttributeNames: ['All'],
    });
    expect(del).toBeInstanceOf(DeleteMessageCommand);
    expect(del.input).toEqual({
      QueueUrl: 'https://sqs.ap-northeast-1.amazonaws.com/2/q',
      ReceiptHandle: 'r-1',
    });
    expect(release).toBeInstanceOf(ChangeMessageVisibilityCommand);
    expect(release.input).toMatchObject({ ReceiptHandle: 'r-1', VisibilityTimeout: 0 });
  });
});

describe('command line', () => {
  test('parses the options', () => {
    expect(parseCliArgs(['--queue-name', 'obs-payments-prod-events-dlq', '--dry-run', '--max', '5'])).toEqual(
      {
        queueName: 'obs-payments-prod-events-dlq',
        queueUrl: undefined,
        region: undefined,
        endpoint: undefined,
        secretId: undefined,
        apiKeyEnv: 'COLLECTOR_API_KEY',
        dryRun: true,
        max: 5,
      },
    );
  });

  test('fails without a queue, with two queues, or with a bad --max', () => {
    expect(() => parseCliArgs([])).toThrow('give exactly one of --queue-url, --queue-name');
    expect(() => parseCliArgs(['--queue-name', 'a', '--queue-url', 'b'])).toThrow('give exactly one of');
    expect(() => parseCliArgs(['--queue-name', 'a', '--max', 'lots'])).toThrow(
      '--max must be a positive integer, got lots',
    );
  });

  test('takes the endpoint and key from the collector secret when named, else from the environment', async () => {
    const secret = JSON.stringify({ endpoint: ENDPOINT, apiKey: 'from-secret' });
    const fromSecret = await collectorCredentials(
      parseCliArgs(['--queue-name', 'q', '--secret-id', 'arn:x']),
      {},
      async () => secret,
    );
    expect(fromSecret).toEqual({ endpoint: ENDPOINT, apiKey: 'from-secret' });
    const fromEnv = await collectorCredentials(
      parseCliArgs(['--queue-name', 'q', '--api-key-env', 'PAYMENTS_KEY']),
      { COLLECTOR_ENDPOINT: ENDPOINT, PAYMENTS_KEY: 'from-env' },
      async () => {
        throw new Error('not read');
      },
    );
    expect(fromEnv).toEqual({ endpoint: ENDPOINT, apiKey: 'from-env' });
  });

  test('fails without a key or with a plain-http endpoint', async () => {
    const args = parseCliArgs(['--queue-name', 'q', '--endpoint', ENDPOINT]);
    await expect(collectorCredentials(args, {}, async () => '')).rejects.toThrow(
      'no API key: pass --secret-id or set COLLECTOR_API_KEY',
    );
    const http = parseCliArgs(['--queue-name', 'q', '--endpoint', 'http://collector.internal/v1']);
    await expect(collectorCredentials(http, { COLLECTOR_API_KEY: 'k' }, async () => '')).rejects.toThrow(
      'the collector endpoint must be https://, got http://collector.internal/v1',
    );
  });
});
