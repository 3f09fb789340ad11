import type { MonitorSpec } from './monitor-spec';

/** CloudFront distributions (their metrics live in us-east-1). */
export const CLOUDFRONT_MONITORS = {
  'cloudfront.5xx_error_rate': {
    service: 'cloudfront',
    name: 'CloudFront 5xx error rate high',
    type: 'query alert',
    metric: 'aws.cloudfront.5xx_error_rate',
    query: 'avg:aws.cloudfront.5xx_error_rate{$scope} by {distributionid}',
    timeAggregation: 'avg',
    windowMinutes: 15,
    direction: 'above',
    thresholds: { critical: 5, warning: 1 },
    unit: 'percent of requests',
    priority: 1,
    pages: true,
    tags: ['signal:errors'],
    sparse: true,
    description:
      'Distribution {{distributionid.name}} serves 5xx to a share of viewers: origin or edge failure.',
  },
  'cloudfront.4xx_error_rate': {
    service: 'cloudfront',
    name: 'CloudFront 4xx error rate high',
    type: 'query alert',
    metric: 'aws.cloudfront.4xx_error_rate',
    query: 'avg:aws.cloudfront.4xx_error_rate{$scope} by {distributionid}',
    timeAggregation: 'avg',
    windowMinutes: 15,
    direction: 'above',
    thresholds: { critical: 25, warning: 10 },
    unit: 'percent of requests',
    priority: 4,
    pages: false,
    tags: ['signal:errors'],
    sparse: true,
    description: 'Distribution {{distributionid.name}} serves many 4xx (missing objects, denied requests).',
  },
} as const satisfies Record<`cloudfront.${string}`, MonitorSpec>;
