import { normalizeDelivery } from '../../../lambda-src/collector/normalize';
import {
  ecsDeploymentSeverity,
  ecsServiceActionSeverity,
  ecsTaskSeverity,
} from '../../../lambda-src/collector/normalize/ecs';
import { ctx, fixture, only, reason } from './support';

const TASK = 'ecs/ecs-task-state-change.fargate-running.awsdocs.json';
const SERVICE_ACTION = 'ecs/ecs-service-action.placement-failure.awsdocs.json';
const DEPLOYMENT = 'ecs/ecs-deployment-state-change.failed.awsdocs.json';
const CONTAINER_INSTANCE = 'ecs/ecs-container-instance-state-change.aws-lambda-go.json';

describe('ECS events', () => {
  test('task state change: a running Fargate task is information', () => {
    const doc = only(normalizeDelivery('eventbridge', fixture(TASK), ctx()));
    expect(doc).toMatchObject({
      source: 'ecs',
      kind: 'cluster_state',
      severity: 'info',
      status: 'info',
      title: 'ECS task c13b4cb40f1f4fe4a2971f76ae5a47ad RUNNING in FargateCluster (family:sample-fargate)',
      occurredAt: '2020-01-23T17:57:58.103Z', // detail.updatedAt
      account: '111122223333',
      region: 'us-west-2',
      resource: 'arn:aws:ecs:us-west-2:111122223333:task/FargateCluster/c13b4cb40f1f4fe4a2971f76ae5a47ad',
    });
  });

  test('service action: ERROR placement failure is high and open', () => {
    const doc = only(normalizeDelivery('eventbridge', fixture(SERVICE_ACTION), ctx()));
    expect(doc).toMatchObject({
      source: 'ecs',
      kind: 'cluster_state',
      severity: 'high', // "eventType": "ERROR"
      status: 'open',
      title: 'ECS service servicetest SERVICE_TASK_PLACEMENT_FAILURE: RESOURCE:FARGATE',
      occurredAt: '2019-11-06T19:09:33.087Z', // detail.createdAt
      account: '111122223333',
      region: 'us-west-2',
      resource: 'arn:aws:ecs:us-west-2:111122223333:service/default/servicetest',
    });
  });

  test('deployment state change: FAILED is high and open', () => {
    const doc = only(normalizeDelivery('eventbridge', fixture(DEPLOYMENT), ctx()));
    expect(doc).toMatchObject({
      severity: 'high',
      status: 'open',
      title:
        'ECS deployment ecs-svc/123 of servicetest SERVICE_DEPLOYMENT_FAILED: ECS deployment circuit breaker: task failed to start.',
      occurredAt: '2020-05-23T11:11:11.000Z',
      account: '111122223333',
      region: 'us-west-2',
      resource: 'arn:aws:ecs:us-west-2:111122223333:service/default/servicetest',
    });
  });

  test('container instance state change is information', () => {
    const doc = only(normalizeDelivery('eventbridge', fixture(CONTAINER_INSTANCE), ctx()));
    expect(doc).toMatchObject({
      severity: 'info',
      status: 'info',
      title: 'ECS container instance i-f3a8506b ACTIVE in default',
      occurredAt: '2016-12-06T16:41:06.991Z',
      account: '111122223333',
      region: 'us-east-1',
      resource: 'arn:aws:ecs:us-east-1:111122223333:container-instance/b54a2a04-046f-4331-9d74-3f6d7f6ca315',
    });
  });

  describe('task severity (docs/normalized-event.md: stopped with a non-zero exit code or an error reason → medium)', () => {
    function stopped(changes: Record<string, unknown>, containerChanges: Record<string, unknown> = {}) {
      const event = fixture(TASK);
      Object.assign(event.detail, { lastStatus: 'STOPPED', desiredStatus: 'STOPPED' }, changes);
      Object.assign(event.detail.containers[0], { lastStatus: 'STOPPED' }, containerChanges);
      return event;
    }

    test.each([
      ['exit code 1', {}, { exitCode: 1 }, 'medium'],
      ['exit code 137', { stopCode: 'EssentialContainerExited' }, { exitCode: 137 }, 'medium'],
      [
        'exit code 0',
        { stopCode: 'EssentialContainerExited', stoppedReason: 'Essential container in task exited' },
        { exitCode: 0 },
        'info',
      ],
      ['failed to start', { stopCode: 'TaskFailedToStart' }, {}, 'medium'],
      [
        'image pull error',
        { stoppedReason: 'CannotPullContainerError: pull image manifest has been retried 5 times' },
        {},
        'medium',
      ],
      [
        'container reason',
        {},
        { reason: 'OutOfMemoryError: Container killed due to memory usage' },
        'medium',
      ],
      [
        'health checks',
        { stoppedReason: 'Task failed ELB health checks in (target-group arn)' },
        {},
        'medium',
      ],
      [
        'scaled in',
        {
          stopCode: 'ServiceSchedulerInitiated',
          stoppedReason: 'Scaling activity initiated by (deployment ecs-svc/123)',
        },
        {},
        'info',
      ],
      ['stopped by a user', { stopCode: 'UserInitiated', stoppedReason: 'Task stopped by user' }, {}, 'info'],
    ])('%s → %s', (_name, changes, containerChanges, expected) => {
      const event = stopped(changes, containerChanges);
      expect(ecsTaskSeverity(event.detail)).toBe(expected);
      const doc = only(normalizeDelivery('eventbridge', event, ctx()));
      expect(doc.severity).toBe(expected);
      expect(doc.status).toBe(expected === 'info' ? 'info' : 'open');
    });

    test('a stopped task says why in its title', () => {
      const doc = only(
        normalizeDelivery(
          'eventbridge',
          stopped({ stoppedReason: 'Essential container in task exited' }, { exitCode: 2 }),
          ctx(),
        ),
      );
      expect(doc.title).toBe(
        'ECS task c13b4cb40f1f4fe4a2971f76ae5a47ad STOPPED in FargateCluster (family:sample-fargate): Essential container in task exited; FargateApp exited 2',
      );
    });

    test('a running task with an exit code is not a failure yet', () => {
      expect(ecsTaskSeverity({ lastStatus: 'RUNNING', containers: [{ exitCode: 1 }] })).toBe('info');
    });
  });

  test.each([
    ['ERROR', 'high'],
    ['WARN', 'medium'],
    ['INFO', 'info'],
  ])('service action eventType %s → %s', (eventType, expected) => {
    expect(ecsServiceActionSeverity(eventType)).toBe(expected);
    const event = fixture(SERVICE_ACTION);
    event.detail.eventType = eventType;
    expect(only(normalizeDelivery('eventbridge', event, ctx())).severity).toBe(expected);
  });

  test.each([
    ['SERVICE_DEPLOYMENT_FAILED', 'high'],
    ['SERVICE_DEPLOYMENT_IN_PROGRESS', 'info'],
    ['SERVICE_DEPLOYMENT_COMPLETED', 'info'],
  ])('deployment %s → %s', (eventName, expected) => {
    expect(ecsDeploymentSeverity(eventName)).toBe(expected);
    const event = fixture(DEPLOYMENT);
    event.detail.eventName = eventName;
    event.detail.eventType = 'INFO';
    expect(only(normalizeDelivery('eventbridge', event, ctx())).severity).toBe(expected);
  });

  test('fails on an unknown ECS detail-type', () => {
    const event = fixture(TASK);
    event['detail-type'] = 'ECS Something New';
    expect(reason(normalizeDelivery('eventbridge', event, ctx()))).toBe(
      'EventBridge event: unsupported source "aws.ecs" with detail-type "ECS Something New"',
    );
  });

  test('fails on a task event without taskArn', () => {
    const event = fixture(TASK);
    delete event.detail.taskArn;
    expect(reason(normalizeDelivery('eventbridge', event, ctx()))).toMatch(
      /^ECS task state change: detail\.taskArn: /,
    );
  });
});
