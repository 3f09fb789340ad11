import { matchesEventPattern } from '../../constructs/event-forwarding/pattern-matcher';
import {
  type ForwardingRule,
  forwardingRules,
  guardDutyFindings,
  inspectorFindings,
  securityHubAsffFindings,
  securityHubOcsfFindings,
  severitiesFrom,
  toilEvents,
} from '../../constructs/event-forwarding/patterns';
import { fixture, type Json } from '../support/synth';
import { guardDutyEnvelope, securityHubEnvelope } from './envelopes';

const clone = <T>(value: T): T => structuredClone(value);

const guardDutyEc2 = () =>
  guardDutyEnvelope(fixture('events/guardduty/finding-detail-only.ec2-network-connection.aws-samples.json'));
const guardDutyIam = () =>
  guardDutyEnvelope(fixture('events/guardduty/finding-detail-only.iam-api-call.aws-samples.json'));
const guardDutySshLow = () => {
  const partial = fixture('events/guardduty/partial-envelope.ssh-bruteforce.aws-samples.json');
  return guardDutyEnvelope(partial.detail, partial.region);
};
const inspectorMedium = () =>
  fixture('events/inspector2/inspector2-finding.ec2-package-vulnerability.awsdocs.json');
const asffCisMedium = () => fixture('events/securityhub/findings-imported.cis-1.4.aws-solutions.json');
const asffAfsbpInformational = () =>
  fixture('events/securityhub/findings-imported.afsbp-ec2.7.aws-solutions.json');
const asffGuardDutyMedium = () =>
  securityHubEnvelope(fixture('events/securityhub/asff-finding-only.guardduty-in-securityhub.awsdocs.json'));
const ecsRunningTask = () => fixture('events/ecs/ecs-task-state-change.fargate-running.awsdocs.json');
const ecsServiceError = () => fixture('events/ecs/ecs-service-action.placement-failure.awsdocs.json');
const ecsDeploymentFailure = () => fixture('events/ecs/ecs-deployment-state-change.failed.awsdocs.json');
const ecsContainerInstance = () =>
  fixture('events/ecs/ecs-container-instance-state-change.aws-lambda-go.json');
const configNonCompliant = () =>
  fixture('events/config/config-rules-compliance-change.eventbridge.unattributed.json');

/**
 * The real RUNNING Fargate task, stopped the way ECS reports it: lastStatus STOPPED, the stop code and,
 * per container, the exit code (field names from the ECS Task object).
 */
function stoppedTask(stopCode: string, exitCode: number | undefined): Json {
  const event = clone(ecsRunningTask());
  event.detail.lastStatus = 'STOPPED';
  event.detail.desiredStatus = 'STOPPED';
  event.detail.stopCode = stopCode;
  event.detail.stoppedReason =
    stopCode === 'EssentialContainerExited'
      ? 'Essential container in task exited'
      : 'Scaling activity initiated';
  for (const container of event.detail.containers) {
    container.lastStatus = 'STOPPED';
    if (exitCode !== undefined) container.exitCode = exitCode;
  }
  return event;
}

const standard = forwardingRules({ toilSource: 'acme.toil' });

/** Ids of the standard rules an event matches: each real event must reach exactly its own rule. */
function matchingRules(event: unknown, rules: readonly ForwardingRule[] = standard): string[] {
  return rules.filter((r) => matchesEventPattern(r.eventPattern, event)).map((r) => r.id);
}

