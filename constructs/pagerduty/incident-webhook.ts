import { WebhookSubscription } from '@cdktf/provider-pagerduty/lib/webhook-subscription';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { checkSettings } from '../core/setting-error';

/** Incident lifecycle events (PagerDuty webhooks v3) the collector stores. */
export const INCIDENT_WEBHOOK_EVENTS = [
  'incident.triggered',
  'incident.acknowledged',
  'incident.escalated',
  'incident.resolved',
  'incident.reassigned',
  'incident.priority_updated',
  'incident.reopened',
] as const;

export type IncidentWebhookEvent = (typeof INCIDENT_WEBHOOK_EVENTS)[number];

/** Header that carries the collector API key (API Gateway's API key header). */
export const API_KEY_HEADER = 'x-api-key';

export interface IncidentWebhookProps {
  /** Id of the PagerDuty service whose incidents are sent. */
  readonly serviceId: string;
  /** HTTPS URL the events are posted to. */
  readonly url: string;
  /** API key sent in the `x-api-key` header: a reference such as `CollectorLink.apiKey`; literals are refused. */
  readonly apiKey: string;
  /**
   * Events sent.
   * @default INCIDENT_WEBHOOK_EVENTS
   */
  readonly events?: readonly IncidentWebhookEvent[];
  /** @default - "Incidents to the observability collector" */
  readonly description?: string;
}

/**
 * A PagerDuty v3 webhook subscription for one service's incident events.
 *
 * PagerDuty signs every delivery with a secret it returns only in the response that creates the
 * subscription; this provider version does not keep it, so the signing secret is provisioned by hand (see
 * docs/pagerduty.md). The API key header is what authenticates the delivery to the collector.
 */
export class IncidentWebhook extends Construct {
  public readonly resource: WebhookSubscription;

  constructor(scope: Construct, id: string, props: IncidentWebhookProps) {
    super(scope, id);
    // A literal would be written into the synthesized JSON and the repository's build output.
    checkSettings(this, [
      !Token.isUnresolved(props.apiKey) && {
        setting: 'apiKey',
        value: '<literal>',
        allowed: 'must be a reference (CollectorLink.apiKey, a sensitive variable), not a literal',
      },
    ]);
    this.resource = new WebhookSubscription(this, 'Resource', {
      type: 'webhook_subscription',
      active: true,
      description: props.description ?? 'Incidents to the observability collector',
      events: [...(props.events ?? INCIDENT_WEBHOOK_EVENTS)],
      filter: [{ type: 'service_reference', id: props.serviceId }],
      deliveryMethod: [
        {
          type: 'http_delivery_method',
          url: props.url,
          customHeader: [{ name: API_KEY_HEADER, value: props.apiKey }],
        },
      ],
    });
  }
}
