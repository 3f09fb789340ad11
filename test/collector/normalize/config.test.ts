import { normalizeDelivery } from '../../../lambda-src/collector/normalize';
import { configCompliance } from '../../../lambda-src/collector/normalize/config';
import { ctx, fixture, only, reason } from './support';

const FILE = 'config/config-rules-compliance-change.eventbridge.unattributed.json';

describe('Config rule compliance changes', () => {
  test('a volume that became NON_COMPLIANT', () => {
    const doc = only(normalizeDelivery('eventbridge', fixture(FILE), ctx()));
    expect(doc).toMatchObject({
      source: 'config',
      kind: 'compliance',
      severity: 'medium',
      status: 'open',
      // annotation "\nTag costcenter is not present." joins the title on one line
      title:
        'Config rule volumes-prod-tags: AWS::EC2::Volume vol-0f0b1ec8ced432a26 is NON_COMPLIANT: Tag costcenter is not present.',
      occurredAt: '2022-03-02T07:03:46.945Z', // newEvaluationResult.resultRecordedTime
      account: '111111111111',
      region: 'us-east-1',
      resource: 'vol-0f0b1ec8ced432a26',
      url: 'https://us-east-1.console.aws.amazon.com/config/home?region=us-east-1#/rules/details?configRuleName=volumes-prod-tags',
    });
  });

  test.each([
    ['NON_COMPLIANT', 'medium', 'open'],
    ['COMPLIANT', 'info', 'resolved'],
    ['NOT_APPLICABLE', 'info', 'info'],
    ['INSUFFICIENT_DATA', 'info', 'info'],
  ])('%s → %s / %s', (complianceType, severity, status) => {
    expect(configCompliance(complianceType)).toEqual({ severity, status });
    const event = fixture(FILE);
    event.detail.newEvaluationResult.complianceType = complianceType;
    expect(only(normalizeDelivery('eventbridge', event, ctx()))).toMatchObject({ severity, status });
  });

  test('fails without newEvaluationResult', () => {
    const event = fixture(FILE);
    delete event.detail.newEvaluationResult;
    expect(reason(normalizeDelivery('eventbridge', event, ctx()))).toMatch(
      /^Config compliance change: detail\.newEvaluationResult: /,
    );
  });
});
