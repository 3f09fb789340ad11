// Amazon ECS state changes (`aws.ecs`): task, service action, deployment and container instance events,
// one cluster_state document per event, id from the EventBridge event id.
import * as z from 'zod';
import type { Severity, Status } from '../normalized-event';
import type { DetailTypeOf } from '../sources';
import { explain, fail, lastSegment, ok, PARSE_OPTIONS, toEvent } from './common';
import { type EventBridgeEvent, type EventNormalizer, firstResource, noTime, occurredAt } from './envelope';

const taskDetail = z.object({
  taskArn: z.string().min(1),
  clusterArn: z.string().optional(),
  lastStatus: z.string().min(1),
  group: z.string().optional(),
  stopCode: z.string().optional(),
  stoppedReason: z.string().optional(),
  updatedAt: z.string().optional(),
  containers: z
    .array(
      z.object({
        name: z.string().optional(),
        exitCode: z.number().optional(),
        reason: z.string().optional(),
      }),
    )
    .optional(),
});

const serviceActionDetail = z.object({
  eventType: z.string().min(1),
  eventName: z.string().min(1),
  clusterArn: z.string().optional(),
  reason: z.string().optional(),
  createdAt: z.string().optional(),
});

const deploymentDetail = z.object({
  eventType: z.string().optional(),
  eventName: z.string().min(1),
  deploymentId: z.string().optional(),
  reason: z.string().optional(),
  updatedAt: z.string().optional(),
});

const containerInstanceDetail = z.object({
  containerInstanceArn: z.string().min(1),
  clusterArn: z.string().optional(),
  ec2InstanceId: z.string().optional(),
  status: z.string().optional(),
  agentConnected: z.boolean().optional(),
  updatedAt: z.string().optional(),
});

// Stop reasons that mean something went wrong (CannotPullContainerError, ResourceInitializationError,
// OutOfMemoryError, "Task failed ELB health checks", ...), as opposed to scaling or a user stopping the task.
const ERROR_REASON = /error|fail|unhealthy|killed|OutOfMemory/i;

type TaskDetail = z.infer<typeof taskDetail>;

/** docs/normalized-event.md: a task that stopped with a non-zero exit code or an error reason → medium; otherwise info. */
export function ecsTaskSeverity(
  task: Pick<TaskDetail, 'lastStatus' | 'stopCode' | 'stoppedReason' | 'containers'>,
): Severity {
  if (task.lastStatus !== 'STOPPED') return 'info';
  const containers = task.containers ?? [];
  const failed =
    task.stopCode === 'TaskFailedToStart' ||
    containers.some(
      (c) => (c.exitCode !== undefined && c.exitCode !== 0) || (c.reason !== undefined && c.reason !== ''),
    ) ||
    (task.stoppedReason !== undefined && ERROR_REASON.test(task.stoppedReason));
  return failed ? 'medium' : 'info';
}

/** docs/normalized-event.md: service action events by `eventType`: ERROR → high, WARN → medium, INFO (and anything else) → info. */
export function ecsServiceActionSeverity(eventType: string): Severity {
  switch (eventType.toUpperCase()) {
    case 'ERROR':
      return 'high';
    case 'WARN':
      return 'medium';
    default:
      return 'info';
  }
}

/** docs/normalized-event.md: deployment FAILED → high; IN_PROGRESS, COMPLETED and the rest → info. */
export function ecsDeploymentSeverity(eventName: string): Severity {
  return eventName.endsWith('_FAILED') ? 'high' : 'info';
}

/** A problem stays open until someone looks; plain state changes are information. */
function statusFor(severity: Severity): Status {
  return severity === 'info' ? 'info' : 'open';
}

function clusterName(arn: string | undefined): string | undefined {
  return arn ? lastSegment(arn) : undefined;
}

function withReason(text: string, reason: string | undefined): string {
  return reason?.trim() ? `${text}: ${reason}` : text;
}

/** What each ECS event type decides; the document around it is the same for all of them. */
interface EcsState {
  readonly severity: Severity;
  readonly title: string;
  readonly resource: string | undefined;
}

/**
 * A normalizer for one ECS detail-type: parses `detail`, takes the time from `timeOf` (else the envelope's),
 * and stores one cluster_state document whose status follows the severity.
 */
