import type { MonitorSpec } from './monitor-spec';

/** API Gateway REST APIs. */
export const APIGATEWAY_MONITORS = {
  'apigateway.5xx_rate': {
    service: 'apigateway',
    name: 'API Gateway 5xx rate high',
    metric: 'aws.apigateway.5xxerror',
    query:
      'sum:aws.apigateway.5xxerror{$scope} by {apiname}.as_count() / sum:aws.apigateway.count{$scope} by {apiname}.as_count() * 100',
    timeAggregation: 'sum',
    windowMinutes: 10,
    direction: 'above',
    thresholds: { critical: 5, warning: 1 },
    unit: 'percent of requests',
    priority: 1,
    pages: true,
    sparse: true,
    description: 'API {{apiname.name}} answers 5xx to a share of requests: users see errors.',
  },
  'apigateway.4xx_rate': {
    service: 'apigateway',
    name: 'API Gateway 4xx rate high',
    metric: 'aws.apigateway.4xxerror',
    query:
      'sum:aws.apigateway.4xxerror{$scope} by {apiname}.as_count() / sum:aws.apigateway.count{$scope} by {apiname}.as_count() * 100',
    timeAggregation: 'sum',
    windowMinutes: 15,
    direction: 'above',
    thresholds: { critical: 30, warning: 15 },
    unit: 'percent of requests',
    priority: 4,
    pages: false,
    sparse: true,
    description: 'API {{apiname.name}} rejects many requests (authorization, throttling, validation).',
  },
  'apigateway.latency': {
    service: 'apigateway',
    name: 'API Gateway latency high',
    metric: 'aws.apigateway.latency',
    query: 'avg:aws.apigateway.latency{$scope} by {apiname}',
    timeAggregation: 'avg',
    windowMinutes: 15,
    direction: 'above',
    thresholds: { critical: 3000, warning: 1000 },
    unit: 'milliseconds',
    priority: 3,
    pages: false,
    description: 'Requests to {{apiname.name}} are slow end to end.',
  },
} as const satisfies Record<`apigateway.${string}`, MonitorSpec>;
