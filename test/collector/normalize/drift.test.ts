// Drift events: the payload `review drift-events` builds from real plans, and what the collector makes of it.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { normalizeDelivery } from '../../../lambda-src/collector/normalize';
import { driftSeverity } from '../../../lambda-src/collector/normalize/drift';
import { runAsync } from '../../../review/cli';
import { driftPayload } from '../../../review/drift-event';
import { parsePlan } from '../../../review/plan';
import { renderPlans } from '../../../review/plan-markdown';
import type { StackResult } from '../../../review/runner';
import { ctx, RECEIVED_AT } from './support';

const PLANS = path.join(__dirname, '..', '..', 'fixtures', 'plans');
const plan = (name: string) => JSON.parse(readFileSync(path.join(PLANS, name), 'utf8'));
const target = {
  stack: 'payments-prod',
  account: '222222222222',
  region: 'ap-northeast-1',
  product: 'payments',
  synthHash: 'h',
};
const drifted: StackResult = {
  stack: 'payments-prod',
  mode: 'drift',
  outcome: 'drift',
  planJson: 'plan.json',
  seconds: 3,
};
const CHECKED_AT = '2026-12-02T03:00:00.000Z';

const payloadOf = (fixture: string) =>
  driftPayload({
    target,
    result: drifted,
    plan: plan(fixture),
    checkedAt: CHECKED_AT,
    url: 'https://github.com/acme/obs/actions/runs/7',
  })!;

test('a drifted stack: the payload carries the rendered review, the changes and where it is', () => {
  const payload = payloadOf('infracost-aws-target-drift.json');
  expect(payload).toEqual({
    version: 1,
    stack: 'payments-prod',
    status: 'drift',
    checkedAt: CHECKED_AT,
    account: '222222222222',
    region: 'ap-northeast-1',
    product: 'payments',
    summary: 'Plan: 0 to add, 1 to change, 0 to destroy.',
    changes: [
      { address: 'aws_instance.web_app_1', type: 'aws_instance', action: 'update', outside: true },
      { address: 'aws_instance.web_app_1', type: 'aws_instance', action: 'update', outside: false },
    ],
    report: renderPlans([parsePlan('payments-prod', plan('infracost-aws-target-drift.json'))]),
    url: 'https://github.com/acme/obs/actions/runs/7',
  });
  expect(payload.report).toContain('**Changed outside of terraform (drift, 1)**');
});

test('a stack without drift or error gives no event', () => {
  expect(
    driftPayload({
      target,
      result: { ...drifted, outcome: 'ok' },
      plan: plan('tfjson-120-basic.json'),
      checkedAt: CHECKED_AT,
    }),
  ).toBeUndefined();
});

test('sensitive values of the plan never reach the payload: masked as the review masks them', () => {
  const raw = plan('tfplanformat-sensitive-replace.json');
  const before = raw.resource_changes[0].change.before;
  const payload = payloadOf('tfplanformat-sensitive-replace.json');
  const text = JSON.stringify(payload);
  expect(text).not.toContain(before.base64);
  expect(text).not.toContain(before.hex);
  expect(payload.report).toContain('(sensitive value)');
});

test('a failed check carries the end of the error output, credentials masked', () => {
  const payload = driftPayload({
    target,
    result: {
      ...drifted,
      outcome: 'failed',
      planJson: undefined,
      error:
        'terraform plan failed:\nError: reading https://deploy:hunter2@git.example.com/x: 403 for AKIAIOSFODNN7EXAMPLE',
    },
    checkedAt: CHECKED_AT,
  })!;
  expect(payload).toMatchObject({ status: 'error', summary: 'terraform plan failed:', changes: [] });
  expect(payload.error).toBe(
    'terraform plan failed:\nError: reading (sensitive value) 403 for (sensitive value)',
  );
});

