// Fixtures, contexts and an independent check of the stored document shape for the normalizer tests.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import {
  type DeliveryContext,
  KINDS,
  type NormalizedEvent,
  type NormalizeResult,
  type Route,
  SEVERITIES,
  SOURCES,
  STATUSES,
} from '../../../lambda-src/collector/normalized-event';

export const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'events');

/** A fresh parse of a fixture file on every call, so a test can never change another test's input. */
export function fixture<T = any>(path: string): T {
  return JSON.parse(readFileSync(join(FIXTURES, path), 'utf8')) as T;
}

export const RECEIVED_AT = '2026-11-26T12:00:00.000Z';

export function ctx(headers: Record<string, string> = {}, product = 'payments'): DeliveryContext {
  return { product, receivedAt: RECEIVED_AT, headers };
}

/**
 * The EventBridge envelope GuardDuty documents (`"detail": {GUARDDUTY_FINDING_JSON_OBJECT}`) around a
 * detail-only fixture; envelope values are the test's own, the detail is the fixture's.
 */
export function guardDutyEnvelope(detail: unknown, region = 'us-east-1') {
  return {
    version: '0',
    id: 'c8c4daa7-a20c-2f03-0070-b7393dd542ad',
    'detail-type': 'GuardDuty Finding',
    source: 'aws.guardduty',
    account: '123456789012',
    time: '2024-01-01T00:00:00Z',
    region,
    resources: [],
    detail,
  };
}

/**
 * The EventBridge envelope AWS Health documents (`source` aws.health, `detail-type` AWS Health Event)
 * around a detail-only fixture; envelope values are the test's own, the detail is the fixture's.
 */
export function healthEnvelope(detail: unknown) {
  return {
    version: '0',
    id: '4c1d4b6e-2b5f-4c43-9a5e-7a1f0f6f3b21',
    'detail-type': 'AWS Health Event',
    source: 'aws.health',
    account: '123456789012',
    time: '2023-08-29T03:13:27Z',
    region: 'us-west-2',
    resources: [],
    detail,
  };
}

/**
 * The EventBridge envelope CloudTrail events arrive in (EventBridge user guide, "AWS service events
 * delivered via AWS CloudTrail"): `source` is the called service (`states.amazonaws.com` → `aws.states`),
 * `detail` the CloudTrail record unchanged, `time` its event time. Envelope `id` is the test's own.
 */
export function cloudTrailEnvelope(record: any, detailType = 'AWS API Call via CloudTrail') {
  return {
    version: '0',
    id: `6f3ab3c2-${String(record.eventID).slice(0, 4)}-4c5e-9d7a-0c1b2d3e4f50`,
    'detail-type': detailType,
    source: `aws.${String(record.eventSource).replace(/\.amazonaws\.com$/, '')}`,
    account: record.recipientAccountId,
    time: record.eventTime,
    region: record.awsRegion,
    resources: [],
    detail: record,
  };
}

/** The documented Security Hub envelope around findings that come without one. */
export function securityHubEnvelope(detailType: string, findings: unknown[]) {
  return {
    version: '0',
    id: '0b7e1e2e-6a8f-4a4c-9d43-1b8f2c3d4e5f',
    'detail-type': detailType,
    source: 'aws.securityhub',
    account: '111122223333',
    time: '2024-01-01T00:00:00Z',
    region: 'us-west-2',
    resources: [],
    detail: { findings },
  };
}

const iso = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, 'ISO 8601 UTC');

