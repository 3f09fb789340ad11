// `npm run dashboard:screenshot`: regenerates docs/dashboard-overview.png from demo data. Needs
// MONGODB_URI (its demo documents are replaced) and Chromium at /usr/bin/chromium (or CHROMIUM_PATH).
import * as path from 'node:path';
import { MongoClient } from 'mongodb';
import { launchChromium } from '../dashboard/browser';
import { demoEvents, loadDemoData } from '../dashboard/demo-data';
import { demoIncidentEvents } from '../dashboard/demo-incidents';
import { startDevServer } from '../dashboard/dev-server';
import { productEnvironments } from '../stacks/config/environment';
import { EXAMPLE_CONFIG_PATH, loadPlatformConfig } from '../stacks/config/load';

const OUT = path.resolve(__dirname, '..', 'docs', 'dashboard-overview.png');

async function main(): Promise<void> {
  const mongodbUri = process.env.MONGODB_URI;
  if (!mongodbUri) {
    console.error('set MONGODB_URI to a store the demo data may be loaded into');
    process.exit(2);
  }
  const platform = loadPlatformConfig(EXAMPLE_CONFIG_PATH);
  const products = platform.products.map((p) => p.name);
  const environments = productEnvironments(platform.products);
  const client = await new MongoClient(mongodbUri).connect();
  const now = new Date();
  const base = demoEvents(products, now, undefined, environments);
  await loadDemoData(client.db(process.env.EVENTS_DB_NAME ?? 'observability'), {
    ...base,
    events: [...base.events, ...demoIncidentEvents(products, now, environments)],
  });
  await client.close();
  const server = await startDevServer({
    mongodbUri,
    dbName: process.env.EVENTS_DB_NAME,
    products,
    environments,
  });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, deviceScaleFactor: 1 });
    await page.goto(server.url);
    await page.locator('#grid tbody tr').first().waitFor();
    await page.locator('#events tbody tr').first().waitFor();
    await page.screenshot({ path: OUT, fullPage: false });
    console.log(`wrote ${path.relative(process.cwd(), OUT)}`);
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
