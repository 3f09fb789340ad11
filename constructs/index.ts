// Public constructs of the library: what product teams import.
export * from './collector-link/collector-link';
export * from './pagerduty/datadog-link';
export * from './pagerduty/escalation-policy';
export * from './pagerduty/incident-webhook';
export * from './pagerduty/product-pagerduty';
export * from './pagerduty/schedule';
export * from './pagerduty/service';
