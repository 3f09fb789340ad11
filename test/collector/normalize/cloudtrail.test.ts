import { normalizeDelivery } from '../../../lambda-src/collector/normalize';
import { cloudTrailEnvelope, ctx, fixture, only, reason } from './support';

const DENIED = 'cloudtrail/record.states-delete-state-machine.access-denied.awsdocs.json';
const ROOT_OK = 'cloudtrail/record.console-signin.root-success.awsdocs.json';
const ROOT_FAILED = 'cloudtrail/record.console-signin.root-failure.awsdocs.json';
const USER_SIGNIN = 'cloudtrail/record.console-signin.iam-user-success.awsdocs.json';

const denial = (changes: Record<string, unknown> = {}) =>
  only(normalizeDelivery('eventbridge', cloudTrailEnvelope({ ...fixture(DENIED), ...changes }), ctx()));

describe('CloudTrail denied calls (AWS API Call via CloudTrail)', () => {
  test('the AWS docs AccessDenied record: principal, action, source IP, resource, one occurrence', () => {
    const event = cloudTrailEnvelope(fixture(DENIED));
    const doc = only(normalizeDelivery('eventbridge', event, ctx()));
    expect(doc).toMatchObject({
      source: 'cloudtrail',
      kind: 'unauthorized_call',
      severity: 'medium',
      status: 'open',
      title:
        'Denied states:DeleteStateMachine (AccessDenied) for arn:aws:iam::123456789012:user/graphene/tests/test-user from 10.61.88.189',
      occurredAt: '2016-10-28T01:17:37.000Z',
      account: '123456789012',
      region: 'us-east-1',
      principal: 'arn:aws:iam::123456789012:user/graphene/tests/test-user',
      action: 'states:DeleteStateMachine',
      sourceIp: '10.61.88.189',
      // Named by the denial message: "... on resource: arn:aws:states:...".
      resource:
        'arn:aws:states:us-east-1:123456789012:stateMachine:testUser.2016-10-27-18-16-38.ec6e261f-1323-4555-9fa',
      occurrences: 1,
      lastOccurredAt: '2016-10-28T01:17:37.000Z',
      url: 'https://us-east-1.console.aws.amazon.com/cloudtrailv2/home?region=us-east-1#/events/4a622d5c-e9cf-4051-90f2-4cdb69792cd8',
    });
    expect(doc.raw).toBe(event);
  });

  test('repeats of one principal and action within the UTC hour share an id; the next hour does not', () => {
    const first = denial();
    const sameHour = denial({
      eventTime: '2016-10-28T01:59:59Z',
      eventID: 'another-event',
      sourceIPAddress: '192.0.2.9',
    });
    const nextHour = denial({ eventTime: '2016-10-28T02:00:00Z', eventID: 'a-third-event' });
    expect(sameHour.id).toBe(first.id);
    expect(nextHour.id).not.toBe(first.id);
  });

  test('another action or another principal is another event', () => {
    const first = denial();
    expect(denial({ eventName: 'StartExecution' }).id).not.toBe(first.id);
    const other = fixture(DENIED).userIdentity;
    expect(denial({ userIdentity: { ...other, arn: 'arn:aws:iam::123456789012:user/other' } }).id).not.toBe(
      first.id,
    );
  });

  test('sessions of one assumed role are one principal: the role', () => {
    const session = (name: string) => ({
      type: 'AssumedRole',
      arn: `arn:aws:sts::123456789012:assumed-role/nightly-job/${name}`,
      accountId: '123456789012',
      sessionContext: { sessionIssuer: { type: 'Role', arn: 'arn:aws:iam::123456789012:role/nightly-job' } },
    });
    const a = denial({ userIdentity: session('i-0aaa') });
    const b = denial({ userIdentity: session('i-0bbb') });
    expect(a.principal).toBe('arn:aws:iam::123456789012:role/nightly-job');
    expect(b.id).toBe(a.id);
  });

  test('EC2 spelling Client.UnauthorizedOperation is a denial too; the root user is high', () => {
    const ec2 = denial({
      eventSource: 'ec2.amazonaws.com',
      eventName: 'RunInstances',
      errorCode: 'Client.UnauthorizedOperation',
      errorMessage: 'You are not authorized to perform this operation.',
    });
    expect(ec2).toMatchObject({ action: 'ec2:RunInstances', severity: 'medium' });
    // No ARN in the message and no `resources`: the principal's own resource part.
    expect(ec2.resource).toBe('user/graphene/tests/test-user');
    const root = fixture(ROOT_OK).userIdentity;
    expect(denial({ userIdentity: root }).severity).toBe('high');
  });

  test('a successful call that is not a root sign-in is refused with the reason', () => {
    const { errorCode: _code, errorMessage: _message, ...allowed } = fixture(DENIED);
    expect(reason(normalizeDelivery('eventbridge', cloudTrailEnvelope(allowed), ctx()))).toBe(
      'CloudTrail AWS API Call via CloudTrail event: detail.errorCode: missing (only denied calls and root console sign-ins are normalized; states:DeleteStateMachine by IAMUser was neither)',
    );
  });

  test('a record without eventName names the field', () => {
    const { eventName: _name, ...record } = fixture(DENIED);
    expect(reason(normalizeDelivery('eventbridge', cloudTrailEnvelope(record), ctx()))).toBe(
      'CloudTrail AWS API Call via CloudTrail event: detail.eventName: missing (string expected)',
    );
  });
});

describe('root console sign-ins (AWS Console Sign In via CloudTrail)', () => {
  const signIn = (file: string) =>
    only(
      normalizeDelivery(
        'eventbridge',
        cloudTrailEnvelope(fixture(file), 'AWS Console Sign In via CloudTrail'),
        ctx(),
      ),
    );

  test('a successful root sign-in (AWS docs) is a high security finding, one per sign-in', () => {
    const doc = signIn(ROOT_OK);
    expect(doc).toMatchObject({
      source: 'cloudtrail',
      kind: 'security_finding',
      severity: 'high',
      status: 'open',
      title: 'Root user console sign-in from 192.0.2.0',
      occurredAt: '2018-08-29T16:24:34.000Z',
      account: '111122223333',
      principal: 'arn:aws:iam::111122223333:root',
      action: 'signin:ConsoleLogin',
      sourceIp: '192.0.2.0',
      resource: 'arn:aws:iam::111122223333:root',
    });
    expect(doc.occurrences).toBeUndefined();
  });

  test('a failed root sign-in (no errorCode, ConsoleLogin Failure) is medium', () => {
    expect(signIn(ROOT_FAILED)).toMatchObject({
      kind: 'security_finding',
      severity: 'medium',
      title: 'Root user console sign-in failure from 192.0.2.0',
    });
    expect(signIn(ROOT_FAILED).id).not.toBe(signIn(ROOT_OK).id);
  });

  test("an IAM user's sign-in is not normalized (no rule forwards it)", () => {
    const event = cloudTrailEnvelope(fixture(USER_SIGNIN), 'AWS Console Sign In via CloudTrail');
    expect(reason(normalizeDelivery('eventbridge', event, ctx()))).toContain('detail.errorCode: missing');
  });
});
