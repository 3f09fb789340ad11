// The query API without its transport: a method, a path and query parameters in, a status and a JSON
// body out. The Lambda handler and the local dev server both call it.
import type { Collection } from 'mongodb';
import * as z from 'zod';
import type { ErrorResponse } from './api-types';
import type { Caller } from './caller';
import { getEvent } from './event';
import { listEvents } from './events';
import { incidentsCsv, postmortemMarkdown } from './exports';
import { incidentDetail, listIncidents, reliability } from './incidents';
import { overview } from './overview';
import {
  BadRequest,
  EVENTS_PARAMS,
  eventIdParam,
  eventsParams,
  INCIDENT_DETAIL_PARAMS,
  INCIDENTS_PARAMS,
  incidentDetailParams,
  incidentIdParam,
  incidentsParams,
  NO_PARAMS,
  OVERVIEW_PARAMS,
  overviewParams,
  parseQuery,
  QUARANTINE_PARAMS,
  type Query,
  quarantineParams,
  RELIABILITY_PARAMS,
  reliabilityParams,
  TIMELINE_PARAMS,
  timelineParams,
} from './params';
import { createPostmortem, MAX_BODY_BYTES, updatePostmortem } from './postmortem-input';
import {
  createPostmortem as createPostmortemDocument,
  getPostmortem,
  type PostmortemDocument,
  PostmortemRefused,
  updatePostmortem as updatePostmortemDocument,
} from './postmortems';
import { quarantinePanel } from './quarantine';
import { sloStatus } from './slo-status';
import type { EventDocument, QuarantineDocument } from './store';
import { timeline } from './timeline';

export interface QueryRequest {
  readonly method: string;
  /** Path below the API root, e.g. `/events/abc`. */
  readonly path: string;
  readonly query: Query;
  /** The request body of a write (JSON text). */
  readonly body?: string | null;
  /** The signed-in user, from the verified token's claims; null when there are none. */
  readonly caller?: Caller | null;
}

export interface QueryResponse {
  readonly statusCode: number;
  /** JSON-serialized, or sent as is when `contentType` is set (a download). */
  readonly body: unknown;
  readonly contentType?: string;
  /** For a download: the file name the browser saves it as. */
  readonly filename?: string;
}

export interface QueryContext {
  readonly events: Collection<EventDocument>;
  readonly quarantine: Collection<QuarantineDocument>;
  /** Products that appear in the overview even without events (from the platform config). */
  readonly products: readonly string[];
  /** Env names per product (from the platform config): one overview row each. @default - one row per product */
  readonly environments?: Readonly<Record<string, readonly string[]>>;
  readonly now: () => Date;
  /** Where postmortems are kept; absent: the postmortem routes answer 404. */
  readonly postmortems?: Collection<PostmortemDocument>;
  /** The Cognito group whose members may write postmortems; absent: nobody may. */
  readonly postmortemWriters?: string;
}

const ROUTES =
  'GET /overview, /events, /events/{id}, /timeline, /quarantine, /incidents, /incidents.csv, /incidents/{id}, /reliability, /slos, /postmortems/{incidentId}, /postmortems/{incidentId}/markdown; POST /postmortems; PUT /postmortems/{incidentId}';

function fail(statusCode: number, body: ErrorResponse): QueryResponse {
  return { statusCode, body };
}

