// The EventBridge patterns of the events forwarded to the collector, as typed data: one per rule.
// Field names follow the events AWS sends (see test/fixtures/events/ for real samples).
import {
  ANY_AWS_EVENT_SOURCE,
  type AwsEventSource,
  type DetailTypeOf,
  type ForwardingRuleId,
} from '../../lambda-src/collector/sources';
import type { EventPattern } from './pattern-matcher';

/** One EventBridge rule: a stable id (part of resource names and construct ids) and its pattern. */
export interface ForwardingRule {
  /** Stable id: lower-case letters, digits and "-"; renaming it replaces the rule. */
  readonly id: string;
  /** Rule description shown in the EventBridge console. */
  readonly description: string;
  readonly eventPattern: EventPattern;
  /**
   * EventBridge rule state. `ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS` also delivers read-only
   * management calls (`Get*`, `List*`, `Describe*`), which a plain enabled rule never receives.
   * @default ENABLED
   */
  readonly state?: 'ENABLED' | 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';
}

/**
 * A rule of the library for an AWS service: its id, source and detail-types are typed by the source
 * registry (lambda-src/collector/sources.ts), so a rule for events the collector cannot normalize does not
 * compile.
 */
function awsRule<E extends AwsEventSource>(
  id: ForwardingRuleId,
  description: string,
  source: E,
  detailTypes: readonly DetailTypeOf<E>[],
  detail?: EventPattern,
): ForwardingRule {
  // A registry row for any AWS service (CloudTrail) matches every `aws.` source.
  const sources = source === ANY_AWS_EVENT_SOURCE ? [{ prefix: 'aws.' }] : [source];
  return {
    id,
    description,
    eventPattern: { source: sources, 'detail-type': [...detailTypes], ...(detail ? { detail } : {}) },
  };
}

/** Severity names shared by Inspector (`detail.severity`) and Security Hub ASFF (`Severity.Label`). */
export const FINDING_SEVERITIES = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type FindingSeverity = (typeof FINDING_SEVERITIES)[number];

/** The severity names at or above a minimum, most severe last. */
export function severitiesFrom(minimum: FindingSeverity): FindingSeverity[] {
  return FINDING_SEVERITIES.slice(FINDING_SEVERITIES.indexOf(minimum));
}

/**
 * OCSF `severity_id` of each severity name (1 Informational … 5 Critical; 6 Fatal is above Critical).
 * @see https://schema.ocsf.io/ (base_event.severity_id)
 */
export const OCSF_SEVERITY_ID: Readonly<Record<FindingSeverity, number>> = {
  INFORMATIONAL: 1,
  LOW: 2,
  MEDIUM: 3,
  HIGH: 4,
  CRITICAL: 5,
};

/** GuardDuty severities: LOW 1.0–3.9, MEDIUM 4.0–6.9, HIGH 7.0–8.9, CRITICAL 9.0–10.0. */
export const GUARDDUTY_MEDIUM_SEVERITY = 4;

/** ECS stop codes that mean a task did not stop on purpose, whatever its containers' exit codes. */
export const ECS_ERROR_STOP_CODES = ['TaskFailedToStart'] as const;

/** GuardDuty findings at or above a numeric severity. */
export function guardDutyFindings(minSeverity = GUARDDUTY_MEDIUM_SEVERITY): ForwardingRule {
  return awsRule(
    'guardduty',
    `GuardDuty findings with severity >= ${minSeverity}`,
    'aws.guardduty',
    ['GuardDuty Finding'],
    { severity: [{ numeric: ['>=', minSeverity] }] },
  );
}

/**
 * Inspector (v2) findings at or above a severity, whatever their status: a CLOSED finding tells the
 * collector that a vulnerability was fixed.
 */
export function inspectorFindings(minSeverity: FindingSeverity = 'MEDIUM'): ForwardingRule {
  return awsRule(
    'inspector',
    `Inspector findings with severity ${minSeverity} or above`,
    'aws.inspector2',
    ['Inspector2 Finding'],
    { severity: severitiesFrom(minSeverity) },
  );
}

/** Security Hub CSPM findings in ASFF: active, not yet resolved or suppressed, at or above a severity. */
export function securityHubAsffFindings(minSeverity: FindingSeverity = 'MEDIUM'): ForwardingRule {
  return awsRule(
    'securityhub-asff',
    `Security Hub (ASFF) new/notified active findings, ${minSeverity} or above`,
    'aws.securityhub',
    ['Security Hub Findings - Imported'],
    {
      findings: {
        Severity: { Label: severitiesFrom(minSeverity) },
        Workflow: { Status: ['NEW', 'NOTIFIED'] },
        RecordState: ['ACTIVE'],
      },
    },
  );
}

