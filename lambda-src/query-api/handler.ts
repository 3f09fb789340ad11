// Query API Lambda: API Gateway REST proxy events (resource `/api/{proxy+}`, Cognito-authorized) in,
// JSON out. The queries live in routes.ts and one module per query.
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { type ConnectionSettings, connectedDb } from '../collector/store/connection';
import { configuredEnvironments } from './environment';
import { type QueryRequest, routeQuery } from './routes';
import { eventsCollection, quarantineCollection } from './store';

/** Product names from the platform config (JSON array), so quiet products still show in the overview. */
export function configuredProducts(value: string | undefined): string[] {
  if (!value) return [];
  const parsed: unknown = JSON.parse(value);
  return Array.isArray(parsed) ? parsed.filter((p): p is string => typeof p === 'string') : [];
}

export function toQueryRequest(event: APIGatewayProxyEvent): QueryRequest {
  const proxy = event.pathParameters?.proxy;
  const path = proxy !== undefined ? `/${proxy}` : event.path.replace(/^\/api(?=\/|$)/, '');
  const query: Record<string, string> = {};
  for (const [k, v] of Object.entries(event.queryStringParameters ?? {})) if (v !== undefined) query[k] = v;
  return { method: event.httpMethod, path, query };
}

/** The collector's connection module, read-only use: MONGODB_URI wins, else the DocumentDB secret. */
export function connectionSettings(env: NodeJS.ProcessEnv): ConnectionSettings {
  return {
    mongodbUri: env.MONGODB_URI || undefined,
    docdbSecretArn: env.DOCDB_SECRET_ARN || undefined,
    dbName: env.EVENTS_DB_NAME || 'observability',
    // Reads only: no write is ever retried.
    retryWrites: false,
    dbTimeoutMs: 5000,
  };
}

const HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

export async function handler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  try {
    const db = await connectedDb(connectionSettings(process.env));
    const res = await routeQuery(toQueryRequest(event), {
      events: eventsCollection(db),
      quarantine: quarantineCollection(db),
      products: configuredProducts(process.env.DASHBOARD_PRODUCTS),
      environments: configuredEnvironments(process.env.DASHBOARD_ENVIRONMENTS),
      now: () => new Date(),
    });
    return { statusCode: res.statusCode, headers: HEADERS, body: JSON.stringify(res.body) };
  } catch (err) {
    // The cause goes to the log; the caller learns only that it was not their fault.
    console.error('query failed', err);
    return { statusCode: 500, headers: HEADERS, body: JSON.stringify({ error: 'internal error' }) };
  }
}
