// How API Gateway (REST, Lambda proxy) hands a request body to the function: base64 with
// `isBase64Encoded: true` when the request's Content-Type matches one of the API's binary media types,
// otherwise as UTF-8 text (bytes that are not valid UTF-8 are replaced, so a gzip body arrives corrupted).

/** `type/subtype` patterns, `*` matching any run of characters (as in `image/*` or `*\/*`). */
export function matchesBinaryMediaType(
  contentType: string | undefined,
  patterns: readonly string[],
): boolean {
  // Without a Content-Type API Gateway treats the body as application/json.
  const type = (contentType ?? 'application/json').split(';')[0].trim().toLowerCase();
  return patterns.some((p) => {
    const re = new RegExp(`^${p.toLowerCase().split('*').map(escapeRegExp).join('.*')}$`);
    return re.test(type);
  });
}

/** The body and `isBase64Encoded` API Gateway would pass for these bytes. */
export function proxyBody(
  bytes: Buffer,
  contentType: string | undefined,
  binaryMediaTypes: readonly string[],
): { readonly body: string | null; readonly isBase64Encoded: boolean } {
  if (bytes.length === 0) return { body: null, isBase64Encoded: false };
  if (matchesBinaryMediaType(contentType, binaryMediaTypes))
    return { body: bytes.toString('base64'), isBase64Encoded: true };
  return { body: bytes.toString('utf8'), isBase64Encoded: false };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
