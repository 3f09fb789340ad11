import type { MonitorSpec } from './monitor-spec';

/** SQS queues. The AWS integration excludes AWS/SQS by default; the integration construct includes it. */
export const SQS_MONITORS = {
  'sqs.oldest_message_age': {
    service: 'sqs',
    name: 'SQS oldest message too old',
    metric: 'aws.sqs.approximate_age_of_oldest_message',
    query: 'max:aws.sqs.approximate_age_of_oldest_message{$scope} by {queuename}',
    timeAggregation: 'min',
    windowMinutes: 15,
    direction: 'above',
    thresholds: { critical: 3600, warning: 900 },
    unit: 'seconds',
    priority: 2,
    pages: false,
    description: 'Consumers of {{queuename.name}} do not keep up or are stuck.',
  },
  'sqs.backlog': {
    service: 'sqs',
    name: 'SQS backlog high',
    metric: 'aws.sqs.approximate_number_of_messages_visible',
    query: 'max:aws.sqs.approximate_number_of_messages_visible{$scope} by {queuename}',
    timeAggregation: 'min',
    windowMinutes: 15,
    direction: 'above',
    thresholds: { critical: 10_000, warning: 1000 },
    unit: 'messages',
    priority: 3,
    pages: false,
    description: 'Messages pile up in {{queuename.name}}.',
  },
  'sqs.dead_letter_messages': {
    service: 'sqs',
    name: 'Messages in a dead-letter queue',
    metric: 'aws.sqs.approximate_number_of_messages_visible',
    query: 'max:aws.sqs.approximate_number_of_messages_visible{$scope,queuename:*dlq*} by {queuename}',
    timeAggregation: 'max',
    windowMinutes: 15,
    direction: 'above',
    thresholds: { critical: 0 },
    unit: 'messages',
    priority: 2,
    pages: false,
    description:
      'Dead-letter queue {{queuename.name}} holds messages that failed processing: inspect and redrive.',
  },
} as const satisfies Record<`sqs.${string}`, MonitorSpec>;
