// Query API Lambda: API Gateway REST proxy events (resource `/api/{proxy+}`, Cognito-authorized) in,
// JSON out. The queries live in routes.ts and one module per query.
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { type ConnectionSettings, connectedDb } from '../collector/store/connection';
import { callerFromClaims } from './caller';
import { configuredEnvironments } from './environment';
import { failureAnswer } from './failure-answer';
import { type QueryRequest, routeQuery } from './routes';
import { eventsCollection, postmortemsCollection, quarantineCollection } from './store';

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
  const claims = event.requestContext?.authorizer?.claims as Record<string, unknown> | undefined;
  const body =
    event.body && event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  return { method: event.httpMethod, path, query, body, caller: callerFromClaims(claims) };
}

/** The collector's connection module: MONGODB_URI wins, else the DocumentDB secret. */
export function connectionSettings(env: NodeJS.ProcessEnv): ConnectionSettings {
  return {
    mongodbUri: env.MONGODB_URI || undefined,
    docdbSecretArn: env.DOCDB_SECRET_ARN || undefined,
    dbName: env.EVENTS_DB_NAME || 'observability',
    // A postmortem write is conditional on its version: the caller retries it, not the driver.
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
  const request = toQueryRequest(event);
  try {
    const db = await connectedDb(connectionSettings(process.env));
    const res = await routeQuery(request, {
      events: eventsCollection(db),
      quarantine: quarantineCollection(db),
      postmortems: postmortemsCollection(db),
      postmortemWriters: process.env.POSTMORTEM_WRITERS_GROUP || undefined,
      products: configuredProducts(process.env.DASHBOARD_PRODUCTS),
      environments: configuredEnvironments(process.env.DASHBOARD_ENVIRONMENTS),
      now: () => new Date(),
    });
    if (res.contentType)
      return {
        statusCode: res.statusCode,
        headers: {
          ...HEADERS,
          'content-type': res.contentType,
          ...(res.filename ? { 'content-disposition': `attachment; filename="${res.filename}"` } : {}),
        },
        body: String(res.body),
      };
    return { statusCode: res.statusCode, headers: HEADERS, body: JSON.stringify(res.body) };
  } catch (err) {
    // The cause goes to the log; the caller learns only that it was not their fault.
    console.error('query failed', err);
    // What did not reach the database, or ran past its time limit, is worth retrying: the caller is told so.
    const answer = failureAnswer(err, request.method);
    return {
      statusCode: answer.statusCode,
      headers: answer.retryAfterSeconds
        ? { ...HEADERS, 'retry-after': String(answer.retryAfterSeconds) }
        : HEADERS,
      body: JSON.stringify({ error: answer.error }),
    };
  }
}
