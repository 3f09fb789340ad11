import type { MonitorSpec } from './monitor-spec';

/** NAT gateways: outbound connectivity of private subnets. */
export const NATGATEWAY_MONITORS = {
  'natgateway.port_allocation_errors': {
    service: 'natgateway',
    name: 'NAT gateway port allocation errors',
    type: 'query alert',
    metric: 'aws.natgateway.error_port_allocation',
    query: 'sum:aws.natgateway.error_port_allocation{$scope} by {natgatewayid}.as_count()',
    timeAggregation: 'sum',
    windowMinutes: 10,
    direction: 'above',
    thresholds: { critical: 0 },
    unit: 'errors',
    priority: 2,
    pages: false,
    tags: ['signal:errors'],
    sparse: true,
    description:
      'NAT gateway {{natgatewayid.name}} ran out of source ports: new outbound connections fail (too many to one destination).',
  },
  'natgateway.packets_dropped': {
    service: 'natgateway',
    name: 'NAT gateway dropping packets',
    type: 'query alert',
    metric: 'aws.natgateway.packets_drop_count',
    query: 'sum:aws.natgateway.packets_drop_count{$scope} by {natgatewayid}.as_count()',
    timeAggregation: 'sum',
    windowMinutes: 10,
    direction: 'above',
    thresholds: { critical: 1000, warning: 100 },
    unit: 'packets',
    priority: 3,
    pages: false,
    tags: ['signal:errors'],
    sparse: true,
    description: 'NAT gateway {{natgatewayid.name}} drops packets; check the AWS Health dashboard.',
  },
} as const satisfies Record<`natgateway.${string}`, MonitorSpec>;
