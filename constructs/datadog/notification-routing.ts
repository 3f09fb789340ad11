// The one place that decides who hears about a Datadog monitor, per state transition.

export interface NotificationRoutingProps {
  /** Slack channel (without "#") that receives warnings, alerts and recoveries. */
  readonly slackChannel: string;
  /**
   * Name of the Slack workspace in Datadog's Slack integration. Datadog addresses a channel as
   * `@slack-<account>-<channel>`; the short `@slack-<channel>` is only unambiguous with one workspace.
   * @default - the short form `@slack-<channel>`
   */
  readonly slackAccount?: string;
  /**
   * PagerDuty service name registered in Datadog's PagerDuty integration (`<product>-<env>`): alerts of
   * paging monitors mention `@pagerduty-<name>`.
   * @default - nothing pages
   */
  readonly pagerdutyService?: string;
  /** Name of the `datadog_webhook` that forwards every transition to the central collector. */
  readonly webhookName: string;
}

export interface RoutedMessageOptions {
  /** The monitor is user-impacting: alerts page. */
  readonly pages: boolean;
  /** The monitor alerts on missing data: route no-data like an alert. @default false */
  readonly notifyNoData?: boolean;
}

/**
 * Builds monitor messages with Datadog's conditional variables:
 * - `{{#is_warning}}`: Slack;
 * - `{{#is_alert}}`: Slack, plus PagerDuty for paging monitors;
 * - `{{#is_no_data}}` (only monitors that alert on silence): like an alert;
 * - `{{#is_recovery}}`: the recipients of an alert, so that PagerDuty resolves the incident it opened
 *   (a recovery from WARN also reaches PagerDuty, which ignores a resolve without an open incident;
 *   narrowing it to `is_alert_recovery` would leave incidents open after ALERT → WARN → OK);
 * - outside any condition: the collector webhook, so that every transition reaches the central store.
 */
export class NotificationRouting {
  constructor(private readonly props: NotificationRoutingProps) {}

  get slackHandle(): string {
    const { slackAccount, slackChannel } = this.props;
    return slackAccount ? `@slack-${slackAccount}-${slackChannel}` : `@slack-${slackChannel}`;
  }

  get pagerdutyHandle(): string | undefined {
    return this.props.pagerdutyService ? `@pagerduty-${this.props.pagerdutyService}` : undefined;
  }

  get webhookHandle(): string {
    return `@webhook-${this.props.webhookName}`;
  }

  /** Recipients of the ALERT state of a monitor. */
  alertRecipients(pages: boolean): string[] {
    const pd = pages ? this.pagerdutyHandle : undefined;
    return pd ? [this.slackHandle, pd] : [this.slackHandle];
  }

  /** The monitor message: the body, then one routing block per state, then the collector webhook. */
  message(body: string, options: RoutedMessageOptions): string {
    const alert = this.alertRecipients(options.pages).join(' ');
    const lines = [
      body.trim(),
      '',
      `{{#is_warning}}${this.slackHandle}{{/is_warning}}`,
      `{{#is_alert}}${alert}{{/is_alert}}`,
      ...(options.notifyNoData ? [`{{#is_no_data}}${alert}{{/is_no_data}}`] : []),
      `{{#is_recovery}}${alert}{{/is_recovery}}`,
      this.webhookHandle,
    ];
    return lines.join('\n');
  }
}
