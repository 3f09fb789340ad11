// The EventBridge events the forwarding tests send: every real EventBridge fixture (in its documented
// envelope when the fixture has none), plus a few events derived from real ones for rules whose matching
// event has no published sample. Each derived event says what it changed and why.
import { cloudTrailEnvelope, FIXTURE_DELIVERIES, fixture } from '../collector/normalize/support';

export interface EventSample {
  readonly name: string;
  /** A fresh copy on every call. */
  readonly event: () => Record<string, any>;
  /** What was changed in a real sample, for events no published sample shows. */
  readonly derived?: string;
}

const TASK = 'ecs/ecs-task-state-change.fargate-running.awsdocs.json';
const DENIED = 'cloudtrail/record.states-delete-state-machine.access-denied.awsdocs.json';
const INSIGHT = 'devopsguru/new-insight-open.apigateway-5xx.awsdocs.json';

/** The AWS docs insight as a later update of itself: another detail-type, another EventBridge id. */
function insightUpdate(detailType: string, detail: Record<string, unknown>) {
  const event = fixture(INSIGHT);
  return {
    ...event,
    id: `${event.id.slice(0, 30)}${detailType.length}`,
    'detail-type': detailType,
    detail: { ...event.detail, ...detail },
  };
}

const real: EventSample[] = FIXTURE_DELIVERIES.filter((d) => d.route === 'eventbridge').map((d) => ({
  name: d.file,
  event: () => d.payload() as Record<string, any>,
}));

const derived: EventSample[] = [
  {
    name: `${DENIED} as Client.UnauthorizedOperation on ec2:DescribeInstances`,
    derived:
      'EC2 spells its denial Client.UnauthorizedOperation and read-only calls reach EventBridge only through the rule state: the AWS docs denial with the EC2 service, API and error code',
    event: () =>
      cloudTrailEnvelope({
        ...fixture(DENIED),
        eventSource: 'ec2.amazonaws.com',
        eventName: 'DescribeInstances',
        errorCode: 'Client.UnauthorizedOperation',
        errorMessage: 'You are not authorized to perform this operation.',
      }),
  },
  {
    name: `${INSIGHT} severity upgraded`,
    derived: 'no published Insight Severity Upgraded event: the AWS docs insight under that detail-type',
    event: () => insightUpdate('DevOps Guru Insight Severity Upgraded', { messageType: 'SEVERITY_UPGRADED' }),
  },
  {
    name: `${INSIGHT} new anomaly association`,
    derived: 'no published New Anomaly Association event: the AWS docs insight under that detail-type',
    event: () => insightUpdate('DevOps Guru New Anomaly Association', { messageType: 'NEW_ASSOCIATION' }),
  },
  {
    name: `${INSIGHT} closed`,
    derived:
      'no published Insight Closed event: the AWS docs insight under that detail-type, with an end time',
    event: () =>
      insightUpdate('DevOps Guru Insight Closed', {
        messageType: 'CLOSED_INSIGHT',
        endTime: '1635789720000',
      }),
  },
  {
    name: `${TASK} stopped with exit code 1`,
    derived:
      'no published task event stopped with a non-zero exit code: the AWS docs RUNNING task, set to STOPPED with its container exiting 1',
    event: () => {
      const event = fixture(TASK);
      Object.assign(event.detail, {
        lastStatus: 'STOPPED',
        desiredStatus: 'STOPPED',
        stopCode: 'EssentialContainerExited',
        stoppedReason: 'Essential container in task exited',
      });
      Object.assign(event.detail.containers[0], { lastStatus: 'STOPPED', exitCode: 1 });
      return event;
    },
  },
  {
    name: 'securityhub/Findings Imported V2 (documented fields)',
    derived:
      'no real Findings Imported V2 capture exists (see docs/normalizers.md): the ASFF sample envelope around an OCSF finding with the fields AWS documents',
    event: () => {
      const event = fixture('securityhub/findings-imported.cis-1.4.aws-solutions.json');
      event['detail-type'] = 'Findings Imported V2';
      event.detail = {
        findings: [
          {
            finding_info: {
              uid: 'arn:aws:guardduty:us-west-2:111122223333:detector/d1/finding/f1',
              title: 'EC2 instance is communicating with a known command and control server',
              modified_time_dt: '2025-06-01T10:00:00.000Z',
            },
            severity_id: 4,
            severity: 'High',
            status_id: 1,
            status: 'New',
            cloud: { account: { uid: '111122223333' }, region: 'us-west-2' },
            resources: [{ uid: 'i-0123456789abcdef0', region: 'us-west-2' }],
          },
        ],
      };
      return event;
    },
  },
  {
    name: 'toil event (docs/normalizers.md example)',
    derived:
      "the toil detail is this project's own schema; the generic EventBridge envelope sample around the documented example",
    event: () => ({
      ...fixture('eventbridge/generic-envelope.powertools-python.json'),
      source: 'observability.toil',
      'detail-type': 'Toil Automation Result',
      detail: {
        action: 'patch-instances',
        status: 'failed',
        summary: 'Patched 10 of 12 instances; 2 failed to reboot',
        resource: 'arn:aws:ssm:ap-northeast-1:222222222222:maintenancewindow/mw-0c50858d01EXAMPLE',
      },
    }),
  },
];

/** The toil source the derived toil event uses (the forwarding rule must be built with it). */
export const TOIL_SOURCE = 'observability.toil';

export const EVENT_SAMPLES: readonly EventSample[] = [...real, ...derived];
