// Amazon ECS state changes (`aws.ecs`): task, service action, deployment and container instance events,
// one cluster_state document per event, id from the EventBridge event id.
import * as z from 'zod';
import type { Severity, Status } from '../normalized-event';
import { explain, fail, lastSegment, ok, toEvent } from './common';
import { type EventNormalizer, firstResource, noTime, occurredAt } from './envelope';

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

/** DESIGN.md: a task that stopped with a non-zero exit code or an error reason → medium; otherwise info. */
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

/** DESIGN.md: service action events by `eventType`: ERROR → high, WARN → medium, INFO (and anything else) → info. */
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

/** DESIGN.md: deployment FAILED → high; IN_PROGRESS, COMPLETED and the rest → info. */
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

const normalizeTask: EventNormalizer = (event, payload, ctx) => {
  const parsed = taskDetail.safeParse(event.detail);
  if (!parsed.success) return fail(explain('ECS task state change', parsed.error, 'detail'));
  const d = parsed.data;
  const when = occurredAt(event, d.updatedAt);
  if (!when) return fail(noTime('ECS task state change', event));
  const severity = ecsTaskSeverity(d);
  const cluster = clusterName(d.clusterArn);
  const where = [cluster && `in ${cluster}`, d.group && `(${d.group})`].filter(Boolean).join(' ');
  const exitCodes = (d.containers ?? [])
    .filter((c) => c.exitCode !== undefined && c.exitCode !== 0)
    .map((c) => `${c.name ?? 'container'} exited ${c.exitCode}`);
  const reason = [d.stoppedReason, ...exitCodes].filter(Boolean).join('; ');
  return ok([
    toEvent(ctx, 'ecs', [event.id], {
      kind: 'cluster_state',
      account: event.account,
      region: event.region,
      raw: payload,
      severity,
      status: statusFor(severity),
      title: withReason(
        `ECS task ${lastSegment(d.taskArn)} ${d.lastStatus}${where ? ` ${where}` : ''}`,
        d.lastStatus === 'STOPPED' ? reason : undefined,
      ),
      occurredAt: when,
      resource: d.taskArn,
    }),
  ]);
};

const normalizeServiceAction: EventNormalizer = (event, payload, ctx) => {
  const parsed = serviceActionDetail.safeParse(event.detail);
  if (!parsed.success) return fail(explain('ECS service action', parsed.error, 'detail'));
  const d = parsed.data;
  const when = occurredAt(event, d.createdAt);
  if (!when) return fail(noTime('ECS service action', event));
  const service = firstResource(event);
  const severity = ecsServiceActionSeverity(d.eventType);
  const subject = service
    ? `ECS service ${lastSegment(service)}`
    : `ECS cluster ${clusterName(d.clusterArn) ?? ''}`.trim();
  return ok([
    toEvent(ctx, 'ecs', [event.id], {
      kind: 'cluster_state',
      account: event.account,
      region: event.region,
      raw: payload,
      severity,
      status: statusFor(severity),
      title: withReason(`${subject} ${d.eventName}`, d.reason),
      occurredAt: when,
      resource: service ?? d.clusterArn,
    }),
  ]);
};

const normalizeDeployment: EventNormalizer = (event, payload, ctx) => {
  const parsed = deploymentDetail.safeParse(event.detail);
  if (!parsed.success) return fail(explain('ECS deployment state change', parsed.error, 'detail'));
  const d = parsed.data;
  const when = occurredAt(event, d.updatedAt);
  if (!when) return fail(noTime('ECS deployment state change', event));
  const service = firstResource(event);
  const severity = ecsDeploymentSeverity(d.eventName);
  const subject = `ECS deployment${d.deploymentId ? ` ${d.deploymentId}` : ''}${service ? ` of ${lastSegment(service)}` : ''}`;
  return ok([
    toEvent(ctx, 'ecs', [event.id], {
      kind: 'cluster_state',
      account: event.account,
      region: event.region,
      raw: payload,
      severity,
      status: statusFor(severity),
      title: withReason(`${subject} ${d.eventName}`, d.reason),
      occurredAt: when,
      resource: service,
    }),
  ]);
};

const normalizeContainerInstance: EventNormalizer = (event, payload, ctx) => {
  const parsed = containerInstanceDetail.safeParse(event.detail);
  if (!parsed.success) return fail(explain('ECS container instance state change', parsed.error, 'detail'));
  const d = parsed.data;
  const when = occurredAt(event, d.updatedAt);
  if (!when) return fail(noTime('ECS container instance state change', event));
  const cluster = clusterName(d.clusterArn);
  const name = d.ec2InstanceId ?? lastSegment(d.containerInstanceArn);
  const agent = d.agentConnected === false ? ' (agent disconnected)' : '';
  return ok([
    toEvent(ctx, 'ecs', [event.id], {
      kind: 'cluster_state',
      account: event.account,
      region: event.region,
      raw: payload,
      severity: 'info',
      status: 'info',
      title: `ECS container instance ${name} ${d.status ?? 'changed'}${agent}${cluster ? ` in ${cluster}` : ''}`,
      occurredAt: when,
      resource: d.containerInstanceArn,
    }),
  ]);
};

/** ECS detail-types this normalizer understands. */
export const ECS_DETAIL_TYPES: Readonly<Record<string, EventNormalizer>> = {
  'ECS Task State Change': normalizeTask,
  'ECS Service Action': normalizeServiceAction,
  'ECS Deployment State Change': normalizeDeployment,
  'ECS Container Instance State Change': normalizeContainerInstance,
};
