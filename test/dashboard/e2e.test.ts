// The page in headless Chromium against the dev server with demo data: what an engineer on call sees.
// Runs when MONGODB_URI is set and Chromium is installed (CI installs both); otherwise jest reports it skipped.
import type { Browser, Page } from 'playwright-core';
import { chromiumAvailable, launchChromium } from '../../dashboard/browser';
import { type DemoData, demoEvents, loadDemoData } from '../../dashboard/demo-data';
import { type DevServer, startDevServer } from '../../dashboard/dev-server';
import { SEVERITIES, type Severity } from '../../lambda-src/collector/normalized-event';
import { signalsOf } from '../../lambda-src/query-api/signals';
import { productEnvironments } from '../../stacks/config/environment';
import { missing, suiteNeeding } from '../support/servers';
import { exampleConfig } from '../support/synth';
import { MONGODB_URI } from './support/mongo';

const CONFIG = exampleConfig();
const PRODUCTS = CONFIG.products.map((p) => p.name);
const ENVIRONMENTS = productEnvironments(CONFIG.products);
/** Grid rows: one per product environment of the example config (`payments/prod`, `payments/stg`, ...). */
const ROWS = Object.entries(ENVIRONMENTS).flatMap(([product, envs]) =>
  envs.map((env) => `${product}/${env}`),
);

/** Worst severity per product environment among the events the overview counts, from the demo data. */
function expectedWorst(data: DemoData): Record<string, Severity> {
  const worst: Record<string, Severity> = {};
  for (const e of data.events) {
    if (signalsOf(e).length === 0) continue;
    const row = `${e.product}/${e.env}`;
    const w = worst[row];
    if (!w || SEVERITIES.indexOf(e.severity) < SEVERITIES.indexOf(w)) worst[row] = e.severity;
  }
  return worst;
}

/** Polls a condition the page reaches asynchronously (a re-rendered list). */
async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const ready = MONGODB_URI && chromiumAvailable();
const suite = 'dashboard page in headless Chromium';