/** OCSF finding `status_id` of a finding still to act on: 1 New, 2 In Progress. */
export const OCSF_ACTIVE_STATUS_IDS = [1, 2] as const;

/**
 * Security Hub findings in OCSF (`Findings Imported V2`): new or in progress, at or above a severity.
 * The status is matched by id or by caption, so a finding that carries only one of them is not lost.
 */
export function securityHubOcsfFindings(minSeverity: FindingSeverity = 'MEDIUM'): ForwardingRule {
  return awsRule(
    'securityhub-ocsf',
    `Security Hub (OCSF) new/in-progress findings, ${minSeverity} or above`,
    'aws.securityhub',
    ['Findings Imported V2'],
    {
      findings: {
        severity_id: [{ numeric: ['>=', OCSF_SEVERITY_ID[minSeverity]] }],
        $or: [{ status_id: [...OCSF_ACTIVE_STATUS_IDS] }, { status: ['New', 'In Progress'] }],
      },
    },
  );
}

/**
 * ECS tasks that stopped abnormally: a container exited with a non-zero code, or the task stopped with
 * an error stop code. Deployments and scale-in stop tasks with exit code 0 (or none) and are not sent.
 */
export function ecsTaskStoppedAbnormally(): ForwardingRule {
  return awsRule(
    'ecs-task-stopped',
    'ECS tasks stopped with a non-zero exit code or an error stop code',
    'aws.ecs',
    ['ECS Task State Change'],
    {
      lastStatus: ['STOPPED'],
      $or: [{ containers: { exitCode: [{ 'anything-but': 0 }] } }, { stopCode: [...ECS_ERROR_STOP_CODES] }],
    },
  );
}

/** ECS service action events that are warnings or errors (placement failures, unhealthy tasks, …). */
export function ecsServiceActions(): ForwardingRule {
  return awsRule(
    'ecs-service-action',
    'ECS service action events of type WARN or ERROR',
    'aws.ecs',
    ['ECS Service Action'],
    { eventType: ['WARN', 'ERROR'] },
  );
}

/** ECS deployments that failed (circuit breaker or rollback). */
export function ecsDeploymentFailed(): ForwardingRule {
  return awsRule(
    'ecs-deployment-failed',
    'ECS service deployments that failed',
    'aws.ecs',
    ['ECS Deployment State Change'],
    { eventName: ['SERVICE_DEPLOYMENT_FAILED'] },
  );
}

/** Every ECS container instance state change (EC2 launch type: agent disconnects, draining, …). */
export function ecsContainerInstanceChanges(): ForwardingRule {
  return awsRule('ecs-container-instance', 'ECS container instance state changes', 'aws.ecs', [
    'ECS Container Instance State Change',
  ]);
}

/** AWS Config evaluations that became NON_COMPLIANT, or COMPLIANT again after being NON_COMPLIANT. */
export function configComplianceChanges(): ForwardingRule {
  return awsRule(
    'config-compliance',
    'AWS Config rule compliance changes to NON_COMPLIANT and back to COMPLIANT',
    'aws.config',
    ['Config Rules Compliance Change'],
    {
      messageType: ['ComplianceChangeNotification'],
      $or: [
        { newEvaluationResult: { complianceType: ['NON_COMPLIANT'] } },
        {
          newEvaluationResult: { complianceType: ['COMPLIANT'] },
          oldEvaluationResult: { complianceType: ['NON_COMPLIANT'] },
        },
      ],
    },
  );
}

/** Every event the toil-automation Lambdas put on the default bus under their own source. */
export function toilEvents(source: string): ForwardingRule {
  return {
    id: 'toil' satisfies ForwardingRuleId,
    description: `Toil-automation events (source ${source})`,
    eventPattern: { source: [source] },
  };
}

/** AWS Health events about open issues and scheduled changes (account notifications are left out). */
export function healthEvents(): ForwardingRule {
  return awsRule('health', 'AWS Health issues and scheduled changes', 'aws.health', ['AWS Health Event'], {
    eventTypeCategory: ['issue', 'scheduledChange'],
  });
}

