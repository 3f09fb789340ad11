// CloudTrail management events as EventBridge delivers them (`AWS API Call via CloudTrail`, `AWS Console
// Sign In via CloudTrail`, under the called service's source): calls denied for lack of permission become
// one `unauthorized_call` per principal, action and hour (the store counts the repeats), root console
// sign-ins one `security_finding` each.
import * as z from 'zod';
import type { Severity } from '../normalized-event';
import { consoleBase, explain, fail, isoUtc, isRegion, ok, PARSE_OPTIONS, parseArn, toEvent } from './common';
import { type EventNormalizer, noTime } from './envelope';

/** Only the fields the normalizer reads; the rest of the record is kept in `raw`. */
const cloudTrailRecord = z.object({
  eventTime: z.string().min(1),
  eventSource: z.string().regex(/^[a-z0-9.-]+$/, 'expected a service host such as "ec2.amazonaws.com"'),
  eventName: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'expected an API name such as "RunInstances"'),
  eventID: z.string().min(1),
  awsRegion: z.string().optional(),
  sourceIPAddress: z.string().optional(),
  errorCode: z.string().optional(),
  errorMessage: z.string().optional(),
  recipientAccountId: z.string().optional(),
  userIdentity: z.object({
    type: z.string().min(1),
    arn: z.string().optional(),
    principalId: z.string().optional(),
    accountId: z.string().optional(),
    userName: z.string().optional(),
    sessionContext: z
      .object({ sessionIssuer: z.object({ arn: z.string().optional() }).optional() })
      .optional(),
  }),
  resources: z.array(z.object({ ARN: z.string().optional() })).optional(),
  requestParameters: z.unknown().optional(),
  responseElements: z.unknown().optional(),
});

type CloudTrailRecord = z.infer<typeof cloudTrailRecord>;

/** Repeated denials of one principal and action within this window are one event. */
export const DENIAL_WINDOW_MS = 3_600_000;

/**
 * Who acted, stable across sessions: a role session's ARN names the session (an instance id, a user's
 * e-mail), so an assumed role is named by the role itself and one misconfigured job is one principal.
 */
export function principalOf(identity: CloudTrailRecord['userIdentity']): string {
  const issuer = identity.sessionContext?.sessionIssuer?.arn;
  if (identity.type === 'AssumedRole' && issuer) return issuer;
  if (identity.arn) return identity.arn;
  const account = identity.accountId ? `${identity.accountId}:` : '';
  return `${identity.type}:${account}${identity.userName ?? identity.principalId ?? ''}`.replace(/:$/, '');
}

/** `<service>:<API>` as IAM writes actions: `states.amazonaws.com` + `DeleteStateMachine` → `states:DeleteStateMachine`. */
export function actionOf(record: Pick<CloudTrailRecord, 'eventSource' | 'eventName'>): string {
  return `${record.eventSource.replace(/\.amazonaws\.com$/, '')}:${record.eventName}`;
}

// "... is not authorized to perform: states:DeleteStateMachine on resource: arn:aws:states:..."
const DENIED_RESOURCE = /on resource: (arn:[^\s"]+)/;

/** The resource the call was about: CloudTrail's `resources`, else the ARN the denial message names. */
function resourceOf(record: CloudTrailRecord): string | undefined {
  const listed = record.resources?.find((r) => r.ARN)?.ARN;
  if (listed) return listed;
  return DENIED_RESOURCE.exec(record.errorMessage ?? '')?.[1];
}

/** The start of the UTC hour an event time falls in: the dedupe window of repeated denials. */
export function denialWindow(occurredAt: string): string {
  const ms = Date.parse(occurredAt);
  return new Date(ms - (ms % DENIAL_WINDOW_MS)).toISOString();
}

function eventHistoryUrl(region: string | undefined, eventId: string): string | undefined {
  if (!isRegion(region)) return undefined;
  return `${consoleBase(region)}/cloudtrailv2/home?region=${region}#/events/${encodeURIComponent(eventId)}`;
}

function consoleLoginResult(record: CloudTrailRecord): string | undefined {
  const elements = record.responseElements;
  if (typeof elements !== 'object' || elements === null) return undefined;
  const result = (elements as Record<string, unknown>).ConsoleLogin;
  return typeof result === 'string' ? result : undefined;
}

export const normalizeCloudTrail: EventNormalizer = (event, payload, ctx) => {
  const parsed = cloudTrailRecord.safeParse(event.detail, PARSE_OPTIONS);
  if (!parsed.success)
    return fail(explain(`CloudTrail ${event['detail-type']} event`, parsed.error, 'detail'));
  const record = parsed.data;
  const when = isoUtc(record.eventTime) ?? isoUtc(event.time);
  if (!when) return fail(noTime('CloudTrail event', event));
  const principal = principalOf(record.userIdentity);
  const action = actionOf(record);
  const account = record.recipientAccountId ?? record.userIdentity.accountId ?? event.account;
  const region = record.awsRegion ?? event.region;
  const isRoot = record.userIdentity.type === 'Root';
  const common = {
    occurredAt: when,
    account,
    region,
    principal,
    action,
    sourceIp: record.sourceIPAddress,
    url: eventHistoryUrl(region, record.eventID),
    raw: payload,
  };

  if (record.errorCode) {
    const severity: Severity = isRoot ? 'high' : 'medium';
    const from = record.sourceIPAddress ? ` from ${record.sourceIPAddress}` : '';
    return ok([
      // One document per principal, action and hour: a job retrying a denied call is one line with a count.
      toEvent(ctx, 'cloudtrail', ['denied', account ?? '', principal, action, denialWindow(when)], {
        ...common,
        kind: 'unauthorized_call',
        severity,
        status: 'open',
        title: `Denied ${action} (${record.errorCode}) for ${principal}${from}`,
        resource: resourceOf(record) ?? parseArn(principal)?.resource,
        occurrences: 1,
      }),
    ]);
  }
  if (isRoot && record.eventName === 'ConsoleLogin') {
    const result = consoleLoginResult(record) ?? 'attempt';
    const failed = result !== 'Success';
    return ok([
      toEvent(ctx, 'cloudtrail', ['root-signin', record.eventID], {
        ...common,
        kind: 'security_finding',
        severity: failed ? 'medium' : 'high',
        status: 'open',
        title: `Root user console sign-in ${failed ? `${result.toLowerCase()} ` : ''}from ${record.sourceIPAddress ?? 'an unknown address'}`,
        resource: record.userIdentity.arn,
      }),
    ]);
  }
  return fail(
    `CloudTrail ${event['detail-type']} event: detail.errorCode: missing (only denied calls and root console sign-ins are normalized; ${action} by ${record.userIdentity.type} was neither)`,
  );
};