if (!ready) {
  suiteNeeding(suite, missing('mongodb', 'chromium'));
} else {
  describe(suite, () => {
    const dbName = `dashboard_e2e_${process.pid}`;
    let data: DemoData;
    let server: DevServer;
    let browser: Browser;
    let page: Page;
    const problems: string[] = [];

    beforeAll(async () => {
      const { MongoClient } = await import('mongodb');
      const client = await new MongoClient(MONGODB_URI!).connect();
      data = demoEvents(PRODUCTS, new Date(), undefined, ENVIRONMENTS);
      await client.db(dbName).dropDatabase();
      await loadDemoData(client.db(dbName), data);
      await client.close();
      server = await startDevServer({
        mongodbUri: MONGODB_URI!,
        dbName,
        products: PRODUCTS,
        environments: ENVIRONMENTS,
      });
      browser = await launchChromium();
      page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      // Any error, CSP violation or request to another origin is a failure of the page.
      page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('request', (r) => !r.url().startsWith(server.url) && problems.push(`request to ${r.url()}`));
      await page.goto(server.url);
      await page.locator('#events tbody tr').first().waitFor();
    });

    afterAll(async () => {
      await browser?.close();
      await server?.close();
      const { MongoClient } = await import('mongodb');
      const client = await new MongoClient(MONGODB_URI!).connect();
      await client.db(dbName).dropDatabase();
      await client.close();
    });

    it('shows every product environment of the example config with its worst severity, worst first', async () => {
      const worst = expectedWorst(data);
      const rows = await page
        .locator('#grid tbody tr')
        .evaluateAll((trs) =>
          trs.map((tr) => [
            `${tr.getAttribute('data-product')}/${tr.getAttribute('data-env')}`,
            tr.querySelector('[data-worst]')?.getAttribute('data-worst'),
            tr.querySelector('[data-worst]')?.textContent,
          ]),
        );
      expect(rows.map((r) => r[0]).sort()).toEqual([...ROWS].sort());
      for (const [row, attr, text] of rows) {
        expect(attr).toBe(worst[row!]);
        expect(text).toBe(worst[row!]);
      }
      const ranks = rows.map((r) => SEVERITIES.indexOf(r[1] as Severity));
      expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    });

    it('shows the counts of the demo data in the grid', async () => {
      const product = PRODUCTS[0];
      const env = ENVIRONMENTS[product][0];
      const open = data.events.filter(
        (e) => e.product === product && e.env === env && signalsOf(e).includes('incidents'),
      ).length;
      const cell = page.locator(
        `#grid tr[data-product="${product}"][data-env="${env}"] button[data-signal="incidents"] .n`,
      );
      expect(await cell.textContent()).toBe(String(open));
    });

    it('narrows the list with a filter', async () => {
      const all = await page.locator('#events tbody tr').count();
      const target = PRODUCTS[1];
      await page.selectOption('#f-product', target);
      await until('the list to show only the chosen product', async () => {
        const shown = await page.locator('#events tbody tr td:nth-child(3)').allTextContents();
        return shown.length > 0 && shown.every((p) => p === target);
      });
      const narrowed = await page.locator('#events tbody tr').count();
      expect(narrowed).toBeGreaterThan(0);
      expect(narrowed).toBeLessThan(all);
      await page.keyboard.press('Escape');
      await page.click('#f-clear');
      await until(
        'the full list again',
        async () => (await page.locator('#events tbody tr').count()) === all,
      );
    });

    it('opens an event on click, with its raw payload and a link back, and Esc closes it', async () => {
      const row = page.locator('#events tbody tr').first();
      const id = await row.getAttribute('data-id');
      const expected = data.events.find((e) => e.id === id)!;
      await row.click();
      const dialog = page.locator('#detail');
      await dialog.waitFor({ state: 'visible' });
      expect(await page.locator('#detail-title').textContent()).toBe(expected.title);
      expect(JSON.parse((await page.locator('#detail-raw').textContent())!)).toEqual(expected.raw);
      if (expected.url) expect(await page.locator('#detail-open').getAttribute('href')).toBe(expected.url);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
      // Closing hands focus back to where it was (the dialog's close event comes after it is hidden).
      await until('focus back on the event that was opened', async () =>
        Boolean(
          await page.evaluate(`document.activeElement?.getAttribute('data-id') === ${JSON.stringify(id)}`),
        ),
      );
    });

    it('works from the keyboard: a grid cell lists its events, Enter opens one', async () => {
      await page.keyboard.press('g');
      expect(
        await page.evaluate('document.activeElement === document.querySelector("#grid button.cell")'),
      ).toBe(true);
      const product = await page.locator('#grid tbody tr').first().getAttribute('data-product');
      await page.keyboard.press('Enter');
      await page.locator('#signal-chip').waitFor({ state: 'visible' });
      // Focus moves to the first listed event once the list is loaded.
      await until('focus on the first listed event', async () =>
        Boolean(await page.evaluate('document.activeElement?.closest("#events tbody") != null')),
      );
      const env = await page.locator('#grid tbody tr').first().getAttribute('data-env');
      const products = await page.locator('#events tbody tr td:nth-child(3)').allTextContents();
      expect(new Set(products)).toEqual(new Set([product]));
      const envs = await page.locator('#events tbody tr td:nth-child(4)').allTextContents();
      expect(new Set(envs)).toEqual(new Set([env]));
      await page.keyboard.press('Enter');
      await page.locator('#detail').waitFor({ state: 'visible' });
      await page.keyboard.press('Escape');
    });

    it('switches environments: the grid and the list show only the chosen one', async () => {
      const stg = data.events.filter((e) => e.env === 'stg');
      expect(stg.length).toBeGreaterThan(0);
      await page.selectOption('#env', 'stg');
      await until('the grid to show the stg rows only', async () => {
        const envs = await page
          .locator('#grid tbody tr')
          .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-env')));
        return envs.length > 0 && envs.every((e) => e === 'stg');
      });
      const rows = await page
        .locator('#grid tbody tr')
        .evaluateAll((trs) =>
          trs.map((tr) => `${tr.getAttribute('data-product')}/${tr.getAttribute('data-env')}`),
        );
      expect(rows).toEqual(ROWS.filter((r) => r.endsWith('/stg')));
      await until('the list to show stg events only', async () => {
        const envs = await page.locator('#events tbody tr td:nth-child(4)').allTextContents();
        return envs.length > 0 && envs.every((e) => e === 'stg');
      });
      const listed = await page
        .locator('#events tbody tr')
        .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-id')));
      expect(listed.every((id) => stg.some((e) => e.id === id))).toBe(true);
      // Back to every environment: prod rows return.
      await page.selectOption('#env', '');
      await until(
        'every row again',
        async () => (await page.locator('#grid tbody tr').count()) === ROWS.length,
      );
    });

    it('loads nothing from another origin and logs no error (the CSP holds)', () => {
      expect(problems).toEqual([]);
    });
  });
}
