// The monitor catalog: every monitor a product account can get, keyed by a stable id.
// Ids are part of the config contract (overrides, disabled lists): rename one only with a migration note.
import { ALB_MONITORS } from './alb';
import { APIGATEWAY_MONITORS } from './apigateway';
import { CLOUDFRONT_MONITORS } from './cloudfront';
import { DYNAMODB_MONITORS } from './dynamodb';
import { EBS_MONITORS } from './ebs';
import { EC2_MONITORS } from './ec2';
import { ECS_MONITORS } from './ecs';
import { ELASTICACHE_MONITORS } from './elasticache';
import { LAMBDA_MONITORS } from './lambda';
import type { MonitoredService, MonitorSpec } from './monitor-spec';
import { NATGATEWAY_MONITORS } from './natgateway';
import { NLB_MONITORS } from './nlb';
import { RDS_MONITORS } from './rds';
import { SQS_MONITORS } from './sqs';

export * from './monitor-spec';
export * from './namespaces';
export * from './resolve';

export const MONITOR_CATALOG = {
  ...EC2_MONITORS,
  ...EBS_MONITORS,
  ...ALB_MONITORS,
  ...NLB_MONITORS,
  ...RDS_MONITORS,
  ...ECS_MONITORS,
  ...LAMBDA_MONITORS,
  ...SQS_MONITORS,
  ...DYNAMODB_MONITORS,
  ...ELASTICACHE_MONITORS,
  ...NATGATEWAY_MONITORS,
  ...APIGATEWAY_MONITORS,
  ...CLOUDFRONT_MONITORS,
} as const satisfies Record<string, MonitorSpec>;

export type MonitorId = keyof typeof MONITOR_CATALOG;

/** Every monitor id, in catalog order. */
export const MONITOR_IDS = Object.keys(MONITOR_CATALOG) as MonitorId[];

export function isMonitorId(id: string): id is MonitorId {
  return Object.hasOwn(MONITOR_CATALOG, id);
}

export function monitorSpec(id: MonitorId): MonitorSpec {
  return MONITOR_CATALOG[id];
}

/** Ids of the monitors of the given services, in catalog order. */
export function monitorIdsForServices(services: readonly MonitoredService[]): MonitorId[] {
  const wanted = new Set(services);
  return MONITOR_IDS.filter((id) => wanted.has(MONITOR_CATALOG[id].service));
}
