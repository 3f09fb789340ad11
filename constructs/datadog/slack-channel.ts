import { IntegrationSlackChannel } from '@cdktf/provider-datadog/lib/integration-slack-channel';
import { Construct } from 'constructs';

export interface SlackChannelProps {
  /** Name of the Slack workspace as configured in Datadog's Slack integration. */
  readonly slackAccount: string;
  /** Channel name, without "#". */
  readonly channel: string;
}

/**
 * Registers a Slack channel in a Datadog account's Slack integration, so that `@slack-<account>-<channel>`
 * reaches it. A Datadog account holds each channel once: when several stacks share a Datadog account,
 * exactly one of them may create it.
 */
export class SlackChannel extends Construct {
  public readonly resource: IntegrationSlackChannel;

  constructor(scope: Construct, id: string, props: SlackChannelProps) {
    super(scope, id);
    this.resource = new IntegrationSlackChannel(this, 'Resource', {
      accountName: props.slackAccount,
      channelName: `#${props.channel}`,
      display: { message: true, notified: true, snapshot: true, tags: true, muteButtons: true },
    });
  }
}
