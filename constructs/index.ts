// Public constructs of the library: what product teams import.

export * from './collector/collector';
export * from './collector-link/collector-link';
export * from './core/checkov';
export * from './datadog/aws-integration';
export * from './datadog/burn-rate';
export * from './datadog/catalog';
export * from './datadog/collector-webhook';
export * from './datadog/message';
export * from './datadog/product-datadog';
export * from './datadog/product-monitors';
export * from './datadog/slack';
export * from './datadog/slos';
export * from './datadog/webhook-payload';
export * from './event-forwarding/dlq-monitor';
export * from './event-forwarding/forwarding';
export * from './event-forwarding/pattern-matcher';
export * from './event-forwarding/patterns';
export * from './guardrails/guardrails';
export * from './guardrails/rules';
export * from './pagerduty/datadog-link';
export * from './pagerduty/escalation-policy';
export * from './pagerduty/incident-webhook';
export * from './pagerduty/product-pagerduty';
export * from './pagerduty/schedule';
export * from './pagerduty/service';
export * from './toil-apps/toil-app';
