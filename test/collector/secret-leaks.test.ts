// A secret that cannot be parsed is reported by its name, never by its content: not in the answer, not in
// a log line, not in a stored document. V8's JSON.parse messages quote the text around the bad character,
// so each malformed secret below makes the parser's message contain part of the secret.
import { format } from 'node:util';
import { MongoClient } from 'mongodb';
import { scratchDbName } from './support/db-test';
import { fixtureBytes, PAGERDUTY_VECTOR } from './support/fixtures';
import { API_KEY_PRODUCTS, proxyEvent } from './support/proxy-event';

const MONGODB_URI = process.env.MONGODB_URI;
if (!MONGODB_URI && process.env.CI === 'true')
  throw new Error('MONGODB_URI is not set: under CI the database tests must run (scripts/ferretdb/start.sh)');
const describeWithDb = MONGODB_URI ? describe : describe.skip;

const SIGNING_ARN = 'arn:aws:secretsmanager:ap-northeast-1:111111111111:secret:signing-AbCdEf';
const DOCDB_ARN = 'arn:aws:secretsmanager:ap-northeast-1:111111111111:secret:docdb-AbCdEf';

const SIGNING_SECRET = 'whsec_Zq81Kx7TfPl3vRw9';
const DB_PASSWORD = 'Hq7vZ-p4ssW0rd-K9xq2LmN';

/** Malformed signing secrets: broken JSON (the parser quotes it) and valid JSON of the wrong shape. */
const MALFORMED_SIGNING: Record<string, string> = {
  'bare value': SIGNING_SECRET,
  'unquoted value': `{"sentry": ${SIGNING_SECRET}}`,
  'missing comma': `{"sentry": {"payments": "${SIGNING_SECRET}"} "pagerduty": {}}`,
  'unquoted list item': `{"pagerduty": {"payments": [${SIGNING_SECRET}]}}`,
  'control character': `{"sentry": {"payments": "${SIGNING_SECRET}\u0001"}}`,
  'secret as unknown key': `{"${SIGNING_SECRET}": {"payments": "x"}}`,
  'secret where a map belongs': `{"sentry": "${SIGNING_SECRET}"}`,
  'secret where a list belongs': `{"pagerduty": {"payments": "${SIGNING_SECRET}"}}`,
};

const MALFORMED_DB: Record<string, string> = {
  'missing comma': `{"username":"master","password":"${DB_PASSWORD}" "host":"db.example","port":27017}`,
  'unquoted password': `{"username":"master","password":${DB_PASSWORD},"host":"db.example"}`,
  'bare value': DB_PASSWORD,
  'control character': `{"username":"master","password":"${DB_PASSWORD}\u0002","host":"db"}`,
};

const mockSecretValues = new Map<string, string>();
jest.mock('../../lambda-src/collector/aws/secrets-manager', () => ({
  getSecretString: async (id: string) => {
    const value = mockSecretValues.get(id);
    if (value === undefined) throw new Error(`no such secret ${id}`);
    return value;
  },
  forgetSecret: () => undefined,
}));

/** Every 6-character piece of the secret: a quote of any part of it is a leak. */
function pieces(secret: string): string[] {
  return Array.from({ length: secret.length - 5 }, (_, i) => secret.slice(i, i + 6));
}

function expectNoPieceOf(secret: string, where: string, text: string): void {
  const leaked = pieces(secret).filter((p) => text.includes(p));
  if (leaked.length > 0) throw new Error(`${where} quotes the secret (${leaked[0]}…):\n${text}`);
}

/** Everything written to the console (as Lambda would log it: with stacks and causes). */
function captureConsole() {
  const lines: string[] = [];
  const spies = (['error', 'warn', 'log', 'info', 'debug'] as const).map((m) =>
    jest.spyOn(console, m).mockImplementation((...args: unknown[]) => {
      lines.push(format(...args));
    }),
  );
  return {
    text: () => lines.join('\n'),
    restore: () => {
      for (const s of spies) s.mockRestore();
    },
  };
}

type Handler = typeof import('../../lambda-src/collector/handler').handler;

/** The handler module loaded fresh (a new Lambda container) with this environment. */
function freshHandler(env: Record<string, string>): { handler: Handler; reset: () => Promise<void> } {
  const saved = { ...process.env };
  process.env = { ...saved, API_KEY_PRODUCTS: JSON.stringify(API_KEY_PRODUCTS), ...env };
  let handler!: Handler;
  let reset!: () => Promise<void>;
  jest.isolateModules(() => {
    handler = require('../../lambda-src/collector/handler').handler;
    reset = require('../../lambda-src/collector/store/connection').resetConnection;
  });
  return {
    handler: async (event) => {
      try {
        return await handler(event);
      } finally {
        process.env = saved;
      }
    },
    reset,
  };
}

describe('a malformed DocumentDB secret', () => {
  test.each(Object.entries(MALFORMED_DB))('(%s) is answered 503 and logged by name only', async (_, text) => {
    mockSecretValues.set(DOCDB_ARN, text);
    const console_ = captureConsole();
    const { handler, reset } = freshHandler({ MONGODB_URI: '', DOCDB_SECRET_ARN: DOCDB_ARN });
    try {
      const res = await handler(proxyEvent('/webhooks/datadog', '{"title":"x"}'));

      expect(res.statusCode).toBe(503);
      expectNoPieceOf(DB_PASSWORD, 'the answer', JSON.stringify(res));
      expectNoPieceOf(DB_PASSWORD, 'the log', console_.text());
      expect(console_.text()).toContain('database secret (DOCDB_SECRET_ARN) is not valid JSON');
    } finally {
      console_.restore();
      await reset();
    }
  });
});

describeWithDb('a malformed signing secret', () => {
  let client: MongoClient;
  const dbName = scratchDbName('secret_leaks');

  beforeAll(async () => {
    client = await new MongoClient(MONGODB_URI!).connect();
  });
  afterAll(async () => {
    await client?.db(dbName).dropDatabase();
    await client?.close();
  });

  test.each(Object.entries(MALFORMED_SIGNING))(
    '(%s): the delivery is quarantined; answer, log and stored reason name the secret only',
    async (_, text) => {
      mockSecretValues.set(SIGNING_ARN, text);
      // The same delivery each time lands on one quarantine id: start from an empty collection.
      await client.db(dbName).collection('quarantine').deleteMany({});
      const console_ = captureConsole();
      const { handler, reset } = freshHandler({
        MONGODB_URI: MONGODB_URI!,
        EVENTS_DB_NAME: dbName,
        SIGNING_SECRETS_ARN: SIGNING_ARN,
      });
      try {
        const res = await handler(
          proxyEvent('/webhooks/pagerduty', fixtureBytes(PAGERDUTY_VECTOR.body), {
            headers: { 'X-PagerDuty-Signature': PAGERDUTY_VECTOR.signature },
          }),
        );

        expect(res.statusCode).toBe(202);
        const answer = JSON.parse(res.body);
        expect(answer.reason).toMatch(
          /^signature not checked: signing secrets unavailable \(signing secrets/,
        );
        const stored = await client.db(dbName).collection('quarantine').findOne({ _id: answer.ids[0] });
        expect(stored?.reason).toBe(answer.reason);
        expectNoPieceOf(SIGNING_SECRET, 'the answer', JSON.stringify(res));
        expectNoPieceOf(SIGNING_SECRET, 'the log', console_.text());
        expectNoPieceOf(SIGNING_SECRET, 'the stored document', JSON.stringify(stored));
      } finally {
        console_.restore();
        await reset();
      }
    },
  );
});
