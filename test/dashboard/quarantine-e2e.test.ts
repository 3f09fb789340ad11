// The quarantine panel in headless Chromium: deliveries sent through the real collector (real normalizers,
// real store) that no normalizer recognized appear on the page, counted and readable, credentials masked.
import type { Browser, Page } from 'playwright-core';
import { chromiumAvailable, launchChromium } from '../../dashboard/browser';
import { type DevServer, startDevServer } from '../../dashboard/dev-server';
import { collect } from '../../lambda-src/collector/collect';
import { loadCollectorConfig } from '../../lambda-src/collector/config';
import { normalizeDelivery } from '../../lambda-src/collector/normalize';
import { MongoEventStore } from '../../lambda-src/collector/store/mongo-store';
import { testDeps } from '../collector/support/deps';
import { fixtureBytes } from '../collector/support/fixtures';
import { API_KEY_PRODUCTS, proxyEvent, SEARCH_KEY_ID } from '../collector/support/proxy-event';
import { exampleConfig } from '../support/synth';

const MONGODB_URI = process.env.MONGODB_URI;
const ready = Boolean(MONGODB_URI) && chromiumAvailable();
if (!ready && process.env.CI === 'true')
  throw new Error(
    'the quarantine browser test needs MONGODB_URI and Chromium at /usr/bin/chromium (or CHROMIUM_PATH)',
  );
const describeInBrowser = ready ? describe : describe.skip;

const PRODUCTS = exampleConfig().products.map((p) => p.name);
const EC2_EVENT = 'eventbridge/generic-envelope.powertools-python.json';
const SENTRY_ERROR = 'sentry/webhook.error.created.sentry-docs.json';
const API_KEY = 'k-3f9a-must-not-show';

describeInBrowser('quarantine panel in headless Chromium', () => {
  const dbName = `dashboard_quarantine_${process.pid}`;
  let server: DevServer;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const reasons: Record<string, string> = {};

  beforeAll(async () => {
    const { MongoClient } = await import('mongodb');
    const client = await new MongoClient(MONGODB_URI!).connect();
    const db = client.db(dbName);
    await db.dropDatabase();
    const { deps } = testDeps({
      config: loadCollectorConfig({ API_KEY_PRODUCTS: JSON.stringify(API_KEY_PRODUCTS) }),
      store: new MongoEventStore(async () => db, { logRetentionDays: 14 }),
      normalize: normalizeDelivery,
      now: () => new Date(),
    });
    const send = async (name: string, path: string, body: Buffer | string, opts = {}) => {
      const res = await collect(proxyEvent(path, body, opts), deps);
      expect(res.statusCode).toBe(name === 'malformed' ? 400 : 202);
      reasons[name] = JSON.parse(res.body).reason;
    };
    try {
      await send('ec2-payments', '/events', fixtureBytes(EC2_EVENT));
      await send('ec2-search', '/events', fixtureBytes(EC2_EVENT), { apiKeyId: SEARCH_KEY_ID });
      await send('malformed', '/webhooks/datadog', '{"title": "disk full", ');
      // A resource the Sentry normalizer does not know; sent with a key and a referer carrying it.
      await send('sentry', '/webhooks/sentry', fixtureBytes(SENTRY_ERROR), {
        headers: {
          'Sentry-Hook-Resource': 'installation',
          'X-Api-Key': API_KEY,
          Referer: `https://hooks.example.com/relay?apiKey=${API_KEY}&team=payments`,
        },
      });
    } finally {
      await client.close();
    }
    server = await startDevServer({ mongodbUri: MONGODB_URI!, dbName, products: PRODUCTS });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('request', (r) => !r.url().startsWith(server.url) && problems.push(`request to ${r.url()}`));
    await page.goto(server.url);
    await page.locator('#quarantine-groups tbody tr').first().waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    const { MongoClient } = await import('mongodb');
    const client = await new MongoClient(MONGODB_URI!).connect();
    await client.db(dbName).dropDatabase();
    await client.close();
  });

  it('counts quarantined deliveries per product, source and reason', async () => {
    const rows = await page
      .locator('#quarantine-groups tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 4).map((td) => td.textContent)),
      );
    expect(rows.sort()).toEqual(
      [
        ['payments', 'aws.ec2', reasons['ec2-payments'], '1'],
        ['search', 'aws.ec2', reasons['ec2-search'], '1'],
        ['payments', 'datadog', reasons.malformed, '1'],
        ['payments', 'sentry', reasons.sentry, '1'],
      ].sort(),
    );
    expect(await page.locator('#quarantine').getAttribute('data-total')).toBe('4');
    expect(await page.locator('#quarantine-total').textContent()).toMatch(
      /^4 quarantined deliveries in this period/,
    );
  });

  it('shows the newest deliveries with reason, body and only the headers worth keeping', async () => {
    const sentry = page.locator('#quarantine-deliveries details', { hasText: 'payments / sentry' });
    await sentry.locator('summary').click();
    expect(await sentry.locator('summary .reason').textContent()).toBe(reasons.sentry);
    const headers = Object.fromEntries(
      await sentry
        .locator('dl.headers dt')
        .evaluateAll((dts) => dts.map((dt) => [dt.textContent, dt.nextElementSibling?.textContent])),
    );
    expect(headers).toEqual({
      'content-type': 'application/json',
      referer: 'https://hooks.example.com/relay?apiKey=***&team=payments',
      'sentry-hook-resource': 'installation',
    });
    const raw = (await sentry.locator('pre.raw').textContent())!;
    // The body as received, but without the end user's address (the stored copy keeps it for replay).
    expect(JSON.parse(raw).data.error.event_id).toBe('bb78c1407cea4519aa397afc059c793d');
    expect(raw).not.toContain('162.218.85.90');
    expect(await page.locator('#quarantine').textContent()).not.toContain(API_KEY);

    const ec2 = page.locator('#quarantine-deliveries details', { hasText: 'payments / aws.ec2' });
    await ec2.locator('summary').click();
    expect(JSON.parse((await ec2.locator('pre.raw').textContent())!)).toEqual(
      JSON.parse(fixtureBytes(EC2_EVENT).toString('utf8')),
    );
  });

  it('loads nothing from another origin and logs no error (the CSP holds)', () => {
    expect(problems).toEqual([]);
  });
});
