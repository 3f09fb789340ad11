// Secrets Manager reads, cached for the life of the container. The SDK is loaded on first use only, so
// local runs with MONGODB_URI and no signing secrets never pay for it.
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

interface Entry {
  readonly value: Promise<string>;
  readonly fetchedAt: number;
}

const cache = new Map<string, Entry>();
let client: SecretsManagerClient | undefined;

/**
 * The secret's string value. Cached for `maxAgeMs` (rotation is picked up after that); a failed read
 * is not cached, so the next invocation tries again.
 */
export async function getSecretString(
  secretId: string,
  maxAgeMs = Number.POSITIVE_INFINITY,
): Promise<string> {
  const hit = cache.get(secretId);
  if (hit && Date.now() - hit.fetchedAt < maxAgeMs) return hit.value;
  const value = fetchSecret(secretId);
  cache.set(secretId, { value, fetchedAt: Date.now() });
  value.catch(() => cache.delete(secretId));
  return value;
}

/** Forget a cached secret (after the database refused its credentials: it was probably rotated). */
export function forgetSecret(secretId: string): void {
  cache.delete(secretId);
}

async function fetchSecret(secretId: string): Promise<string> {
  const sdk = await import('@aws-sdk/client-secrets-manager');
  client ??= new sdk.SecretsManagerClient({});
  const out = await client.send(new sdk.GetSecretValueCommand({ SecretId: secretId }));
  if (out.SecretString === undefined) throw new Error(`secret ${secretId} has no string value`);
  return out.SecretString;
}
