// `npm run dashboard:dev`: DEV ONLY. Serves the dashboard and its query API on http://127.0.0.1:8787
// against MONGODB_URI, without sign-in. Load demo data first with `npm run dashboard:demo-data`.
import { startDevServer } from '../dashboard/dev-server';
import { productEnvironments } from '../stacks/config/environment';
import { loadPlatformConfig, resolveConfigPath } from '../stacks/config/load';

async function main(): Promise<void> {
  const mongodbUri = process.env.MONGODB_URI;
  if (!mongodbUri) {
    console.error('set MONGODB_URI (e.g. mongodb://127.0.0.1:27017/) to the store to read');
    process.exit(2);
  }
  const platform = loadPlatformConfig(resolveConfigPath(process.argv.slice(2), process.env));
  const server = await startDevServer({
    mongodbUri,
    dbName: process.env.EVENTS_DB_NAME,
    products: platform.products.map((p) => p.name),
    environments: productEnvironments(platform.products),
    port: Number(process.env.PORT ?? 8787),
  });
  console.log(`dashboard (DEV, no sign-in) at ${server.url}`);
  if (server.eventCount === 0)
    console.log('no events stored yet: load demo data with `npm run dashboard:demo-data`');
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
