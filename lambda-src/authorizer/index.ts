// API Gateway REST REQUEST authorizer. It only finds the API key; API Gateway then validates it against
// the usage plans (`usageIdentifierKey`, API key source AUTHORIZER) and rejects unknown keys with 403.
// The key may come as the `x-api-key` header (any case) or, for senders that cannot set headers
// (Sentry), as the `apiKey` query parameter. No dependencies: it runs on every request, cold starts count.
import { createHash } from 'node:crypto';

export interface RequestAuthorizerEvent {
  readonly type?: string;
  readonly methodArn: string;
  readonly headers?: Readonly<Record<string, string | undefined>> | null;
  readonly multiValueHeaders?: Readonly<Record<string, readonly string[] | undefined>> | null;
  readonly queryStringParameters?: Readonly<Record<string, string | undefined>> | null;
}

export interface AuthorizerResult {
  readonly principalId: string;
  readonly policyDocument: {
    readonly Version: '2012-10-17';
    readonly Statement: readonly [
      { readonly Action: 'execute-api:Invoke'; readonly Effect: 'Allow'; readonly Resource: string },
    ];
  };
  readonly usageIdentifierKey: string;
}

export async function handler(event: RequestAuthorizerEvent): Promise<AuthorizerResult> {
  const key = apiKeyOf(event);
  // API Gateway answers 401 when the authorizer fails with exactly this message.
  if (!key) throw new Error('Unauthorized');
  return {
    // A fingerprint, not the key: principalId shows up in access logs.
    principalId: `apikey-${createHash('sha256').update(key).digest('hex').slice(0, 16)}`,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: allMethodsOf(event.methodArn) }],
    },
    usageIdentifierKey: key,
  };
}

/** The `x-api-key` header (any case), else the `apiKey` query parameter. */
export function apiKeyOf(event: RequestAuthorizerEvent): string | undefined {
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (name.toLowerCase() === 'x-api-key' && value?.trim()) return value.trim();
  }
  for (const [name, values] of Object.entries(event.multiValueHeaders ?? {})) {
    const value = values?.[0];
    if (name.toLowerCase() === 'x-api-key' && value?.trim()) return value.trim();
  }
  const fromQuery = event.queryStringParameters?.apiKey?.trim();
  return fromQuery || undefined;
}

/**
 * `arn:aws:execute-api:region:account:apiId/stage/*\/*` from the invoked method's ARN. The policy must
 * cover every method: API Gateway caches it per key and reuses it for the key's other routes.
 */
export function allMethodsOf(methodArn: string): string {
  const parts = methodArn.split(':');
  const [apiId, stage] = (parts[5] ?? '').split('/');
  if (parts.length !== 6 || parts[2] !== 'execute-api' || !apiId || !stage) {
    throw new Error(`unexpected methodArn "${methodArn}"`);
  }
  return `${parts.slice(0, 5).join(':')}:${apiId}/${stage}/*/*`;
}
