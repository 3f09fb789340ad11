// `POST /events`: an EventBridge event as an API destination sends it, dispatched on source + detail-type.
import type { DeliveryContext, NormalizeResult } from '../normalized-event';
import { explain, fail } from './common';
import { normalizeConfig } from './config';
import { ECS_DETAIL_TYPES } from './ecs';
import { type EventNormalizer, eventBridgeEnvelope } from './envelope';
import { normalizeGuardDuty } from './guardduty';
import { normalizeInspector } from './inspector';
import { normalizeSecurityHubAsff, normalizeSecurityHubOcsf } from './securityhub';
import { normalizeToil } from './toil';

/** AWS sources and detail-types with a normalizer. Any source outside `aws.*` is a toil event. */
const AWS_EVENTS: Readonly<Record<string, Readonly<Record<string, EventNormalizer>>>> = {
  'aws.guardduty': { 'GuardDuty Finding': normalizeGuardDuty },
  'aws.inspector2': { 'Inspector2 Finding': normalizeInspector },
  'aws.securityhub': {
    'Security Hub Findings - Imported': normalizeSecurityHubAsff,
    'Findings Imported V2': normalizeSecurityHubOcsf,
  },
  'aws.ecs': ECS_DETAIL_TYPES,
  'aws.config': { 'Config Rules Compliance Change': normalizeConfig },
};

export function normalizeEventBridge(payload: unknown, ctx: DeliveryContext): NormalizeResult {
  const parsed = eventBridgeEnvelope.safeParse(payload);
  if (!parsed.success) return fail(explain('EventBridge event', parsed.error));
  const event = parsed.data;
  if (!event.source.startsWith('aws.')) return normalizeToil(event, payload, ctx);
  const normalize = Object.hasOwn(AWS_EVENTS, event.source)
    ? Object.hasOwn(AWS_EVENTS[event.source], event['detail-type'])
      ? AWS_EVENTS[event.source][event['detail-type']]
      : undefined
    : undefined;
  if (!normalize) {
    return fail(
      `EventBridge event: unsupported source "${event.source}" with detail-type "${event['detail-type']}"`,
    );
  }
  return normalize(event, payload, ctx);
}
