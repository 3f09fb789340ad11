// The page's sign-in in headless Chromium: authorization code with PKCE at a stand-in for the Cognito hosted
// UI, the token sent to the API, and an API that refuses calls without it. Needs MONGODB_URI and Chromium.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { chromiumAvailable, launchChromium } from '../../dashboard/browser';
import { demoEvents, loadDemoData } from '../../dashboard/demo-data';
import { type DevServer, startDevServer } from '../../dashboard/dev-server';
import { missing, suiteNeeding } from '../support/servers';
import { exampleConfig } from '../support/synth';
import { MONGODB_URI } from './support/mongo';

const PRODUCTS = exampleConfig().products.map((p) => p.name);
const suite = 'dashboard sign-in (authorization code with PKCE)';

interface Authorize {
  readonly query: URLSearchParams;
}

/** A stand-in for the hosted UI's /oauth2/authorize and /oauth2/token: signs everyone in, checks PKCE. */
function fakeIdentityProvider() {
  const seen: { authorize: Authorize[]; token: URLSearchParams[]; pkceOk: boolean[] } = {
    authorize: [],
    token: [],
    pkceOk: [],
  };
  const code = randomBytes(8).toString('hex');
  // An unsigned JWT is enough: the page only reads `exp`; the stand-in API compares the whole token.
  const payload = Buffer.from(JSON.stringify({ sub: 'sre', exp: Math.floor(Date.now() / 1000) + 3600 }));
  const idToken = `e30.${payload.toString('base64url')}.sig`;
  const body = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let text = '';
      req.on('data', (c) => {
        text += c;
      });
      req.on('end', () => resolve(text));
    });
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://idp');
    if (url.pathname === '/oauth2/authorize') {
      seen.authorize.push({ query: url.searchParams });
      const back = new URL(url.searchParams.get('redirect_uri')!);
      back.searchParams.set('code', code);
      back.searchParams.set('state', url.searchParams.get('state') ?? '');
      res.writeHead(302, { location: back.toString() }).end();
      return;
    }
    if (url.pathname === '/oauth2/token' && req.method === 'POST') {
      const form = new URLSearchParams(await body(req));
      seen.token.push(form);
      const challenge = seen.authorize.at(-1)?.query.get('code_challenge');
      const verifier = form.get('code_verifier') ?? '';
      const ok =
        form.get('code') === code && createHash('sha256').update(verifier).digest('base64url') === challenge;
      seen.pkceOk.push(ok);
      res
        .writeHead(ok ? 200 : 400, {
          'content-type': 'application/json',
          'access-control-allow-origin': req.headers.origin ?? '*',
        })
        .end(JSON.stringify(ok ? { id_token: idToken, token_type: 'Bearer' } : { error: 'invalid_grant' }));
      return;
    }
    res.writeHead(404).end();
  });
  return { server, seen, idToken };
}

if (!MONGODB_URI || !chromiumAvailable()) {
  suiteNeeding(suite, missing('mongodb', 'chromium'));
} else {
  describe(suite, () => {
    const dbName = `dashboard_signin_${process.pid}`;
    const idp = fakeIdentityProvider();
    let idpUrl: string;
    let server: DevServer;
    let browser: Browser;
    const apiAuthorization: (string | undefined)[] = [];

    beforeAll(async () => {
      const { MongoClient } = await import('mongodb');
      const client = await new MongoClient(MONGODB_URI!).connect();
      await loadDemoData(client.db(dbName), demoEvents(PRODUCTS, new Date()));
      await client.close();
      await new Promise<void>((resolve) => idp.server.listen(0, '127.0.0.1', resolve));
      idpUrl = `http://127.0.0.1:${(idp.server.address() as AddressInfo).port}`;
      server = await startDevServer({
        mongodbUri: MONGODB_URI!,
        dbName,
        products: PRODUCTS,
        auth: {
          domain: idpUrl,
          clientId: 'page-client',
          verify: (header) => {
            apiAuthorization.push(header);
            return header === idp.idToken;
          },
        },
      });
      browser = await launchChromium();
    });

    afterAll(async () => {
      await browser?.close();
      await server?.close();
      await new Promise((resolve) => idp.server.close(resolve));
      const { MongoClient } = await import('mongodb');
      const client = await new MongoClient(MONGODB_URI!).connect();
      await client.db(dbName).dropDatabase();
      await client.close();
    });

    it('refuses API calls without a valid token', async () => {
      expect((await fetch(`${server.url}/api/overview`)).status).toBe(401);
      const forged = await fetch(`${server.url}/api/overview`, {
        headers: { authorization: 'e30.e30.forged' },
      });
      expect(forged.status).toBe(401);
    });

    it('signs in with PKCE, then calls the API with the ID token and shows the products', async () => {
      const page = await browser.newPage();
      await page.goto(server.url);
      await page.locator('#grid tbody tr').first().waitFor();

      expect(idp.seen.authorize).toHaveLength(1);
      const q = idp.seen.authorize[0].query;
      expect(q.get('response_type')).toBe('code');
      expect(q.get('client_id')).toBe('page-client');
      expect(q.get('redirect_uri')).toBe(`${server.url}/`);
      expect(q.get('code_challenge_method')).toBe('S256');
      expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
      // One exchange only, although the page asks for several answers at once.
      expect(idp.seen.token).toHaveLength(1);
      expect(idp.seen.pkceOk).toEqual([true]);
      expect(idp.seen.token[0].get('client_secret')).toBeNull();
      // The code is gone from the address bar once exchanged.
      expect(new URL(page.url()).search).toBe('');
      expect(apiAuthorization.filter((h) => h === idp.idToken).length).toBeGreaterThanOrEqual(3);
      const rows = await page
        .locator('#grid tbody tr')
        .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-product')));
      expect(rows.sort()).toEqual([...PRODUCTS].sort());
      await page.close();
    });
  });
}
