// A local stand-in for API Gateway in front of the collector: the real authorizer finds the key, the key
// is "validated" against DEV_API_KEYS (API Gateway's usage-plan check), and the real collector handles
// the request, writing to MONGODB_URI. Point curl or a real webhook sender (through a tunnel) at it.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { COLLECTOR_BINARY_MEDIA_TYPES } from '../../constructs/collector/binary-media-types';
import { handler as authorize } from '../authorizer';
import { type CollectorDeps, collect } from '../collector/collect';
import type { ProxyEvent } from '../collector/http/proxy-event';
import { proxyBody } from './binary-media';

/** API Gateway refuses payloads over 10 MB before the Lambda sees them. */
const API_GATEWAY_MAX_BYTES = 10 * 1024 * 1024;

export interface DevServerOptions {
  /** API key -> product. */
  readonly apiKeys: Readonly<Record<string, string>>;
  /** The collector's dependencies; `config.apiKeyProducts` is replaced by ids of `apiKeys`. */
  readonly deps: CollectorDeps;
  /**
   * The API's binary media types: bodies whose Content-Type matches arrive base64-encoded, others as UTF-8
   * text, as API Gateway does. @default COLLECTOR_BINARY_MEDIA_TYPES (what the collector API deploys)
   */
  readonly binaryMediaTypes?: readonly string[];
}

export function createDevServer(options: DevServerOptions): Server {
  // API Gateway hands the collector the key's id, never the key: mimic that with stable fake ids.
  const idOfKey = new Map(Object.keys(options.apiKeys).map((key, i) => [key, `devkey${i + 1}`]));
  const apiKeyProducts = Object.fromEntries(
    Object.entries(options.apiKeys).map(([key, product]) => [idOfKey.get(key)!, product]),
  );
  const deps: CollectorDeps = { ...options.deps, config: { ...options.deps.config, apiKeyProducts } };
  const binaryMediaTypes = options.binaryMediaTypes ?? COLLECTOR_BINARY_MEDIA_TYPES;

  return createServer((req, res) => {
    handle(req, res, idOfKey, deps, binaryMediaTypes).catch((err) => {
      console.error('dev server failed', err);
      send(res, 500, { message: 'Internal server error' });
    });
  });
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  idOfKey: ReadonlyMap<string, string>,
  deps: CollectorDeps,
  binaryMediaTypes: readonly string[],
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const body = await readAll(req);
  if (body === undefined) return send(res, 413, { message: 'Request Entity Too Large' });
  const headers = Object.fromEntries(
    Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : (v ?? '')]),
  );

  let key: string;
  try {
    key = (
      await authorize({
        type: 'REQUEST',
        methodArn: `arn:aws:execute-api:local:000000000000:devapi/local/${req.method}${url.pathname}`,
        headers,
        queryStringParameters: Object.fromEntries(url.searchParams),
      })
    ).usageIdentifierKey;
  } catch {
    return send(res, 401, { message: 'Unauthorized' });
  }
  const apiKeyId = idOfKey.get(key);
  if (!apiKeyId) return send(res, 403, { message: 'Forbidden' });

  const event: ProxyEvent = {
    httpMethod: req.method ?? 'GET',
    path: url.pathname,
    headers,
    ...proxyBody(body, headers['content-type'], binaryMediaTypes),
    requestContext: { requestId: `dev-${Date.now()}`, identity: { apiKeyId } },
  };
  const answer = await collect(event, deps);
  res.writeHead(answer.statusCode, answer.headers).end(answer.body);
}

function send(res: ServerResponse, status: number, body: object): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function readAll(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > API_GATEWAY_MAX_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
