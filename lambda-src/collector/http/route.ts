import { ROUTES, type Route } from '../normalized-event';

export type RouteMatch =
  | { readonly ok: true; readonly route: Route }
  | { readonly ok: false; readonly status: 404 | 405; readonly reason: string };

const WEBHOOK_ROUTES: readonly Route[] = ROUTES.filter((r) => r !== 'eventbridge');

/**
 * `POST /events` and `POST /webhooks/{source}`. The path may carry a prefix (a custom domain's base path
 * such as `/v1`), so only its end is matched.
 */
export function matchRoute(method: string, path: string): RouteMatch {
  const clean = path.replace(/\/+$/, '');
  let route: Route | undefined;
  if (/(^|\/)events$/.test(clean)) {
    route = 'eventbridge';
  } else {
    const webhook = /(?:^|\/)webhooks\/([^/]+)$/.exec(clean);
    if (!webhook)
      return { ok: false, status: 404, reason: `no route for ${path}; use /events or /webhooks/{source}` };
    const source = safeDecode(webhook[1]).toLowerCase();
    route = WEBHOOK_ROUTES.find((r) => r === source);
    if (!route) {
      return {
        ok: false,
        status: 404,
        reason: `unknown webhook source "${source}"; accepted: ${WEBHOOK_ROUTES.join(', ')}`,
      };
    }
  }
  if (method.toUpperCase() !== 'POST')
    return { ok: false, status: 405, reason: `${method} not allowed; use POST` };
  return { ok: true, route };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
