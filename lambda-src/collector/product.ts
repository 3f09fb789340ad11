import type { ProxyEvent } from './http/proxy-event';

export type ProductResult =
  | { readonly ok: true; readonly product: string; readonly apiKeyId: string }
  | { readonly ok: false; readonly reason: string };

/**
 * The product is the owner of the API key API Gateway validated (`requestContext.identity.apiKeyId`),
 * never a header, path or body field: those are the sender's to choose.
 */
export function resolveProduct(
  event: Pick<ProxyEvent, 'requestContext'>,
  apiKeyProducts: Readonly<Record<string, string>>,
): ProductResult {
  const apiKeyId = event.requestContext?.identity?.apiKeyId;
  if (!apiKeyId) return { ok: false, reason: 'request carries no validated API key' };
  const product = Object.hasOwn(apiKeyProducts, apiKeyId) ? apiKeyProducts[apiKeyId] : undefined;
  if (!product) return { ok: false, reason: `API key ${apiKeyId} is not assigned to a product` };
  return { ok: true, product, apiKeyId };
}
