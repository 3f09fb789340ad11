import { Webhook } from '@cdktf/provider-datadog/lib/webhook';
import { Fn, Token } from 'cdktf';
import { Construct } from 'constructs';
import { checkSettings } from '../core/setting-error';
import { DATADOG_WEBHOOK_PAYLOAD } from './webhook-payload';

/** Name of the collector webhook of an env: unique within a Datadog account that several envs share. */
export function collectorWebhookName(env: string): string {
  return `observability-collector-${env}`;
}

export interface CollectorWebhookProps {
  /** Environment of the stack: the webhook is named `observability-collector-<env>`. */
  readonly env: string;
  /** Full URL of the collector's Datadog route (`<collector>/webhooks/datadog`). */
  readonly url: string;
  /** The product's collector API key: a token (secret or sensitive variable), never a literal. */
  readonly apiKey: string;
}

/**
 * The Datadog webhook that posts every monitor transition to the central collector, with the product's
 * API key in an `x-api-key` header and the payload the collector's Datadog normalizer reads.
 */
export class CollectorWebhook extends Construct {
  public readonly resource: Webhook;
  /** Name to mention in monitor messages (`@webhook-<name>`). */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: CollectorWebhookProps) {
    super(scope, id);
    checkSettings(this, [
      // The literal is not shown: it would put a key in the error output.
      !Token.isUnresolved(props.apiKey) && {
        setting: 'apiKey',
        value: '<literal>',
        allowed:
          'must be a token (from a secret or a sensitive variable): a literal key would be written into the synthesized configuration',
      },
    ]);
    this.name = collectorWebhookName(props.env);
    this.resource = new Webhook(this, 'Resource', {
      name: this.name,
      url: props.url,
      encodeAs: 'json',
      payload: JSON.stringify(DATADOG_WEBHOOK_PAYLOAD),
      // Built by terraform from the key at apply time, so the key is never written into cdk.tf.json.
      customHeaders: Fn.jsonencode({ 'x-api-key': props.apiKey }),
    });
  }
}
