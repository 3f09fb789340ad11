// `POST /events`: an EventBridge event as an API destination sends it, dispatched on source + detail-type.
import type { DeliveryContext, NormalizeResult } from '../normalized-event';
import { ANY_AWS_EVENT_SOURCE, type AwsEventSource, type DetailTypeOf } from '../sources';
import { normalizeCloudTrail } from './cloudtrail';
import { explain, fail, lookup, PARSE_OPTIONS } from './common';
import { normalizeConfig } from './config';
import { normalizeDevOpsGuru } from './devopsguru';
import { ECS_DETAIL_TYPES } from './ecs';
import { type EventNormalizer, eventBridgeEnvelope } from './envelope';
import { normalizeGuardDuty } from './guardduty';
import { normalizeHealth } from './health';
import { normalizeInspector } from './inspector';
import { normalizeSecurityHubAsff, normalizeSecurityHubOcsf } from './securityhub';
import { normalizeToil } from './toil';

/**
 * One normalizer per AWS source and detail-type of the source registry (sources.ts). The type is derived
 * from the registry, so a registry row (and so a forwarding rule) without its normalizer does not compile.
 * Any source outside `aws.*` is a toil event.
 */
const AWS_EVENTS: { readonly [E in AwsEventSource]: { readonly [D in DetailTypeOf<E>]: EventNormalizer } } = {
  'aws.guardduty': { 'GuardDuty Finding': normalizeGuardDuty },
  'aws.inspector2': { 'Inspector2 Finding': normalizeInspector },
  'aws.securityhub': {
    'Security Hub Findings - Imported': normalizeSecurityHubAsff,
    'Findings Imported V2': normalizeSecurityHubOcsf,
  },
  'aws.ecs': ECS_DETAIL_TYPES,
  'aws.config': { 'Config Rules Compliance Change': normalizeConfig },
  'aws.health': { 'AWS Health Event': normalizeHealth },
  'aws.devops-guru': {
    'DevOps Guru New Insight Open': normalizeDevOpsGuru,
    'DevOps Guru Insight Severity Upgraded': normalizeDevOpsGuru,
    'DevOps Guru New Anomaly Association': normalizeDevOpsGuru,
    'DevOps Guru Insight Closed': normalizeDevOpsGuru,
  },
  // CloudTrail delivers each call under the called service's source: looked up by detail-type alone.
  [ANY_AWS_EVENT_SOURCE]: {
    'AWS API Call via CloudTrail': normalizeCloudTrail,
    'AWS Console Sign In via CloudTrail': normalizeCloudTrail,
  },
};

export function normalizeEventBridge(payload: unknown, ctx: DeliveryContext): NormalizeResult {
  const parsed = eventBridgeEnvelope.safeParse(payload, PARSE_OPTIONS);
  if (!parsed.success) return fail(explain('EventBridge event', parsed.error));
  const event = parsed.data;
  if (!event.source.startsWith('aws.')) return normalizeToil(event, payload, ctx);
  const byDetailType: Readonly<Record<string, EventNormalizer>> | undefined = lookup(
    AWS_EVENTS,
    event.source,
  );
  const normalize =
    (byDetailType ? lookup(byDetailType, event['detail-type']) : undefined) ??
    lookup<EventNormalizer>(AWS_EVENTS[ANY_AWS_EVENT_SOURCE], event['detail-type']);
  if (!normalize) {
    return fail(
      `EventBridge event: unsupported source "${event.source}" with detail-type "${event['detail-type']}"`,
    );
  }
  return normalize(event, payload, ctx);
}
