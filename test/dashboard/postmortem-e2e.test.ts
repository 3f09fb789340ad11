// Incidents and postmortems in headless Chromium against the dev server (the query API's routes on a
// real MongoDB-wire server): open an incident, create its postmortem with the automatic timeline, add an
// action item, reload and find it; markup typed by the author shows as text; a user outside the writers'
// group is told why they may not write.
import type { Browser, Page } from 'playwright-core';
import { chromiumAvailable, launchChromium } from '../../dashboard/browser';
import { loadDemoData } from '../../dashboard/demo-data';
import { demoIncidentEvents } from '../../dashboard/demo-incidents';
import { type DevServer, startDevServer } from '../../dashboard/dev-server';
import type { IncidentSummary } from '../../lambda-src/query-api/api-types';

const MONGODB_URI = process.env.MONGODB_URI;
const ready = Boolean(MONGODB_URI) && chromiumAvailable();
if (!ready && process.env.CI === 'true')
  throw new Error(
    'the postmortem browser test needs MONGODB_URI and Chromium at /usr/bin/chromium (or CHROMIUM_PATH)',
  );
const describeInBrowser = ready ? describe : describe.skip;

const PRODUCTS = ['payments', 'search'];
const ENVIRONMENTS = { payments: ['prod', 'stg'], search: ['prod'] };
const WRITERS = 'postmortem-writers';
const SCRIPT = '<script>window.__injected = 1</script><img src=x onerror="window.__injected = 2">';
const ITEM = 'Alarm on pool exhaustion <img src=x onerror="window.__injected = 3">';