describe('real events reach exactly the rule meant for them', () => {
  test.each([
    ['GuardDuty EC2 finding, severity 5', guardDutyEc2, 'guardduty'],
    ['GuardDuty IAM finding, severity 5', guardDutyIam, 'guardduty'],
    ['Inspector MEDIUM package vulnerability (closed)', inspectorMedium, 'inspector'],
    ['Security Hub ASFF CIS 1.4 MEDIUM, NEW, ACTIVE', asffCisMedium, 'securityhub-asff'],
    ['Security Hub ASFF GuardDuty MEDIUM finding', asffGuardDutyMedium, 'securityhub-asff'],
    ['ECS service action ERROR (placement failure)', ecsServiceError, 'ecs-service-action'],
    ['ECS deployment failed', ecsDeploymentFailure, 'ecs-deployment-failed'],
    ['ECS container instance state change', ecsContainerInstance, 'ecs-container-instance'],
    ['Config COMPLIANT -> NON_COMPLIANT', configNonCompliant, 'config-compliance'],
    [
      'ECS task stopped with exit code 1',
      () => stoppedTask('EssentialContainerExited', 1),
      'ecs-task-stopped',
    ],
    [
      'ECS task stopped with exit code 137',
      () => stoppedTask('EssentialContainerExited', 137),
      'ecs-task-stopped',
    ],
    ['ECS task that failed to start', () => stoppedTask('TaskFailedToStart', undefined), 'ecs-task-stopped'],
  ])('%s', (_name, event, rule) => {
    expect(matchingRules(event())).toEqual([rule]);
  });
});

describe('noise reaches no rule', () => {
  test.each([
    ['GuardDuty SSH brute force, severity 2 (low)', guardDutySshLow],
    ['Security Hub ASFF AFSBP EC2.7, INFORMATIONAL', asffAfsbpInformational],
    ['ECS Fargate task RUNNING', ecsRunningTask],
    ['ECS task stopped by scale-in, exit code 0', () => stoppedTask('ServiceSchedulerInitiated', 0)],
    ['ECS task stopped by a user, no exit code', () => stoppedTask('UserInitiated', undefined)],
    [
      'an EC2 instance state change (no rule for EC2)',
      () => fixture('events/eventbridge/generic-envelope.powertools-python.json'),
    ],
  ])('%s', (_name, event) => {
    expect(matchingRules(event())).toEqual([]);
  });

  test('an Inspector LOW finding', () => {
    const event = clone(inspectorMedium());
    event.detail.severity = 'LOW';
    expect(matchingRules(event)).toEqual([]);
  });

  test('a Security Hub MEDIUM finding that was resolved, suppressed or archived', () => {
    for (const change of [
      (f: Json) => {
        f.Workflow.Status = 'RESOLVED';
      },
      (f: Json) => {
        f.Workflow.Status = 'SUPPRESSED';
      },
      (f: Json) => {
        f.RecordState = 'ARCHIVED';
      },
    ]) {
      const event = clone(asffCisMedium());
      change(event.detail.findings[0]);
      expect(matchingRules(event)).toEqual([]);
    }
  });

  test('an ECS service action of type INFO (steady state)', () => {
    const event = clone(ecsServiceError());
    event.detail.eventType = 'INFO';
    event.detail.eventName = 'SERVICE_STEADY_STATE';
    expect(matchingRules(event)).toEqual([]);
  });

  test('an ECS deployment that completed', () => {
    const event = clone(ecsDeploymentFailure());
    event.detail.eventType = 'INFO';
    event.detail.eventName = 'SERVICE_DEPLOYMENT_COMPLETED';
    expect(matchingRules(event)).toEqual([]);
  });

  test('a Config change from COMPLIANT to COMPLIANT, and a first evaluation that is COMPLIANT', () => {
    const same = clone(configNonCompliant());
    same.detail.newEvaluationResult.complianceType = 'COMPLIANT';
    expect(matchingRules(same)).toEqual([]);
    const first = clone(configNonCompliant());
    first.detail.newEvaluationResult.complianceType = 'COMPLIANT';
    delete first.detail.oldEvaluationResult;
    expect(matchingRules(first)).toEqual([]);
  });
});

