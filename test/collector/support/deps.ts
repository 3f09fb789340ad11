import type { CollectorDeps, Normalize } from '../../../lambda-src/collector/collect';
import { loadCollectorConfig } from '../../../lambda-src/collector/config';
import type { NormalizedEvent } from '../../../lambda-src/collector/normalized-event';
import type { SigningSecrets } from '../../../lambda-src/collector/signatures/signing-secrets';
import { MemoryStore } from './memory-store';
import { API_KEY_PRODUCTS } from './proxy-event';

export const RECEIVED_AT = '2026-11-26T10:00:00.000Z';

/**
 * A stand-in normalizer for the collector's own tests: `{"records": [...]}` gives one `log` event per
 * record (id = record.id), anything else is "not recognized". The real normalizers are tested on their own.
 */
export const recordsNormalizer: Normalize = (route, payload, ctx) => {
  const records = (payload as { records?: unknown })?.records;
  if (!Array.isArray(records)) return { ok: false, reason: `no "records" array in ${route} payload` };
  return {
    ok: true,
    events: records.map(
      (r, i): NormalizedEvent => ({
        id: String((r as { id?: unknown })?.id ?? `r${i}`),
        product: ctx.product,
        source: 'applog',
        kind: 'log',
        severity: 'info',
        status: 'info',
        title: 'record',
        occurredAt: RECEIVED_AT,
        receivedAt: ctx.receivedAt,
        raw: r,
      }),
    ),
  };
};

export function testDeps(overrides: Partial<CollectorDeps> & { signing?: SigningSecrets } = {}) {
  const store = new MemoryStore();
  const errors: unknown[][] = [];
  const deps: CollectorDeps = {
    config: loadCollectorConfig({
      API_KEY_PRODUCTS: JSON.stringify(API_KEY_PRODUCTS),
      MAX_BODY_BYTES: '4096',
    }),
    store,
    normalize: recordsNormalizer,
    signingSecrets: async () => overrides.signing,
    now: () => new Date(RECEIVED_AT),
    log: { error: (...a: unknown[]) => errors.push(a), warn: () => undefined },
    ...overrides,
  };
  return { deps, store, errors };
}
