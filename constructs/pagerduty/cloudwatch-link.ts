import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { DataPagerdutyVendor } from '@cdktf/provider-pagerduty/lib/data-pagerduty-vendor';
import { ServiceIntegration } from '@cdktf/provider-pagerduty/lib/service-integration';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';

/** Name of PagerDuty's CloudWatch vendor: it reads CloudWatch alarm notifications delivered by SNS. */
export const CLOUDWATCH_VENDOR_NAME = 'Amazon CloudWatch';

export interface CloudwatchLinkProps {
  /** Id of the PagerDuty service the alarms open incidents on. */
  readonly serviceId: string;
  /** SNS topic the CloudWatch alarms notify (their `alarm_actions` and `ok_actions`). */
  readonly topicArn: string;
  /** Name of the integration on the PagerDuty service. @default "Amazon CloudWatch" */
  readonly integrationName?: string;
}

/**
 * Lets CloudWatch alarms page a PagerDuty service: an integration of PagerDuty's CloudWatch vendor on the
 * service, and an HTTPS subscription of the alarm topic to that integration's endpoint. PagerDuty opens an
 * incident on ALARM and resolves it on OK (the alarm's `ok_actions` must notify the same topic).
 */
export class CloudwatchLink extends Construct {
  public readonly vendor: DataPagerdutyVendor;
  public readonly integration: ServiceIntegration;
  public readonly subscription: SnsTopicSubscription;

  constructor(scope: Construct, id: string, props: CloudwatchLinkProps) {
    super(scope, id);
    // The vendor look-up falls back to a regex match when no name matches exactly: refuse any other vendor,
    // whose integration would not understand CloudWatch notifications.
    this.vendor = new DataPagerdutyVendor(this, 'CloudwatchVendor', {
      name: CLOUDWATCH_VENDOR_NAME,
      lifecycle: {
        postcondition: [
          {
            condition: `\${self.name == "${CLOUDWATCH_VENDOR_NAME}"}`,
            errorMessage: `The PagerDuty vendor found for "${CLOUDWATCH_VENDOR_NAME}" is not the CloudWatch vendor; alarms would not open incidents.`,
          },
        ],
      },
    });
    this.integration = new ServiceIntegration(this, 'Integration', {
      name: props.integrationName ?? CLOUDWATCH_VENDOR_NAME,
      service: props.serviceId,
      vendor: this.vendor.id,
    });
    this.subscription = new SnsTopicSubscription(this, 'Subscription', {
      topicArn: props.topicArn,
      protocol: 'https',
      // PagerDuty confirms the subscription itself; terraform waits for that instead of leaving it pending.
      endpointAutoConfirms: true,
      // The URL holds the integration key: marked sensitive so that plans do not print it.
      endpoint: Fn.sensitive(
        `https://events.pagerduty.com/integration/${this.integration.integrationKey}/enqueue`,
      ),
    });
  }
}
