// `npm run dashboard:demo-data`: loads demo events (the test fixtures, normalized by the collector's
// normalizers, for every product of the platform config) and PagerDuty incident lifecycles into MONGODB_URI.
import { MongoClient } from 'mongodb';
import { demoEvents, loadDemoData } from '../dashboard/demo-data';
import { demoIncidentEvents } from '../dashboard/demo-incidents';
import { productEnvironments } from '../stacks/config/environment';
import { loadPlatformConfig, resolveConfigPath } from '../stacks/config/load';

async function main(): Promise<void> {
  const uri = process.env.MONGODB_URI;
  if (!uri) {
    console.error('set MONGODB_URI (e.g. mongodb://127.0.0.1:27017/) to the store to fill');
    process.exit(2);
  }
  const platform = loadPlatformConfig(resolveConfigPath(process.argv.slice(2), process.env));
  const products = platform.products.map((p) => p.name);
  const now = new Date();
  const environments = productEnvironments(platform.products);
  const base = demoEvents(products, now, undefined, environments);
  // Incident lifecycles over the last two weeks, for the incidents panel and postmortems.
  const data = { ...base, events: [...base.events, ...demoIncidentEvents(products, now, environments)] };
  for (const s of data.skipped) console.warn(`skipped ${s.file}: ${s.reason}`);
  const client = await new MongoClient(uri, { serverSelectionTimeoutMS: 5000 }).connect();
  try {
    const n = await loadDemoData(client.db(process.env.EVENTS_DB_NAME ?? 'observability'), data);
    console.log(`loaded ${n} demo events for ${products.join(', ')}`);
  } finally {
    await client.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
