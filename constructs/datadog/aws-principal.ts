// Datadog's AWS accounts, which assume the integration role of every integrated AWS account.

/**
 * AWS account that Datadog assumes the integration role from, per Datadog site (Datadog's "AWS
 * integration with Terraform" guide). US1-FED (ddog-gov.com) supports access keys only.
 */
export const DATADOG_AWS_PRINCIPAL_ACCOUNT: Readonly<Record<string, string>> = {
  'datadoghq.com': '464622532012',
  'us3.datadoghq.com': '464622532012',
  'us5.datadoghq.com': '464622532012',
  'datadoghq.eu': '464622532012',
  'ap1.datadoghq.com': '417141415827',
  'ap2.datadoghq.com': '412381753143',
  'uk1.datadoghq.com': '117348461845',
};
