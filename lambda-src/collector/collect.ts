// One delivery, from API Gateway event to answer. Status codes and why (see docs/collector.md):
//   200 stored · 202 quarantined (unrecognized, kept; a retry would not help) · 400 empty or malformed
//   body (malformed ones are also quarantined) · 401 bad signature · 403 API key not assigned to a product
//   · 404 unknown route/source · 405 not POST · 413 too large or too many records · 503 the database did
//   not acknowledge every write (retry).
// A 2xx is given only once the database has accounted for every document of the delivery (written, already
// there, or refused and then the delivery kept in quarantine); anything less is a 503 with Retry-After.
import { secretFailureText } from './aws/secret-json';
import type { CollectorConfig } from './config';
import { readBody } from './http/body';
import { lowerCaseHeaders } from './http/headers';
import { jsonDepth, MAX_JSON_DEPTH, parseJson } from './http/json';
import type { ProxyEvent } from './http/proxy-event';
import { errorResponse, type HttpResponse, jsonResponse } from './http/response';
import { matchRoute } from './http/route';
import type { DeliveryContext, NormalizeResult, Route } from './normalized-event';
import { resolveProduct } from './product';
import { quarantineDocument } from './quarantine';
import type { SigningSecrets } from './signatures/signing-secrets';
import { checkSignature } from './signatures/verify';
import { SIGNED_ROUTES } from './sources';
import { DatabaseUnavailableError, isUnavailable } from './store/errors';
import { acknowledged, type EventStore } from './store/event-store';

export type Normalize = (route: Route, payload: unknown, ctx: DeliveryContext) => NormalizeResult;

export interface CollectorDeps {
  readonly config: CollectorConfig;
  readonly store: EventStore;
  readonly normalize: Normalize;
  /** Signing secrets, or undefined when none are configured; rejects when they cannot be read. */
  readonly signingSecrets: () => Promise<SigningSecrets | undefined>;
  readonly now: () => Date;
  readonly log: Pick<Console, 'error' | 'warn'>;
}

/** Sources that sign their deliveries (the source registry says which). */
const SIGNED: ReadonlySet<Route> = new Set(SIGNED_ROUTES);

/** Ids listed in an answer; a Fluent Bit batch can hold thousands and the answer stays small. */
const MAX_IDS_IN_ANSWER = 50;

