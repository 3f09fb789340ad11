// Demo data: the real payloads of the test fixtures, normalized by the collector's own normalizers for
// every product, then spread over the last hours so the timeline has a shape. Demo documents have ids
// starting with `demo:` so a reload replaces them and nothing else.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Db } from 'mongodb';
import { normalizeDelivery } from '../lambda-src/collector/normalize';
import type { NormalizedEvent, Route } from '../lambda-src/collector/normalized-event';
import { EVENTS_COLLECTION } from '../lambda-src/query-api/store';

export const FIXTURES_DIR = path.resolve(__dirname, '..', 'test', 'fixtures', 'events');

export interface DemoPayload {
  readonly route: Route;
  readonly file: string;
  /** Request headers the sender sets besides content-type. */
  readonly headers?: Readonly<Record<string, string>>;
  /** How the sender delivers the stored sample (e.g. EventBridge wraps a bare `detail` in its envelope). */
  readonly deliver?: (sample: unknown) => unknown;
}

/** Which fixture arrives on which route, and how. */
export const DEMO_PAYLOADS: readonly DemoPayload[] = [
  { route: 'pagerduty', file: 'pagerduty/webhook-v3.incident.priority_updated.pagerduty-docs.json' },
  {
    route: 'datadog',
    file: 'datadog/webhook.monitor-triggered.default-template-plus-custom-fields.inres-thirdparty.json',
  },
  {
    route: 'sentry',
    file: 'sentry/webhook.issue.created.sentry-docs.json',
    headers: { 'sentry-hook-resource': 'issue' },
  },
  {
    // The sample keeps only `region` and `detail`; EventBridge delivers it inside its envelope.
    route: 'eventbridge',
    file: 'guardduty/partial-envelope.ssh-bruteforce.aws-samples.json',
    deliver: (sample) => {
      const { region, detail } = sample as { region: string; detail: Record<string, string> };
      return {
        version: '0',
        id: `demo-${detail.id}`,
        'detail-type': 'GuardDuty Finding',
        source: 'aws.guardduty',
        account: detail.accountId,
        time: detail.updatedAt,
        region,
        resources: [],
        detail,
      };
    },
  },
  { route: 'eventbridge', file: 'inspector2/inspector2-finding.ec2-package-vulnerability.awsdocs.json' },
  { route: 'eventbridge', file: 'securityhub/findings-imported.afsbp-ec2.7.aws-solutions.json' },
  { route: 'eventbridge', file: 'securityhub/findings-imported.cis-1.4.aws-solutions.json' },
  { route: 'eventbridge', file: 'config/config-rules-compliance-change.eventbridge.unattributed.json' },
  { route: 'eventbridge', file: 'ecs/ecs-deployment-state-change.failed.awsdocs.json' },
  { route: 'eventbridge', file: 'ecs/ecs-service-action.placement-failure.awsdocs.json' },
  { route: 'eventbridge', file: 'ecs/ecs-task-state-change.fargate-running.awsdocs.json' },
  {
    // One FireLens record; Fluent Bit's http output (format json) sends records as an array.
    route: 'fluentbit',
    file: 'fluentbit/firelens-record.ecs-metadata-fields.awsdocs.json',
    deliver: (record) => [record],
  },
  { route: 'fluentbit', file: 'fluentbit/json-format-array.tap-stdout-format-json.fluent-bit-docs.json' },
  {
    // A CloudTrail record; EventBridge delivers it under the called service's source.
    route: 'eventbridge',
    file: 'cloudtrail/record.states-delete-state-machine.access-denied.awsdocs.json',
    deliver: (record) => cloudTrailEvent(record, 'AWS API Call via CloudTrail'),
  },
  {
    route: 'eventbridge',
    file: 'cloudtrail/record.console-signin.root-success.awsdocs.json',
    deliver: (record) => cloudTrailEvent(record, 'AWS Console Sign In via CloudTrail'),
  },
  { route: 'eventbridge', file: 'devopsguru/new-insight-open.apigateway-5xx.awsdocs.json' },
];

/** The EventBridge envelope around a CloudTrail record (source `aws.<service>`, detail the record). */
function cloudTrailEvent(sample: unknown, detailType: string): unknown {
  const record = sample as { eventID: string; eventSource: string; eventTime: string; awsRegion: string };
  return {
    version: '0',
    id: `demo-${record.eventID}`,
    'detail-type': detailType,
    source: `aws.${record.eventSource.replace(/\.amazonaws\.com$/, '')}`,
    time: record.eventTime,
    region: record.awsRegion,
    resources: [],
    detail: record,
  };
}

export const DEMO_ID_PREFIX = 'demo:';

export interface DemoData {
  readonly events: NormalizedEvent[];
  /** Payloads the normalizers did not take (they would have been quarantined), with the reason. */
  readonly skipped: { readonly file: string; readonly reason: string }[];
}

/** A small deterministic hash, so the same products always get the same demo shape. */
function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/**
 * Every product gets a different, stable subset of the payloads (the first product all of them), each
 * 1 to 3 times at times spread over the last `hours` hours before `now`. With `environments`, each copy
 * belongs to one of its product's envs (stable per copy), as the collector would attribute it.
 */
export function demoEvents(
  products: readonly string[],
  now: Date,
  hours = 12,
  environments: Readonly<Record<string, readonly string[]>> = {},
): DemoData {
  const events: NormalizedEvent[] = [];
  const skipped: { file: string; reason: string }[] = [];
  products.forEach((product, p) => {
    for (const { route, file, headers, deliver } of DEMO_PAYLOADS) {
      if (p > 0 && hash(`${product}/${file}`) % (p + 2) === 0) continue;
      const sample: unknown = JSON.parse(readFileSync(path.join(FIXTURES_DIR, file), 'utf8'));
      const payload = deliver ? deliver(sample) : sample;
      const copies = 1 + (hash(`${file}#${product}`) % 3);
      for (let c = 0; c < copies; c++) {
        const at = new Date(now.getTime() - ((hash(`${product}/${file}/${c}`) % (hours * 60)) + 1) * 60_000);
        const receivedAt = new Date(at.getTime() + 2000).toISOString();
        const result = normalizeDelivery(route, structuredClone(payload), {
          product,
          receivedAt,
          headers: { 'content-type': 'application/json', ...headers },
        });
        if (!result.ok) {
          if (p === 0 && c === 0) skipped.push({ file, reason: result.reason });
          continue;
        }
        const envs = environments[product] ?? [];
        const env = envs.length > 0 ? envs[hash(`${file}@${product}/${c}`) % envs.length] : undefined;
        for (const e of result.events) {
          events.push({
            ...e,
            ...(env ? { env } : {}),
            id: `${DEMO_ID_PREFIX}${product}:${c}:${e.id}`,
            product,
            occurredAt: at.toISOString(),
            receivedAt,
          });
        }
      }
    }
  });
  return { events, skipped };
}

/** Replaces the demo documents in the `events` collection; returns how many were written. */
export async function loadDemoData(db: Db, data: DemoData): Promise<number> {
  const events = db.collection(EVENTS_COLLECTION);
  await events.deleteMany({ _id: { $regex: `^${DEMO_ID_PREFIX}` } } as never);
  if (data.events.length === 0) return 0;
  const res = await events.insertMany(data.events.map((e) => ({ ...e, _id: e.id })) as never[], {
    ordered: false,
  });
  return res.insertedCount;
}
