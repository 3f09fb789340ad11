// Who is calling: the claims of the Cognito token that API Gateway's authorizer verified. The API writes
// on behalf of this user only; the page's own idea of who is signed in is never trusted.

export interface Caller {
  /** Shown as the author: email, else Cognito user name, else the subject. */
  readonly name: string;
  readonly sub: string;
  readonly groups: readonly string[];
}

/**
 * `cognito:groups` as API Gateway passes it: every claim of a REST API Cognito authorizer is a string, a
 * list serialized as `[a b]` (space-separated in brackets) or `a,b`; a test may pass a real array.
 */
export function parseGroups(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((g): g is string => typeof g === 'string');
  if (typeof value !== 'string') return [];
  const inner = value.trim().replace(/^\[(.*)\]$/s, '$1');
  return inner.split(/[\s,]+/).filter((g) => g.length > 0);
}

/** The caller from `requestContext.authorizer.claims`; null when there are no usable claims. */
export function callerFromClaims(
  claims: Readonly<Record<string, unknown>> | undefined | null,
): Caller | null {
  if (!claims) return null;
  const text = (key: string) =>
    typeof claims[key] === 'string' && claims[key] !== '' ? (claims[key] as string) : undefined;
  const sub = text('sub');
  if (!sub) return null;
  return {
    sub,
    name: text('email') ?? text('cognito:username') ?? text('username') ?? sub,
    groups: parseGroups(claims['cognito:groups']),
  };
}