export async function routeQuery(req: QueryRequest, ctx: QueryContext): Promise<QueryResponse> {
  const path = req.path.replace(/\/+$/, '') || '/';
  try {
    if (req.method !== 'GET') {
      if (path === '/postmortems' || path.startsWith('/postmortems/'))
        return await writePostmortem(req, path, ctx);
      return fail(405, {
        error: `method ${req.method} not allowed here: only postmortems are written (POST /postmortems, PUT /postmortems/{incidentId}); everything else is GET`,
      });
    }
    if (path.startsWith('/postmortems/')) return await readPostmortem(req, path, ctx);
    if (path === '/overview') {
      const params = parseQuery(overviewParams(ctx.now()), req.query, OVERVIEW_PARAMS);
      return {
        statusCode: 200,
        body: await overview(ctx.events, params, ctx.products, ctx.environments),
      };
    }
    if (path === '/events') {
      const params = parseQuery(eventsParams(ctx.now()), req.query, EVENTS_PARAMS);
      return {
        statusCode: 200,
        body: await listEvents(ctx.events, { ...params, product: inScope(params.product, ctx) }),
      };
    }
    if (path.startsWith('/events/')) {
      parseQuery(NO_PARAMS, req.query, []);
      const id = parseId(path.slice('/events/'.length));
      const found = await getEvent(ctx.events, id);
      return found ? { statusCode: 200, body: found } : fail(404, { error: `no event with id "${id}"` });
    }
    if (path === '/timeline') {
      const params = parseQuery(timelineParams(ctx.now()), req.query, TIMELINE_PARAMS);
      return {
        statusCode: 200,
        body: await timeline(ctx.events, { ...params, product: inScope(params.product, ctx) }),
      };
    }
    if (path === '/quarantine') {
      const params = parseQuery(quarantineParams(ctx.now()), req.query, QUARANTINE_PARAMS);
      return {
        statusCode: 200,
        body: await quarantinePanel(ctx.quarantine, { ...params, product: inScope(params.product, ctx) }),
      };
    }
    if (path === '/incidents') {
      const params = parseQuery(incidentsParams, req.query, INCIDENTS_PARAMS);
      return {
        statusCode: 200,
        body: await listIncidents(
          ctx.events,
          { ...params, product: inScope(params.product, ctx) },
          ctx.now(),
        ),
      };
    }
    if (path === '/incidents.csv') {
      const params = parseQuery(incidentsParams, req.query, INCIDENTS_PARAMS);
      const list = await listIncidents(
        ctx.events,
        { ...params, product: inScope(params.product, ctx) },
        ctx.now(),
      );
      return {
        statusCode: 200,
        body: incidentsCsv(list.incidents),
        contentType: 'text/csv; charset=utf-8',
        filename: `incidents-${params.days}d-${list.to.slice(0, 10)}.csv`,
      };
    }
    if (path.startsWith('/incidents/')) {
      const params = parseQuery(incidentDetailParams, req.query, INCIDENT_DETAIL_PARAMS);
      const id = parseQuery(
        z.strictObject({ id: incidentIdParam }),
        { id: path.slice('/incidents/'.length) },
        [],
      ).id;
      const found = await incidentDetail(
        ctx.events,
        id,
        { product: inScope(params.product, ctx) },
        ctx.now(),
      );
      return found ? { statusCode: 200, body: found } : fail(404, { error: `no incident with id "${id}"` });
    }
    if (path === '/slos') {
      const params = parseQuery(reliabilityParams, req.query, RELIABILITY_PARAMS);
      return {
        statusCode: 200,
        body: await sloStatus(ctx.events, { ...params, product: inScope(params.product, ctx) }, ctx.now()),
      };
    }
    if (path === '/reliability') {
      const params = parseQuery(reliabilityParams, req.query, RELIABILITY_PARAMS);
      return {
        statusCode: 200,
        body: await reliability(
          ctx.events,
          { ...params, product: inScope(params.product, ctx) },
          ctx.now(),
          params.env ? [] : ctx.products,
        ),
      };
    }
    return fail(404, { error: `no route ${path}; routes: ${ROUTES}` });
  } catch (err) {
    if (err instanceof BadRequest)
      return fail(400, {
        error: req.method === 'GET' ? 'invalid query' : 'invalid request',
        problems: err.problems,
      });
    if (err instanceof PostmortemRefused) return fail(err.statusCode, { error: err.message });
    throw err;
  }
}

function postmortemId(encoded: string): string {
  return parseQuery(z.strictObject({ incidentId: incidentIdParam }), { incidentId: encoded }, []).incidentId;
}