export async function collect(event: ProxyEvent, deps: CollectorDeps): Promise<HttpResponse> {
  const match = matchRoute(event.httpMethod ?? '', event.path ?? '');
  if (!match.ok)
    return errorResponse(match.status, match.reason, match.status === 405 ? { allow: 'POST' } : {});
  const route = match.route;

  const owner = resolveProduct(event, deps.config.apiKeyProducts);
  if (!owner.ok) return errorResponse(403, owner.reason);
  const product = owner.product;

  const headers = lowerCaseHeaders(event.headers);
  const body = readBody(
    event.body,
    event.isBase64Encoded === true,
    headers['content-encoding'],
    deps.config.maxBodyBytes,
    deps.config.maxInflatedBodyBytes,
  );
  const receivedAt = deps.now().toISOString();
  const quarantine = (reason: string, bytes: Buffer) =>
    quarantineDocument({ product, route, reason, receivedAt, headers, body: bytes });

  try {
    if (!body.ok) {
      // A body we could read but not inflate is kept; an empty or oversized one has nothing to keep.
      if (body.bytes)
        return await saveQuarantined(deps, quarantine(body.reason, body.bytes), 400, body.reason);
      return errorResponse(body.status, body.reason);
    }
    const bytes = body.bytes;

    let secrets: SigningSecrets | undefined;
    try {
      if (SIGNED.has(route)) secrets = await deps.signingSecrets();
    } catch (err) {
      // Unverifiable is not forged: keep it aside instead of storing it as an event or refusing it.
      const reason = `signature not checked: signing secrets unavailable (${secretFailureText(err)})`;
      deps.log.error(reason);
      return await saveQuarantined(deps, quarantine(reason, bytes), 202);
    }
    const signature = checkSignature(route, product, bytes, headers, secrets);
    if (signature.verdict === 'invalid') return errorResponse(401, signature.reason);

    const parsed = parseJson(bytes);
    if (!parsed.ok) return await saveQuarantined(deps, quarantine(parsed.reason, bytes), 400, parsed.reason);
    const limit = deps.config.maxRecordsPerRequest;
    if (Array.isArray(parsed.value) && parsed.value.length > limit)
      return tooManyRecords(parsed.value.length, limit);
    if (jsonDepth(parsed.value) > MAX_JSON_DEPTH) {
      return await saveQuarantined(
        deps,
        quarantine(`payload nested deeper than ${MAX_JSON_DEPTH} levels`, bytes),
        202,
      );
    }

    let result: NormalizeResult;
    try {
      result = deps.normalize(route, parsed.value, { product, receivedAt, headers });
    } catch (err) {
      // A normalizer bug must not cost the delivery.
      deps.log.error(`normalizer for ${route} threw`, err);
      result = { ok: false, reason: `normalizer error: ${(err as Error).message}` };
    }
    if (!result.ok) return await saveQuarantined(deps, quarantine(result.reason, bytes), 202);

    const sent = result.events.length;
    if (sent > limit) return tooManyRecords(sent, limit);

    const saved = await deps.store.saveEvents(product, result.events);
    if (saved.refused.length === 0) {
      // Checked here too, whatever the store: every document written or already there, or no 2xx.
      if (acknowledged(saved) !== sent)
        throw new DatabaseUnavailableError(
          `database acknowledged ${acknowledged(saved)} of ${sent} documents`,
        );
      const ids = result.events.map((e) => e.id);
      return jsonResponse(200, answer(saved.inserted, saved.duplicates, 0, ids));
    }
    // The database refused some documents (a field name it cannot store, say): keep the delivery whole.
    // The quarantined body also covers any document whose write was not acknowledged.
    const reason = `database refused ${saved.refused.length} of ${sent} documents: ${saved.refused
      .slice(0, 3)
      .map((r) => `${r.id}: ${r.reason}`)
      .join('; ')}`;
    const q = quarantine(reason, bytes);
    await saveQuarantineAcknowledged(deps, q);
    const refused = new Set(saved.refused.map((r) => r.id));
    const storedIds =
      acknowledged(saved) === sent ? result.events.map((e) => e.id).filter((id) => !refused.has(id)) : [];
    return jsonResponse(202, answer(saved.inserted, saved.duplicates, 1, [...storedIds, q._id]));
  } catch (err) {
    if (isUnavailable(err)) {
      deps.log.error('database unavailable', err);
      return errorResponse(503, 'database unavailable; retry later', { 'retry-after': '30' });
    }
    throw err;
  }
}

async function saveQuarantined(
  deps: CollectorDeps,
  doc: ReturnType<typeof quarantineDocument>,
  status: 202 | 400,
  error?: string,
): Promise<HttpResponse> {
  const saved = await saveQuarantineAcknowledged(deps, doc);
  return jsonResponse(status, {
    ...(error ? { error } : {}),
    ...answer(0, saved.duplicates, 1, [doc._id]),
    reason: doc.reason,
  });
}

/** Writes a quarantine document; returns only once the database acknowledged it. */
async function saveQuarantineAcknowledged(deps: CollectorDeps, doc: ReturnType<typeof quarantineDocument>) {
  const saved = await deps.store.saveQuarantine([doc]);
  // Its fields are fixed and its body is a string: a refusal is a bug, not the sender's problem.
  if (saved.refused.length > 0) throw new Error(`quarantine refused ${doc._id}: ${saved.refused[0].reason}`);
  if (acknowledged(saved) !== 1) throw new DatabaseUnavailableError('quarantine write not acknowledged');
  return saved;
}

function tooManyRecords(count: number, limit: number): HttpResponse {
  return jsonResponse(413, {
    error: `${count} records in one request; the limit is ${limit} records per request (MAX_RECORDS_PER_REQUEST): send smaller batches (Fluent Bit: a smaller Flush interval or chunk size)`,
    limit,
  });
}

/** `stored` counts documents written by this request; `duplicates` those that were already there. */
function answer(stored: number, duplicates: number, quarantined: number, ids: readonly string[]) {
  return {
    stored,
    quarantined,
    duplicates,
    ids: ids.slice(0, MAX_IDS_IN_ANSWER),
    ...(ids.length > MAX_IDS_IN_ANSWER ? { moreIds: ids.length - MAX_IDS_IN_ANSWER } : {}),
  };
}
