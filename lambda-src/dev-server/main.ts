// `npm run collector:dev`: the collector on http://127.0.0.1:$PORT, writing to $MONGODB_URI.
//   PORT                 default 8787
//   MONGODB_URI          default mongodb://127.0.0.1:27017/ (FerretDB from scripts/ferretdb/start.sh: 27217)
//   DEV_API_KEYS         "key=product,..."; default "dev-payments-key=payments,dev-search-key=search"
//   DEV_SIGNING_SECRETS  optional, the JSON of SIGNING_SECRETS_ARN, to try signed PagerDuty/Sentry deliveries
//   EVENTS_DB_NAME, LOG_RETENTION_DAYS, MAX_BODY_BYTES as for the Lambda
import type { AddressInfo } from 'node:net';
import { loadCollectorConfig } from '../collector/config';
import { createCollectorDeps } from '../collector/handler';
import { parseSigningSecrets } from '../collector/signatures/signing-secrets';
import { connectedDb } from '../collector/store/connection';
import { ensureIndexes } from '../collector/store/ensure-indexes';
import { DEFAULT_DEV_API_KEYS, parseDevApiKeys } from './dev-keys';
import { createDevServer } from './server';

function main(): void {
  const env = process.env;
  const mongodbUri = env.MONGODB_URI || 'mongodb://127.0.0.1:27017/';
  const apiKeys = parseDevApiKeys(env.DEV_API_KEYS || DEFAULT_DEV_API_KEYS);
  const signing = env.DEV_SIGNING_SECRETS ? parseSigningSecrets(env.DEV_SIGNING_SECRETS) : undefined;
  // The server supplies the key ids itself; API_KEY_PRODUCTS would only log a warning here.
  const config = loadCollectorConfig({ ...env, MONGODB_URI: mongodbUri, API_KEY_PRODUCTS: '{}' });
  const deps = { ...createCollectorDeps(config), signingSecrets: async () => signing };
  const server = createDevServer({ apiKeys, deps });
  // In AWS the deploy-time bootstrap creates the indexes (the collector's user may not); locally, here.
  connectedDb(config)
    .then((db) => ensureIndexes(db, console))
    .catch((err: unknown) => console.error(`indexes not created: ${(err as Error).message}`));

  server.listen(Number(env.PORT || 8787), '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo;
    const base = `http://127.0.0.1:${port}`;
    const [key, product] = Object.entries(apiKeys)[0];
    console.log(`collector dev server on ${base}, writing to ${mongodbUri} (database ${config.dbName})`);
    console.log(
      `API keys: ${Object.entries(apiKeys)
        .map(([k, p]) => `${k} -> ${p}`)
        .join(', ')}`,
    );
    console.log(
      `signatures: ${signing ? 'checked with DEV_SIGNING_SECRETS' : 'not checked (DEV_SIGNING_SECRETS unset)'}`,
    );
    console.log(`
try it (as product "${product}"):
  curl -s -X POST ${base}/events -H 'x-api-key: ${key}' -H 'content-type: application/json' \\
    --data-binary @test/fixtures/events/ecs/ecs-deployment-state-change.failed.awsdocs.json
  curl -s -X POST ${base}/webhooks/pagerduty -H 'x-api-key: ${key}' -H 'content-type: application/json' \\
    --data-binary @test/fixtures/events/pagerduty/webhook-v3.incident.priority_updated.pagerduty-docs.json
  curl -s -X POST '${base}/webhooks/sentry?apiKey=${key}' -H 'sentry-hook-resource: issue' \\
    -H 'content-type: application/json' --data-binary @test/fixtures/events/sentry/webhook.issue.created.sentry-docs.json
  curl -s -X POST ${base}/webhooks/fluentbit -H 'x-api-key: ${key}' -H 'content-type: application/json' \\
    --data '[{"date":1700000000.5,"log":"GET /health 200","container_name":"app"}]'
`);
  });
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

try {
  main();
} catch (err) {
  console.error((err as Error).message);
  process.exit(2);
}
