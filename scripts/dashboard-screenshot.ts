// `npm run dashboard:screenshot`: regenerates docs/dashboard-overview.png and docs/dashboard-postmortem.png
// from demo data (a postmortem is written for the first resolved demo incident). Needs
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
const POSTMORTEM_OUT = path.resolve(__dirname, '..', 'docs', 'dashboard-postmortem.png');

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
    // An incident with a postmortem: created from a resolved demo incident (one whose priority was raised,
    // when there is one), with an action item and a note.
    const resolved = (await page.evaluate(async () => {
      const res = await fetch('/api/incidents?days=90');
      return ((await res.json()) as { incidents: unknown }).incidents;
    })) as { id: string; status: string; changes: unknown[] }[];
    const shown =
      resolved.find((i) => i.status === 'resolved' && i.changes.length > 0) ??
      resolved.find((i) => i.status === 'resolved');
    if (!shown) throw new Error('the demo data has no resolved incident');
    await page.locator('#incident-days').selectOption('90');
    await page.locator(`#incident-list button[data-incident="${shown.id}"]`).click();
    await page.locator('#postmortem > *').first().waitFor();
    const create = page.locator('#pm-create');
    if (await create.count()) {
      await create.click();
      await page
        .locator('#pm-summary')
        .fill('Checkout requests failed with 5xx for 25 minutes after a connection pool change.');
      await page.locator('#pm-rootCause').fill('The pool size was set per task instead of per service.');
      await page.locator('#pm-timeline li input.pm-note').nth(1).fill('The alert that paged on-call.');
      await page.locator('#pm-save').click();
      await page.locator('#pm-meta', { hasText: 'version 2' }).waitFor();
      await page.locator('#pm-item-text').fill('Alarm on connection pool exhaustion');
      await page.locator('#pm-item-owner').fill('Ben Okafor');
      await page.locator('#pm-item-add').click();
      await page.locator('#pm-items li').first().waitFor();
    }
    // Tall enough for the whole dialog, from its top.
    await page.setViewportSize({ width: 1400, height: 1900 });
    await page.locator('#incident').evaluate((d) => d.scrollTo(0, 0));
    await page.locator('#incident').screenshot({ path: POSTMORTEM_OUT });
    console.log(`wrote ${path.relative(process.cwd(), POSTMORTEM_OUT)}`);
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
