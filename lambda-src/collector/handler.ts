// Lambda entry point (API Gateway REST proxy integration). Everything that lives across invocations is
// created once per container: the configuration, the database client, the cached secrets.
import { getSecretString } from './aws/secrets-manager';
import { type CollectorDeps, collect, type Normalize } from './collect';
import { type CollectorConfig, loadCollectorConfig } from './config';
import { withEnvironment } from './environment';
import type { ProxyEvent } from './http/proxy-event';
import { errorResponse, type HttpResponse } from './http/response';
import { normalizeDelivery } from './normalize';
import { withPersonalDataRedaction } from './privacy/redact-sentry';
import { countingQuarantine } from './quarantine-metric';
import { parseSigningSecrets, type SigningSecrets } from './signatures/signing-secrets';
import { connectedDb } from './store/connection';
import { MongoEventStore } from './store/mongo-store';

/** Signing secrets are re-read after this long, so a rotated secret is picked up without a deploy. */
const SIGNING_SECRETS_MAX_AGE_MS = 5 * 60_000;

/** The normalizer the collector runs (also used by `npm run replay-quarantine`). */
export function collectorNormalize(
  config: Pick<CollectorConfig, 'redactPersonalData' | 'productEnvironments'>,
): Normalize {
  // Every event carries the env of its product account (collector/environment.ts).
  return withEnvironment(
    withPersonalDataRedaction(normalizeDelivery, config.redactPersonalData),
    config.productEnvironments,
  );
}

/** The collector wired to its real store, normalizers and secrets (also used by the local dev server). */
export function createCollectorDeps(config: CollectorConfig): CollectorDeps {
  for (const problem of config.problems) console.error(`configuration: ${problem}`);
  return {
    config,
    store: countingQuarantine(
      new MongoEventStore(() => connectedDb(config), { logRetentionDays: config.logRetentionDays }),
    ),
    normalize: collectorNormalize(config),
    signingSecrets: async (): Promise<SigningSecrets | undefined> =>
      config.signingSecretsArn
        ? parseSigningSecrets(await getSecretString(config.signingSecretsArn, SIGNING_SECRETS_MAX_AGE_MS))
        : undefined,
    now: () => new Date(),
    log: console,
  };
}

let deps: CollectorDeps | undefined;

export async function handler(event: ProxyEvent): Promise<HttpResponse> {
  try {
    deps ??= createCollectorDeps(loadCollectorConfig(process.env));
    return await collect(event, deps);
  } catch (err) {
    // Only a bug gets here (the database being down is a 503 inside collect).
    console.error('collector failed', err);
    return errorResponse(500, `internal error (request ${event.requestContext?.requestId ?? 'unknown'})`);
  }
}