/** The stored document contract, written from docs/normalized-event.md independently of the normalizers. */
export const storedDocument = z.strictObject({
  id: z.string().regex(/^[0-9a-f]{64}$/),
  product: z.string().min(1),
  source: z.enum(SOURCES),
  kind: z.enum(KINDS),
  severity: z.enum(SEVERITIES),
  status: z.enum(STATUSES),
  title: z
    .string()
    .min(1)
    .max(300)
    .refine((t) => !/[\r\n]/.test(t) && t === t.trim(), 'one trimmed line'),
  occurredAt: iso,
  receivedAt: iso,
  account: z.string().min(1).optional(),
  region: z.string().min(1).optional(),
  resource: z.string().min(1).optional(),
  url: z
    .string()
    .regex(/^https?:\/\/\S+$/)
    .optional(),
  principal: z.string().min(1).optional(),
  action: z
    .string()
    .regex(/^[a-z0-9.-]+:[A-Za-z0-9_.-]+$/)
    .optional(),
  sourceIp: z.string().min(1).optional(),
  occurrences: z.number().int().min(1).optional(),
  lastOccurredAt: iso.optional(),
  raw: z.unknown(),
});

/** The documents of a result that must be ok, each checked against the stored document contract. */
export function documents(result: NormalizeResult): NormalizedEvent[] {
  if (!result.ok) throw new Error(`expected ok, got: ${result.reason}`);
  for (const event of result.events) storedDocument.parse(event);
  return [...result.events];
}

/** The single document of a result. */
export function only(result: NormalizeResult): NormalizedEvent {
  const events = documents(result);
  expect(events).toHaveLength(1);
  return events[0];
}

/** The reason of a result that must have failed. */
export function reason(result: NormalizeResult): string {
  if (result.ok) throw new Error(`expected a failure, got ${result.events.length} document(s)`);
  return result.reason;
}

/** One delivery built from a fixture file, as the collector would receive it. */
export interface FixtureDelivery {
  readonly file: string;
  readonly route: Route;
  readonly headers: Record<string, string>;
  /** A fresh payload on every call (fixtures without an envelope get the documented one). */
  readonly payload: () => unknown;
}

function delivery(
  file: string,
  route: Route,
  payload?: () => unknown,
  headers: Record<string, string> = {},
): FixtureDelivery {
  return { file, route, headers, payload: payload ?? (() => fixture(file)) };
}