/**
 * CloudTrail `errorCode`s of a call refused for lack of permission, as CIS AWS Foundations 4.1 /
 * Security Hub CloudWatch.2 define them (`*UnauthorizedOperation`, `AccessDenied*`): AccessDenied,
 * AccessDeniedException, UnauthorizedOperation, Client.UnauthorizedOperation. Other services' own spellings
 * (`UnauthorizedAccess`, `Client.UnauthorizedAccess`) are added by suffix.
 */
export const DENIED_ERROR_CODE_PREFIXES = ['AccessDenied'] as const;
export const DENIED_ERROR_CODE_SUFFIXES = ['UnauthorizedOperation', 'UnauthorizedAccess'] as const;

/**
 * API calls and console sign-ins that AWS refused for lack of permission. The rule receives read-only
 * calls too (its state includes all CloudTrail management events): a job denied `Describe*` is the common
 * case. EventBridge gets CloudTrail events only where a trail logs management events (docs/event-forwarding.md).
 */
export function cloudTrailDenials(): ForwardingRule {
  return {
    ...awsRule(
      'cloudtrail-denied',
      'API calls and console sign-ins denied for lack of permission (CloudTrail)',
      ANY_AWS_EVENT_SOURCE,
      ['AWS API Call via CloudTrail', 'AWS Console Sign In via CloudTrail'],
      {
        errorCode: [
          ...DENIED_ERROR_CODE_PREFIXES.map((prefix) => ({ prefix })),
          ...DENIED_ERROR_CODE_SUFFIXES.map((suffix) => ({ suffix })),
        ],
      },
    ),
    state: 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS',
  };
}

/** Every console sign-in of the root user, successful or not (CIS AWS Foundations: root account use). */
export function rootConsoleSignIns(): ForwardingRule {
  return awsRule(
    'cloudtrail-root-signin',
    'Console sign-ins of the root user (CloudTrail)',
    ANY_AWS_EVENT_SOURCE,
    ['AWS Console Sign In via CloudTrail'],
    { userIdentity: { type: ['Root'] } },
  );
}

/** DevOps Guru insights: opened, severity upgraded, new anomalies (log anomalies included), closed. */
export function devOpsGuruInsights(): ForwardingRule {
  return awsRule('devopsguru', 'DevOps Guru insights and their anomalies', 'aws.devops-guru', [
    'DevOps Guru New Insight Open',
    'DevOps Guru Insight Severity Upgraded',
    'DevOps Guru New Anomaly Association',
    'DevOps Guru Insight Closed',
  ]);
}

export interface ForwardingRulesOptions {
  /** Minimum GuardDuty severity (1.0–10.0) forwarded. @default 4 (medium) */
  readonly guardDutyMinSeverity?: number;
  /** Minimum Inspector severity forwarded. @default MEDIUM */
  readonly inspectorMinSeverity?: FindingSeverity;
  /** Minimum Security Hub severity forwarded, in both formats. @default MEDIUM */
  readonly securityHubMinSeverity?: FindingSeverity;
  /** Create the four ECS rules (only useful where ECS runs). @default true */
  readonly ecsEvents?: boolean;
  /** `source` of the toil-automation events. @default - no toil rule */
  readonly toilSource?: string;
  /** Forward AWS Health issues and scheduled changes. @default false */
  readonly healthEvents?: boolean;
  /** Forward denied API calls and root console sign-ins (CloudTrail). @default false */
  readonly unauthorizedApiCalls?: boolean;
  /** Forward DevOps Guru insight events. @default false */
  readonly devOpsGuruInsights?: boolean;
}

/** The standard set of rules every product account gets. */
export function forwardingRules(options: ForwardingRulesOptions = {}): ForwardingRule[] {
  const rules = [
    guardDutyFindings(options.guardDutyMinSeverity),
    inspectorFindings(options.inspectorMinSeverity),
    securityHubAsffFindings(options.securityHubMinSeverity),
    securityHubOcsfFindings(options.securityHubMinSeverity),
  ];
  if (options.ecsEvents ?? true) {
    rules.push(
      ecsTaskStoppedAbnormally(),
      ecsServiceActions(),
      ecsDeploymentFailed(),
      ecsContainerInstanceChanges(),
    );
  }
  rules.push(configComplianceChanges());
  if (options.toilSource !== undefined) rules.push(toilEvents(options.toilSource));
  if (options.healthEvents) rules.push(healthEvents());
  if (options.unauthorizedApiCalls) rules.push(cloudTrailDenials(), rootConsoleSignIns());
  if (options.devOpsGuruInsights) rules.push(devOpsGuruInsights());
  return rules;
}
