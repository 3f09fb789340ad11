// DEV ONLY: serves the built page and the query API on one local port, against MONGODB_URI, with NO
// sign-in (unless a test gives it a stand-in identity provider). Deployed, the page comes from CloudFront
// and the API sits behind a Cognito authorizer.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { MongoClient } from 'mongodb';
import { contentSecurityPolicy } from '../constructs/dashboard/content-security-policy';
import type { Caller } from '../lambda-src/query-api/caller';
import { MAX_BODY_BYTES } from '../lambda-src/query-api/postmortem-input';
import { routeQuery } from '../lambda-src/query-api/routes';
import { eventsCollection, postmortemsCollection, quarantineCollection } from '../lambda-src/query-api/store';
import { buildSite } from './build';

export interface DevServerOptions {
  readonly mongodbUri: string;
  readonly dbName?: string;
  /** Products shown even without events (the platform config's). */
  readonly products: readonly string[];
  /** Env names per product (the platform config's accounts). @default - one overview row per product */
  readonly environments?: Readonly<Record<string, readonly string[]>>;
  /** 0 picks a free port. */
  readonly port?: number;
  readonly host?: string;
  /**
   * For tests of the sign-in flow: the page signs in at this OAuth 2.0 server (Cognito hosted UI
   * endpoints), and the API answers 401, like API Gateway's authorizer, when `verify` refuses the
   * Authorization header. @default - no sign-in
   */
  /**
   * The signed-in user the API sees (deployed: the Cognito token's claims), and the group that may write
   * postmortems. @default - a local user `dev@localhost` in the writers' group
   */
  readonly caller?: Caller;
  /** @default postmortem-writers */
  readonly postmortemWriters?: string;
  readonly auth?: {
    readonly domain: string;
    readonly clientId: string;
    readonly verify: (authorization: string | undefined) => boolean;
  };
}

export interface DevServer {
  readonly url: string;
  /** Events stored when the server started. */
  readonly eventCount: number;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** The same security headers CloudFront adds, so that the CSP is exercised locally too. */
function securityHeaders(connectOrigins: readonly string[]): Record<string, string> {
  return {
    'content-security-policy': contentSecurityPolicy(connectOrigins),
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
  };
}

/** The request body as text; past the API's limit the rest is dropped and the API refuses the size. */
function readBody(req: import('node:http').IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY_BYTES + 1) chunks.push(c);
    });
    req.on('end', () => resolve(chunks.length > 0 ? Buffer.concat(chunks).toString('utf8') : null));
    req.on('error', reject);
  });
}

export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const siteDir = buildSite();
  const files = new Map<string, Buffer>();
  for (const f of ['index.html', 'app.js', 'app.css'])
    files.set(`/${f}`, readFileSync(path.join(siteDir, f)));
  const auth = options.auth;
  const headers = securityHeaders(auth ? [new URL(auth.domain).origin] : []);
  let pageUrl = '';
  const config = () =>
    JSON.stringify({
      apiBase: '/api',
      auth: auth
        ? {
            domain: auth.domain,
            clientId: auth.clientId,
            redirectUri: `${pageUrl}/`,
            scopes: ['openid', 'email'],
          }
        : null,
      banner: auth ? 'DEV: test sign-in, local data' : 'DEV: no sign-in, local data',
    });
  const client = await new MongoClient(options.mongodbUri, { serverSelectionTimeoutMS: 5000 }).connect();
  const db = client.db(options.dbName ?? 'observability');
  const events = eventsCollection(db);
  const quarantine = quarantineCollection(db);
  const postmortems = postmortemsCollection(db);
  const writers = options.postmortemWriters ?? 'postmortem-writers';
  const caller: Caller = options.caller ?? { sub: 'dev', name: 'dev@localhost', groups: [writers] };

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const send = (status: number, type: string, body: Buffer | string) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...headers });
      res.end(body);
    };
    if (url.pathname === '/api' || url.pathname.startsWith('/api/')) {
      if (auth && !auth.verify(req.headers.authorization)) {
        return send(401, 'application/json; charset=utf-8', JSON.stringify({ message: 'Unauthorized' }));
      }
      readBody(req)
        .then((body) =>
          routeQuery(
            {
              method: req.method ?? 'GET',
              path: url.pathname.slice('/api'.length),
              query: Object.fromEntries(url.searchParams),
              body,
              caller,
            },
            {
              events,
              quarantine,
              postmortems,
              postmortemWriters: writers,
              products: options.products,
              environments: options.environments,
              now: () => new Date(),
            },
          ),
        )
        .then((r) =>
          r.contentType
            ? send(r.statusCode, r.contentType, String(r.body))
            : send(r.statusCode, 'application/json; charset=utf-8', JSON.stringify(r.body)),
        )
        .catch((err: unknown) => {
          console.error(err);
          send(500, 'application/json; charset=utf-8', JSON.stringify({ error: 'internal error' }));
        });
      return;
    }
    if (url.pathname === '/config.json') return send(200, 'application/json; charset=utf-8', config());
    const name = url.pathname === '/' ? '/index.html' : url.pathname;
    const file = files.get(name);
    if (file) return send(200, TYPES[path.extname(name)], file);
    send(404, 'text/plain; charset=utf-8', 'not found');
  });
  await new Promise<void>((resolve) =>
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve),
  );
  const { port } = server.address() as AddressInfo;
  pageUrl = `http://${options.host ?? '127.0.0.1'}:${port}`;
  const eventCount = await events.estimatedDocumentCount();
  return {
    url: pageUrl,
    eventCount,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await client.close();
    },
  };
}
