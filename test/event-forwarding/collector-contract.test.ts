// What the rules forward, the collector must understand: every real sample a rule matches is normalized
// by the collector's /events normalizer (not quarantined), with the source the design assigns it.
import { matchesEventPattern } from '../../constructs/event-forwarding/pattern-matcher';
import { forwardingRules } from '../../constructs/event-forwarding/patterns';
import { normalizeDelivery } from '../../lambda-src/collector/normalize';
import { fixture } from '../support/synth';
import { guardDutyEnvelope } from './envelopes';

const rules = forwardingRules({ toilSource: 'acme.toil' });
const ctx = { product: 'payments', receivedAt: '2026-01-01T00:00:00.000Z', headers: {} };

test.each([
  ['events/ecs/ecs-deployment-state-change.failed.awsdocs.json', 'ecs'],
  ['events/ecs/ecs-service-action.placement-failure.awsdocs.json', 'ecs'],
  ['events/ecs/ecs-container-instance-state-change.aws-lambda-go.json', 'ecs'],
  ['events/config/config-rules-compliance-change.eventbridge.unattributed.json', 'config'],
  ['events/inspector2/inspector2-finding.ec2-package-vulnerability.awsdocs.json', 'inspector'],
  ['events/securityhub/findings-imported.cis-1.4.aws-solutions.json', 'securityhub'],
])('%s is forwarded and normalized as %s', (file, source) => {
  const event = fixture(file);
  expect(rules.some((r) => matchesEventPattern(r.eventPattern, event))).toBe(true);
  const result = normalizeDelivery('eventbridge', event, ctx);
  expect(result).toMatchObject({ ok: true });
  if (result.ok) expect(result.events.map((e) => e.source)).toEqual([source]);
});

test.each([
  'events/guardduty/finding-detail-only.ec2-network-connection.aws-samples.json',
  'events/guardduty/finding-detail-only.iam-api-call.aws-samples.json',
])('%s, in the documented envelope, is forwarded and normalized as guardduty', (file) => {
  const event = guardDutyEnvelope(fixture(file));
  expect(rules.filter((r) => matchesEventPattern(r.eventPattern, event)).map((r) => r.id)).toEqual([
    'guardduty',
  ]);
  const result = normalizeDelivery('eventbridge', event, ctx);
  expect(result).toMatchObject({ ok: true });
  if (result.ok) expect(result.events.map((e) => [e.source, e.severity])).toEqual([['guardduty', 'medium']]);
});

test('a toil event under the configured source is forwarded and normalized as toil', () => {
  const event = {
    version: '0',
    id: '7bf73129-1428-4cd3-a780-95db273d1602',
    'detail-type': 'Toil Job Status',
    source: 'acme.toil',
    account: '222222222222',
    time: '2026-01-01T03:00:00Z',
    region: 'ap-northeast-1',
    resources: [],
    detail: { action: 'patch-instances', status: 'failed', summary: 'Patched 10 of 12 instances' },
  };
  expect(rules.filter((r) => matchesEventPattern(r.eventPattern, event)).map((r) => r.id)).toEqual(['toil']);
  const result = normalizeDelivery('eventbridge', event, ctx);
  expect(result).toMatchObject({ ok: true });
  if (result.ok) expect(result.events.map((e) => [e.source, e.status])).toEqual([['toil', 'open']]);
});