describe('severity thresholds', () => {
  test('Config back to COMPLIANT after NON_COMPLIANT is forwarded (resolves the finding)', () => {
    const event = clone(configNonCompliant());
    event.detail.oldEvaluationResult.complianceType = 'NON_COMPLIANT';
    event.detail.newEvaluationResult.complianceType = 'COMPLIANT';
    expect(matchingRules(event)).toEqual(['config-compliance']);
  });

  test('GuardDuty: the minimum is inclusive and configurable', () => {
    const low = guardDutySshLow();
    expect(matchesEventPattern(guardDutyFindings(2).eventPattern, low)).toBe(true);
    expect(matchesEventPattern(guardDutyFindings(2.1).eventPattern, low)).toBe(false);
    expect(matchesEventPattern(guardDutyFindings(7).eventPattern, guardDutyEc2())).toBe(false);
  });

  test('Inspector and Security Hub ASFF: a higher minimum drops MEDIUM findings', () => {
    expect(matchesEventPattern(inspectorFindings('HIGH').eventPattern, inspectorMedium())).toBe(false);
    expect(matchesEventPattern(securityHubAsffFindings('HIGH').eventPattern, asffCisMedium())).toBe(false);
    expect(
      matchesEventPattern(securityHubAsffFindings('INFORMATIONAL').eventPattern, asffAfsbpInformational()),
    ).toBe(true);
  });

  test('severity lists run from the minimum to CRITICAL', () => {
    expect(severitiesFrom('MEDIUM')).toEqual(['MEDIUM', 'HIGH', 'CRITICAL']);
    expect(severitiesFrom('CRITICAL')).toEqual(['CRITICAL']);
  });
});

describe('Security Hub OCSF (Findings Imported V2)', () => {
  // No verbatim OCSF sample exists in the fixture set: these use the documented envelope
  // (detail.findings[] with one finding) and the OCSF fields the rule reads: severity_id, status_id, status.
  const ocsf = (finding: Json): Json => ({
    version: '0',
    id: 'CWE-event-id',
    'detail-type': 'Findings Imported V2',
    source: 'aws.securityhub',
    account: '111122223333',
    time: '2019-04-11T21:52:17Z',
    region: 'us-west-2',
    resources: ['e51603d1054aad9d9f498d82d6e81acf4cf6bc88140e8ad2273123c73b81084'],
    detail: { findings: [finding] },
  });
  const rule = securityHubOcsfFindings('MEDIUM').eventPattern;

  test.each([
    [{ severity_id: 3, status_id: 1, status: 'New' }, true],
    [{ severity_id: 4, status_id: 2 }, true],
    [{ severity_id: 4, status_id: 4, status: 'Resolved' }, false],
    [{ severity_id: 4, status_id: 3 }, false],
    [{ severity_id: 3, status: 'New' }, true],
    [{ severity_id: 5, status: 'In Progress' }, true],
    [{ severity_id: 6, status: 'New' }, true],
    [{ severity_id: 2, status: 'New' }, false],
    [{ severity_id: 4, status: 'Resolved' }, false],
    [{ severity_id: 4, status: 'Suppressed' }, false],
    [{ severity: 'High', status: 'New' }, false],
  ])('%j matches: %s', (finding, expected) => {
    expect(matchesEventPattern(rule, ocsf(finding))).toBe(expected);
  });

  test('an OCSF finding reaches the OCSF rule only', () => {
    expect(matchingRules(ocsf({ severity_id: 4, status: 'New' }))).toEqual(['securityhub-ocsf']);
  });
});

describe('toil events', () => {
  test('match every detail-type of the configured source only', () => {
    const event = {
      source: 'acme.toil',
      'detail-type': 'Toil Job Status',
      detail: { action: 'patch-instances', status: 'succeeded', summary: 'Patched 12 of 12 instances' },
    };
    expect(matchingRules(event)).toEqual(['toil']);
    expect(matchesEventPattern(toilEvents('other.toil').eventPattern, event)).toBe(false);
  });
});

describe('rule set', () => {
  test('has one rule per event kind, ECS rules only when asked, toil and Health only when configured', () => {
    expect(forwardingRules().map((r) => r.id)).toEqual([
      'guardduty',
      'inspector',
      'securityhub-asff',
      'securityhub-ocsf',
      'ecs-task-stopped',
      'ecs-service-action',
      'ecs-deployment-failed',
      'ecs-container-instance',
      'config-compliance',
    ]);
    const noEcs = forwardingRules({ ecsEvents: false, toilSource: 'a.b', healthEvents: true }).map(
      (r) => r.id,
    );
    expect(noEcs).toEqual([
      'guardduty',
      'inspector',
      'securityhub-asff',
      'securityhub-ocsf',
      'config-compliance',
      'toil',
      'health',
    ]);
  });
});
