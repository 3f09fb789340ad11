import { IntegrationPagerduty } from '@cdktf/provider-datadog/lib/integration-pagerduty';
import { IntegrationPagerdutyServiceObject } from '@cdktf/provider-datadog/lib/integration-pagerduty-service-object';
import { DataPagerdutyVendor } from '@cdktf/provider-pagerduty/lib/data-pagerduty-vendor';
import { ServiceIntegration } from '@cdktf/provider-pagerduty/lib/service-integration';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';

/** Name of PagerDuty's Datadog vendor (the integration type Datadog's PagerDuty integration sends to). */
export const DATADOG_VENDOR_NAME = 'Datadog';

export interface DatadogLinkProps {
  /** Id of the PagerDuty service that Datadog pages. */
  readonly serviceId: string;
  /**
   * Name the service gets in the Datadog account: monitors page it with `@pagerduty-<name>`.
   * The platform uses the stack name `<product>-<env>`.
   */
  readonly datadogServiceName: string;
  /**
   * Name of the integration on the PagerDuty service.
   * @default "Datadog"
   */
  readonly integrationName?: string;
  /**
   * PagerDuty subdomain (`<subdomain>.pagerduty.com`) for the Datadog account's PagerDuty integration. Set it
   * only in the one stack that owns that Datadog account's integration: it is one per Datadog account, and
   * `datadog_integration_pagerduty` is kept by the Datadog provider for legacy set-ups.
   * @default - not managed here: the PagerDuty integration must already be installed in the Datadog account
   * (Integrations > PagerDuty), as the Datadog provider requires for service objects
   */
  readonly accountIntegrationSubdomain?: string;
}

/**
 * Lets Datadog page a PagerDuty service: a Datadog-type integration on the service, and its integration key
 * registered as a service object in the Datadog account. The key only travels from the PagerDuty
 * provider's state to the Datadog provider, marked sensitive; it is never an output.
 */
export class DatadogLink extends Construct {
  /** The Datadog service object; its name is what monitors mention. */
  public readonly resource: IntegrationPagerdutyServiceObject;
  public readonly integration: ServiceIntegration;
  public readonly vendor: DataPagerdutyVendor;
  /** The account-level integration, when `accountIntegrationSubdomain` is set. */
  public readonly accountIntegration?: IntegrationPagerduty;
  /** What monitors write to page this service: `@pagerduty-<datadogServiceName>`. */
  public readonly mention: string;

  constructor(scope: Construct, id: string, props: DatadogLinkProps) {
    super(scope, id);
    // The vendor look-up falls back to a case-insensitive regex match when no name matches exactly, so a
    // renamed or missing vendor could silently pick another one: refuse anything but the Datadog vendor.
    this.vendor = new DataPagerdutyVendor(this, 'DatadogVendor', {
      name: DATADOG_VENDOR_NAME,
      lifecycle: {
        postcondition: [
          {
            condition: `\${self.name == "${DATADOG_VENDOR_NAME}"}`,
            errorMessage: `The PagerDuty vendor found for "${DATADOG_VENDOR_NAME}" is not the Datadog vendor; the service integration would have the wrong type.`,
          },
        ],
      },
    });
    this.integration = new ServiceIntegration(this, 'Integration', {
      name: props.integrationName ?? DATADOG_VENDOR_NAME,
      service: props.serviceId,
      vendor: this.vendor.id,
    });
    if (props.accountIntegrationSubdomain !== undefined) {
      this.accountIntegration = new IntegrationPagerduty(this, 'AccountIntegration', {
        subdomain: props.accountIntegrationSubdomain,
      });
    }
    this.resource = new IntegrationPagerdutyServiceObject(this, 'Resource', {
      serviceName: props.datadogServiceName,
      serviceKey: Fn.sensitive(this.integration.integrationKey),
      // The Datadog provider documents that service objects are created after the account integration.
      dependsOn: this.accountIntegration ? [this.accountIntegration] : undefined,
    });
    this.mention = `@pagerduty-${props.datadogServiceName}`;
  }
}
