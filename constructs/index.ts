// Public constructs of the library: what product teams import.
export * from './collector-link/collector-link';
export * from './event-forwarding/dlq-monitor';
export * from './event-forwarding/forwarding';
export * from './event-forwarding/pattern-matcher';
export * from './event-forwarding/patterns';
export * from './pagerduty/datadog-link';
export * from './pagerduty/escalation-policy';
export * from './pagerduty/incident-webhook';
export * from './pagerduty/product-pagerduty';
export * from './pagerduty/schedule';
export * from './pagerduty/service';
export * from './toil-apps/toil-app';
