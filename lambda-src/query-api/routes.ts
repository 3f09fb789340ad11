// The query API without its transport: a method, a path and query parameters in, a status and a JSON
// body out. The Lambda handler and the local dev server both call it.
import type { Collection } from 'mongodb';
import * as z from 'zod';
import type { ErrorResponse } from './api-types';
import { getEvent } from './event';
import { listEvents } from './events';
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
import { quarantinePanel } from './quarantine';
import type { EventDocument, QuarantineDocument } from './store';
import { timeline } from './timeline';

export interface QueryRequest {
  readonly method: string;
  /** Path below the API root, e.g. `/events/abc`. */
  readonly path: string;
  readonly query: Query;
}

export interface QueryResponse {
  readonly statusCode: number;
  readonly body: unknown;
}

export interface QueryContext {
  readonly events: Collection<EventDocument>;
  readonly quarantine: Collection<QuarantineDocument>;
  /** Products that appear in the overview even without events (from the platform config). */
  readonly products: readonly string[];
  /** Env names per product (from the platform config): one overview row each. @default - one row per product */
  readonly environments?: Readonly<Record<string, readonly string[]>>;
  readonly now: () => Date;
}

const ROUTES =
  '/overview, /events, /events/{id}, /timeline, /quarantine, /incidents, /incidents/{id}, /reliability';

function fail(statusCode: number, body: ErrorResponse): QueryResponse {
  return { statusCode, body };
}

export async function routeQuery(req: QueryRequest, ctx: QueryContext): Promise<QueryResponse> {
  if (req.method !== 'GET')
    return fail(405, { error: `method ${req.method} not allowed: the API is read-only (GET)` });
  const path = req.path.replace(/\/+$/, '') || '/';
  try {
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
    if (err instanceof BadRequest) return fail(400, { error: 'invalid query', problems: err.problems });
    throw err;
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