describe('the collector', () => {
  test('stores drift as source drift, kind drift, open, with the account and the run link', () => {
    const result = normalizeDelivery('drift', payloadOf('infracost-aws-target-drift.json'), ctx());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.events).toHaveLength(1);
    expect(result.events[0]).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{64}$/),
      product: 'payments',
      source: 'drift',
      kind: 'drift',
      severity: 'medium',
      status: 'open',
      title:
        'Drift in payments-prod: 1 changed outside terraform; Plan: 0 to add, 1 to change, 0 to destroy.',
      occurredAt: CHECKED_AT,
      receivedAt: RECEIVED_AT,
      account: '222222222222',
      region: 'ap-northeast-1',
      resource: 'payments-prod',
      url: 'https://github.com/acme/obs/actions/runs/7',
      raw: payloadOf('infracost-aws-target-drift.json'),
    });
  });

  test('deletions are high', () => {
    const result = normalizeDelivery('drift', payloadOf('tfsummarize-github-drift.json'), ctx());
    expect(result.ok && result.events[0].severity).toBe('high');
  });

  test.each([
    ['aws_iam_role_policy', 'update', 'high'],
    ['aws_kms_key', 'update', 'high'],
    ['aws_security_group', 'update', 'high'],
    ['aws_s3_bucket_policy', 'update', 'high'],
    ['aws_lambda_function', 'delete', 'high'],
    ['datadog_monitor', 'replace', 'high'],
    ['datadog_monitor', 'update', 'medium'],
    ['aws_cloudwatch_event_rule', 'create', 'medium'],
  ])('%s %s is %s', (type, action, severity) => {
    expect(driftSeverity([{ address: `${type}.x`, type, action, outside: true }])).toBe(severity);
  });

  test('the same drift seen on two nights is one event; a different drift is another', () => {
    const idOf = (payload: unknown) => {
      const r = normalizeDelivery('drift', payload, ctx());
      return r.ok ? r.events[0].id : r.reason;
    };
    const first = payloadOf('infracost-aws-target-drift.json');
    expect(idOf({ ...first, checkedAt: '2026-12-03T03:00:00.000Z' })).toBe(idOf(first));
    expect(idOf(payloadOf('tfsummarize-github-drift.json'))).not.toBe(idOf(first));
  });

  test('a payload that is not a drift event is refused with the field and what is allowed', () => {
    const result = normalizeDelivery('drift', { version: 1, stack: 'x', status: 'gone' }, ctx());
    expect(result).toEqual({
      ok: false,
      reason: expect.stringMatching(
        /^drift event: status: expected one of "drift", "error", got string "gone"; checkedAt: missing \(string expected\)/,
      ),
    });
  });
});

test('review drift-events: a plan that cannot be read still gives the stack an event, as a failed check', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'drift-events-'));
  const results = path.join(dir, 'results');
  for (const [stack, result, plan] of [
    ['payments-prod', { outcome: 'drift', planJson: 'plan.json' }, '{"format_version": '],
    [
      'search-prod',
      { outcome: 'drift', planJson: 'plan.json' },
      readFileSync(path.join(PLANS, 'infracost-aws-target-drift.json'), 'utf8'),
    ],
  ] as const) {
    mkdirSync(path.join(results, stack), { recursive: true });
    writeFileSync(
      path.join(results, stack, 'result.json'),
      JSON.stringify({ stack, mode: 'drift', seconds: 1, ...result }),
    );
    writeFileSync(path.join(results, stack, 'plan.json'), plan);
  }
  const selection = path.join(dir, 'selection.json');
  const t = (stack: string) => ({ stack, synthHash: 'h' });
  writeFileSync(
    selection,
    JSON.stringify({
      version: 1,
      reason: 'all',
      central: null,
      batches: [[t('payments-prod'), t('search-prod')]],
      maxJobs: 20,
      removed: [],
    }),
  );
  let out = '';
  const code = await runAsync(
    ['drift-events', '--selection', selection, '--step', '1', '--results', results],
    {
      out: (x) => (out += x),
      err: () => undefined,
    },
  );
  const events = out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  expect(code).toBe(0);
  expect(events.map((e) => [e.stack, e.status])).toEqual([
    ['payments-prod', 'error'],
    ['search-prod', 'drift'],
  ]);
  expect(events[0].summary).toMatch(/^cannot read the plan of payments-prod/);
});