function ecsNormalizer<S extends z.ZodType>(
  what: string,
  detail: S,
  timeOf: (d: z.infer<S>) => string | undefined,
  describe: (d: z.infer<S>, event: EventBridgeEvent) => EcsState,
): EventNormalizer {
  return (event, payload, ctx) => {
    const parsed = detail.safeParse(event.detail, PARSE_OPTIONS);
    if (!parsed.success) return fail(explain(what, parsed.error, 'detail'));
    const when = occurredAt(event, timeOf(parsed.data));
    if (!when) return fail(noTime(what, event));
    const { severity, title, resource } = describe(parsed.data, event);
    return ok([
      toEvent(ctx, 'ecs', [event.id], {
        kind: 'cluster_state',
        account: event.account,
        region: event.region,
        raw: payload,
        severity,
        status: statusFor(severity),
        title,
        occurredAt: when,
        resource,
      }),
    ]);
  };
}

const normalizeTask = ecsNormalizer(
  'ECS task state change',
  taskDetail,
  (d) => d.updatedAt,
  (d) => {
    const cluster = clusterName(d.clusterArn);
    const where = [cluster && `in ${cluster}`, d.group && `(${d.group})`].filter(Boolean).join(' ');
    const exitCodes = (d.containers ?? [])
      .filter((c) => c.exitCode !== undefined && c.exitCode !== 0)
      .map((c) => `${c.name ?? 'container'} exited ${c.exitCode}`);
    const reason = [d.stoppedReason, ...exitCodes].filter(Boolean).join('; ');
    return {
      severity: ecsTaskSeverity(d),
      title: withReason(
        `ECS task ${lastSegment(d.taskArn)} ${d.lastStatus}${where ? ` ${where}` : ''}`,
        d.lastStatus === 'STOPPED' ? reason : undefined,
      ),
      resource: d.taskArn,
    };
  },
);

const normalizeServiceAction = ecsNormalizer(
  'ECS service action',
  serviceActionDetail,
  (d) => d.createdAt,
  (d, event) => {
    const service = firstResource(event);
    const subject = service
      ? `ECS service ${lastSegment(service)}`
      : `ECS cluster ${clusterName(d.clusterArn) ?? ''}`.trim();
    return {
      severity: ecsServiceActionSeverity(d.eventType),
      title: withReason(`${subject} ${d.eventName}`, d.reason),
      resource: service ?? d.clusterArn,
    };
  },
);

const normalizeDeployment = ecsNormalizer(
  'ECS deployment state change',
  deploymentDetail,
  (d) => d.updatedAt,
  (d, event) => {
    const service = firstResource(event);
    const subject = `ECS deployment${d.deploymentId ? ` ${d.deploymentId}` : ''}${service ? ` of ${lastSegment(service)}` : ''}`;
    return {
      severity: ecsDeploymentSeverity(d.eventName),
      title: withReason(`${subject} ${d.eventName}`, d.reason),
      resource: service,
    };
  },
);

// Container instances only report state; nothing here is a problem by itself.
const normalizeContainerInstance = ecsNormalizer(
  'ECS container instance state change',
  containerInstanceDetail,
  (d) => d.updatedAt,
  (d) => {
    const cluster = clusterName(d.clusterArn);
    const name = d.ec2InstanceId ?? lastSegment(d.containerInstanceArn);
    const agent = d.agentConnected === false ? ' (agent disconnected)' : '';
    return {
      severity: 'info',
      title: `ECS container instance ${name} ${d.status ?? 'changed'}${agent}${cluster ? ` in ${cluster}` : ''}`,
      resource: d.containerInstanceArn,
    };
  },
);

/** ECS detail-types this normalizer understands: exactly the registry's (sources.ts). */
export const ECS_DETAIL_TYPES: { readonly [D in DetailTypeOf<'aws.ecs'>]: EventNormalizer } = {
  'ECS Task State Change': normalizeTask,
  'ECS Service Action': normalizeServiceAction,
  'ECS Deployment State Change': normalizeDeployment,
  'ECS Container Instance State Change': normalizeContainerInstance,
};