async function readPostmortem(req: QueryRequest, path: string, ctx: QueryContext): Promise<QueryResponse> {
  parseQuery(NO_PARAMS, req.query, []);
  const [encoded, format, ...rest] = path.slice('/postmortems/'.length).split('/');
  if (!ctx.postmortems || rest.length > 0 || (format !== undefined && format !== 'markdown'))
    return fail(404, { error: `no route ${path}; routes: ${ROUTES}` });
  const id = postmortemId(encoded);
  const found = await getPostmortem(ctx.postmortems, id);
  if (!found) return fail(404, { error: `no postmortem for incident "${id}"` });
  if (format === 'markdown')
    return {
      statusCode: 200,
      body: postmortemMarkdown(found),
      contentType: 'text/markdown; charset=utf-8',
      filename: `postmortem-${id}.md`,
    };
  return { statusCode: 200, body: { postmortem: found, canWrite: mayWrite(req.caller, ctx) } };
}

function mayWrite(caller: Caller | null | undefined, ctx: QueryContext): boolean {
  return !!caller && !!ctx.postmortemWriters && caller.groups.includes(ctx.postmortemWriters);
}

async function writePostmortem(req: QueryRequest, path: string, ctx: QueryContext): Promise<QueryResponse> {
  if (!ctx.postmortems) return fail(404, { error: `no route ${path}; routes: ${ROUTES}` });
  const create = req.method === 'POST' && path === '/postmortems';
  const update = req.method === 'PUT' && /^\/postmortems\/[^/]+$/.test(path);
  if (!create && !update)
    return fail(405, {
      error: `${req.method} ${path} is not a route: POST /postmortems creates one, PUT /postmortems/{incidentId} changes one`,
    });
  const caller = req.caller;
  if (!caller) return fail(401, { error: 'sign in to write postmortems' });
  if (!mayWrite(caller, ctx))
    return fail(403, {
      error: ctx.postmortemWriters
        ? `only members of the Cognito group "${ctx.postmortemWriters}" may write postmortems, and ${caller.name} is not one; ask an administrator to add you to it`
        : 'writing postmortems is not enabled (no writers group is configured)',
    });
  parseQuery(NO_PARAMS, req.query, []);
  const body = parseBody(req.body);
  if (create) {
    const input = parseQuery(createPostmortem, body, Object.keys(createPostmortem.shape));
    const created = await createPostmortemDocument(
      ctx.events,
      ctx.postmortems,
      input,
      { product: inScope(undefined, ctx) },
      caller,
      ctx.now(),
    );
    return { statusCode: 201, body: { postmortem: created, canWrite: true } };
  }
  const id = postmortemId(path.slice('/postmortems/'.length));
  const input = parseQuery(updatePostmortem, body, Object.keys(updatePostmortem.shape));
  const updated = await updatePostmortemDocument(ctx.postmortems, id, input, caller, ctx.now());
  return { statusCode: 200, body: { postmortem: updated, canWrite: true } };
}

function parseBody(text: string | null | undefined): unknown {
  if (!text) throw new BadRequest(['body: must be a JSON object']);
  if (Buffer.byteLength(text, 'utf8') > MAX_BODY_BYTES)
    throw new BadRequest([`body: must be at most ${MAX_BODY_BYTES} bytes`]);
  try {
    return JSON.parse(text);
  } catch {
    throw new BadRequest(['body: must be JSON']);
  }
}

/**
 * Without a product filter, the configured products: every query then starts with `product`, the first
 * key of the collector's indexes, instead of scanning the collection.
 */
function inScope(products: string[] | undefined, ctx: QueryContext): string[] | undefined {
  return products ?? (ctx.products.length > 0 ? [...ctx.products] : undefined);
}

function parseId(encoded: string): string {
  let id: string;
  try {
    id = decodeURIComponent(encoded);
  } catch {
    throw new BadRequest(['id: must be a URL-encoded event id']);
  }
  return parseQuery(z.strictObject({ id: eventIdParam }), { id }, []).id;
}