describeInBrowser('postmortems in headless Chromium', () => {
  const dbName = `dashboard_postmortem_${process.pid}`;
  let writer: DevServer;
  let outsider: DevServer;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  let incidentId = '';

  beforeAll(async () => {
    const { MongoClient } = await import('mongodb');
    const client = await new MongoClient(MONGODB_URI!).connect();
    await client.db(dbName).dropDatabase();
    await loadDemoData(client.db(dbName), {
      events: demoIncidentEvents(PRODUCTS, new Date(), ENVIRONMENTS),
      skipped: [],
    });
    await client.close();
    const common = { mongodbUri: MONGODB_URI!, dbName, products: PRODUCTS, environments: ENVIRONMENTS };
    writer = await startDevServer({
      ...common,
      postmortemWriters: WRITERS,
      caller: { sub: 'u1', name: 'alice@example.com', groups: ['readers', WRITERS] },
    });
    outsider = await startDevServer({
      ...common,
      postmortemWriters: WRITERS,
      caller: { sub: 'u2', name: 'bob@example.com', groups: ['readers'] },
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  });

  afterAll(async () => {
    await browser?.close();
    await writer?.close();
    await outsider?.close();
    const { MongoClient } = await import('mongodb');
    const client = await new MongoClient(MONGODB_URI!).connect();
    await client.db(dbName).dropDatabase();
    await client.close();
  });

  const openIncident = async (id: string) => {
    await page.locator(`#incident-list button[data-incident="${id}"]`).click();
    await page.locator('#incident[open]').waitFor();
    await page.locator('#postmortem > *').first().waitFor();
  };

  it('lists incidents with MTTA / MTTR per product environment, and the SLOs', async () => {
    await page.goto(writer.url);
    await page.locator('#incident-days').selectOption('30');
    await page.locator('#incident-list tbody tr[data-status="resolved"]').first().waitFor();
    const rows = await page
      .locator('#reliability tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-product'), tr.getAttribute('data-env')]));
    expect(rows).toEqual([
      ['payments', 'prod'],
      ['payments', 'stg'],
      ['search', 'prod'],
    ]);
    expect(
      await page.locator('#reliability tbody tr[data-env="prod"] td.mtta').first().textContent(),
    ).toMatch(/^\d+m \d\ds$|^\d+h \d\dm$/);
    // Each first env's newest incident started with its availability SLO burning fast, still burning.
    expect(await page.locator('#slos tbody tr[data-status="burning"]').count()).toBe(2);
    expect(await page.locator('#slos tbody tr[data-status="burning"] td').nth(4).textContent()).toMatch(
      /^≤ \d+(\.\d)?%$/,
    );
    // The burns of the last 24 hours are marked on the timeline.
    await page.locator('#timeline svg g.burn').first().waitFor();
    expect(await page.locator('#timeline svg g.burn title').first().textContent()).toMatch(
      /UTC: payments \/ prod payments-prod Availability SLO burning fast$/,
    );
    incidentId = (await page
      .locator('#incident-list tbody tr[data-status="resolved"]')
      .first()
      .getAttribute('data-incident'))!;
  });

  it('creates a postmortem with a timeline, saves text and an action item, and finds them after a reload', async () => {
    await openIncident(incidentId);
    expect(await page.locator('#incident-fields').textContent()).toContain('Datadog alerts');
    await page.locator('#pm-create').click();
    await page.locator('#pm-timeline li').first().waitFor();
    const entries = await page.locator('#pm-timeline li .pm-entry-title').allTextContents();
    expect(entries.some((t) => /triggered/.test(t))).toBe(true);
    expect(entries.some((t) => /resolved/.test(t))).toBe(true);

    await page.locator('#pm-summary').fill(SCRIPT);
    await page.locator('#pm-timeline li input.pm-note').first().fill('first page went to the secondary');
    await page.locator('#pm-save').click();
    await page.locator('#pm-meta', { hasText: 'version 2' }).waitFor();
    await page.locator('#pm-item-text').fill(ITEM);
    await page.locator('#pm-item-owner').fill('Ben Okafor');
    await page.locator('#pm-item-due').fill('2026-12-31');
    await page.locator('#pm-item-add').click();
    await page.locator('#pm-meta', { hasText: 'version 3' }).waitFor();

    await page.reload();
    await page.locator('#incident-days').selectOption('30');
    await page.locator(`#incident-list button[data-incident="${incidentId}"]`).waitFor();
    await openIncident(incidentId);
    await page.locator('#pm-items li').first().waitFor();
    expect(await page.locator('#pm-items li .pm-item-text').allTextContents()).toEqual([ITEM]);
    expect(await page.locator('#pm-items li').first().textContent()).toContain('Ben Okafor, due 2026-12-31');
    expect(await page.locator('#pm-summary').inputValue()).toBe(SCRIPT);
    expect(await page.locator('#pm-timeline li input.pm-note').first().inputValue()).toBe(
      'first page went to the secondary',
    );
    // Shown as text: no element was made from it and nothing ran.
    expect(await page.locator('#postmortem img, #postmortem script').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as { __injected?: number }).__injected)).toBeUndefined();
    expect(await page.locator('#pm-history summary').textContent()).toBe('History (3)');
    await page.locator('#incident-close').click();
  });

  it('tells a user outside the writers group why the postmortem cannot be written', async () => {
    await page.goto(outsider.url);
    await page.locator('#incident-days').selectOption('30');
    const other = page.locator(
      `#incident-list tbody tr[data-status="resolved"]:not([data-incident="${incidentId}"])`,
    );
    await other.first().waitFor();
    await openIncident((await other.first().getAttribute('data-incident'))!);
    await page.locator('#pm-create').click();
    await page.locator('#incident-error:not([hidden])').waitFor();
    expect(await page.locator('#incident-error').textContent()).toBe(
      `only members of the Cognito group "${WRITERS}" may write postmortems, and bob@example.com is not one; ask an administrator to add you to it`,
    );
    // Reading is open to everyone signed in: the one written above shows, without edit controls.
    await page.locator('#incident-close').click();
    await openIncident(incidentId);
    await page.locator('#pm-items li').first().waitFor();
    expect(await page.locator('#pm-save').count()).toBe(0);
    expect(await page.locator('#pm-summary').textContent()).toBe(SCRIPT);
  });

  it("shows an incident's priority changes as the API tells them", async () => {
    await page.goto(writer.url);
    await page.locator('#incident-days').selectOption('90');
    await page.locator('#incident-list tbody tr').first().waitFor();
    const listed = (await page.evaluate(async () => {
      const res = await fetch('/api/incidents?days=90');
      return ((await res.json()) as { incidents: unknown }).incidents;
    })) as IncidentSummary[];
    const changed = listed.find((i) => i.changes.length > 0);
    expect(changed).toBeDefined();
    await openIncident(changed!.id);
    const shown = await page.locator('#incident-fields ul.changes li').allTextContents();
    expect(shown).toEqual(
      changed!.changes.map((c) =>
        expect.stringContaining(`${c.field} ${c.from ?? 'none'} → ${c.to ?? 'none'} by ${c.by}`),
      ),
    );
    await page.locator('#incident-close').click();
  });

  it('logs no error on the page but the expected refusals', () => {
    // Chromium logs every 4xx: the 404 of "no postmortem yet" (each incident opened before its postmortem
    // exists: three above) and the 403 above.
    expect(problems.filter((p) => !/the server responded with a status of (403|404)/.test(p))).toEqual([]);
    expect(problems.length).toBeLessThanOrEqual(4);
  });
});
