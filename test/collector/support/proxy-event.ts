import type { ProxyEvent } from '../../../lambda-src/collector/http/proxy-event';

export const PAYMENTS_KEY_ID = 'a1b2c3d4e5';
export const SEARCH_KEY_ID = 'f6g7h8i9j0';
export const API_KEY_PRODUCTS = { [PAYMENTS_KEY_ID]: 'payments', [SEARCH_KEY_ID]: 'search' };

/** A REST proxy event as API Gateway builds it after the authorizer let the request through. */
export function proxyEvent(
  path: string,
  body: string | Buffer | object | null,
  opts: {
    method?: string;
    headers?: Record<string, string>;
    apiKeyId?: string | null;
    base64?: boolean;
  } = {},
): ProxyEvent {
  let text: string | null;
  if (body === null) text = null;
  else if (Buffer.isBuffer(body)) text = opts.base64 ? body.toString('base64') : body.toString('utf8');
  else if (typeof body === 'string') text = opts.base64 ? Buffer.from(body).toString('base64') : body;
  else text = JSON.stringify(body);
  return {
    httpMethod: opts.method ?? 'POST',
    path,
    resource: path,
    headers: { 'Content-Type': 'application/json', ...opts.headers },
    body: text,
    isBase64Encoded: opts.base64 === true,
    requestContext: {
      requestId: 'test-request',
      identity: { apiKeyId: opts.apiKeyId === undefined ? PAYMENTS_KEY_ID : opts.apiKeyId },
    },
  };
}