/** Every event fixture (apigw/ is for the authorizer), each as a delivery. */
export const FIXTURE_DELIVERIES: readonly FixtureDelivery[] = [
  delivery('cloudtrail/record.states-delete-state-machine.access-denied.awsdocs.json', 'eventbridge', () =>
    cloudTrailEnvelope(fixture('cloudtrail/record.states-delete-state-machine.access-denied.awsdocs.json')),
  ),
  ...[
    'cloudtrail/record.console-signin.root-success.awsdocs.json',
    'cloudtrail/record.console-signin.root-failure.awsdocs.json',
    'cloudtrail/record.console-signin.iam-user-success.awsdocs.json',
  ].map((file) =>
    delivery(file, 'eventbridge', () =>
      cloudTrailEnvelope(fixture(file), 'AWS Console Sign In via CloudTrail'),
    ),
  ),
  delivery('config/config-rules-compliance-change.eventbridge.unattributed.json', 'eventbridge'),
  delivery(
    'datadog/webhook.monitor-triggered.default-template-plus-custom-fields.inres-thirdparty.json',
    'datadog',
  ),
  delivery('devopsguru/new-insight-open.apigateway-5xx.awsdocs.json', 'eventbridge'),
  delivery('devopsguru/new-insight-open.dynamodb-latency.aws-samples-servicenow.json', 'eventbridge'),
  delivery('ecs/ecs-container-instance-state-change.aws-lambda-go.json', 'eventbridge'),
  delivery('ecs/ecs-deployment-state-change.failed.awsdocs.json', 'eventbridge'),
  delivery('ecs/ecs-service-action.placement-failure.awsdocs.json', 'eventbridge'),
  delivery('ecs/ecs-task-state-change.fargate-running.awsdocs.json', 'eventbridge'),
  delivery('eventbridge/generic-envelope.powertools-python.json', 'eventbridge'),
  delivery('fluentbit/firelens-record.ecs-metadata-fields.awsdocs.json', 'fluentbit', () => [
    { date: 1671000068.5, ...fixture('fluentbit/firelens-record.ecs-metadata-fields.awsdocs.json') },
  ]),
  delivery('fluentbit/json-format-array.tap-stdout-format-json.fluent-bit-docs.json', 'fluentbit'),
  delivery('guardduty/finding-detail-only.ec2-network-connection.aws-samples.json', 'eventbridge', () =>
    guardDutyEnvelope(fixture('guardduty/finding-detail-only.ec2-network-connection.aws-samples.json')),
  ),
  delivery('guardduty/finding-detail-only.iam-api-call.aws-samples.json', 'eventbridge', () =>
    guardDutyEnvelope(fixture('guardduty/finding-detail-only.iam-api-call.aws-samples.json')),
  ),
  delivery('guardduty/partial-envelope.ssh-bruteforce.aws-samples.json', 'eventbridge', () => {
    const partial = fixture('guardduty/partial-envelope.ssh-bruteforce.aws-samples.json');
    return guardDutyEnvelope(partial.detail, partial.region);
  }),
  delivery(
    'health/aws-health-event.account-notification.ec2-maintenance.aws-health-events-insight.json',
    'eventbridge',
  ),
  delivery('health/aws-health-event.issue.instance-store-degraded.aws-health-tools.json', 'eventbridge'),
  delivery(
    'health/detail-only.scheduled-change.ec2-maintenance.aws-health-events-insight.json',
    'eventbridge',
    () =>
      healthEnvelope(
        fixture('health/detail-only.scheduled-change.ec2-maintenance.aws-health-events-insight.json'),
      ),
  ),
  delivery('inspector2/inspector2-finding.ec2-package-vulnerability.awsdocs.json', 'eventbridge'),
  delivery('pagerduty/webhook-v3.event-data-only.incident.pagerduty-docs.json', 'pagerduty', () => ({
    event: {
      id: '01BRB6ZP4M6T8ZG4X6BP63ZB9P',
      event_type: 'incident.triggered',
      resource_type: 'incident',
      occurred_at: '2020-10-02T18:45:22.169Z',
      agent: null,
      client: null,
      data: fixture('pagerduty/webhook-v3.event-data-only.incident.pagerduty-docs.json'),
    },
  })),
  delivery('pagerduty/webhook-v3.incident.priority_updated.pagerduty-docs.json', 'pagerduty'),
  delivery('pagerduty/webhook-v3.incident.priority_updated.signed-test-body.go-pagerduty.json', 'pagerduty'),
  delivery('pagerduty/webhook-v3.service.updated.pagerduty-docs.json', 'pagerduty'),
  delivery('securityhub/asff-finding-only.guardduty-in-securityhub.awsdocs.json', 'eventbridge', () =>
    securityHubEnvelope('Security Hub Findings - Imported', [
      fixture('securityhub/asff-finding-only.guardduty-in-securityhub.awsdocs.json'),
    ]),
  ),
  delivery('securityhub/findings-imported.afsbp-ec2.7.aws-solutions.json', 'eventbridge'),
  delivery('securityhub/findings-imported.cis-1.4.aws-solutions.json', 'eventbridge'),
  delivery('sentry/webhook.error.created.sentry-docs.json', 'sentry', undefined, {
    'sentry-hook-resource': 'error',
  }),
  delivery('sentry/webhook.event-alert.triggered.sentry-docs.json', 'sentry', undefined, {
    'sentry-hook-resource': 'event_alert',
  }),
  delivery('sentry/webhook.issue.created.sentry-docs.json', 'sentry', undefined, {
    'sentry-hook-resource': 'issue',
  }),
  delivery('sentry/webhook.metric-alert.resolved.sentry-docs.json', 'sentry', undefined, {
    'sentry-hook-resource': 'metric_alert',
  }),
];
