import { readFileSync } from 'node:fs';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..', 'fixtures', 'events');

/** A fixture's exact bytes (signatures are computed over them). */
export function fixtureBytes(relative: string): Buffer {
  return readFileSync(path.join(ROOT, relative));
}

/** A fresh parsed copy: tests may mutate it. */
export function fixtureJson<T = any>(relative: string): T {
  return JSON.parse(fixtureBytes(relative).toString('utf8'));
}

/** The PagerDuty signature test vector quoted in test/fixtures/events/SOURCES.md (go-pagerduty). */
export const PAGERDUTY_VECTOR = {
  body: 'pagerduty/webhook-v3.incident.priority_updated.signed-test-body.go-pagerduty.json',
  secret: 'lDQHScfUeXUKaQRNF+8XIiDKZ7XX3itBAYzwU0TARw8lJqRnkKl2iB1anSb0Z+IK',
  signature: 'v1=0c0b9495b893a39e70d1fea2fe11fbe0a825f88b9f67846f6cc07dd2bc5476cd',
} as const;

/**
 * Sentry publishes no signed sample; this vector was computed outside the code under test with
 * `openssl dgst -sha256 -hmac sentry-client-secret-for-tests sentry/webhook.issue.created.sentry-docs.json`.
 */
export const SENTRY_VECTOR = {
  body: 'sentry/webhook.issue.created.sentry-docs.json',
  secret: 'sentry-client-secret-for-tests',
  signature: 'd80f9273151062418f5c7f5113e8981c54e4a15f74b61865a53bbdbc0dee6638',
} as const;
