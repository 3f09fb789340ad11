import type { MonitorSpec } from './monitor-spec';

/** EBS volumes. */
export const EBS_MONITORS = {
  'ebs.stalled_io': {
    service: 'ebs',
    name: 'EBS volume I/O stalled',
    metric: 'aws.ebs.volume_stalled_io_check',
    query: 'max:aws.ebs.volume_stalled_io_check{$scope} by {volumeid}',
    timeAggregation: 'max',
    windowMinutes: 10,
    direction: 'above',
    thresholds: { critical: 0 },
    unit: 'failed checks',
    priority: 2,
    pages: false,
    description: 'The stalled I/O check of volume {{volumeid.name}} fails: the volume does not complete I/O.',
  },
  'ebs.iops_high': {
    service: 'ebs',
    name: 'EBS volume IOPS near the gp3 baseline',
    metric: 'aws.ebs.volume_read_ops',
    query:
      'sum:aws.ebs.volume_read_ops{$scope} by {volumeid}.as_rate() + sum:aws.ebs.volume_write_ops{$scope} by {volumeid}.as_rate()',
    timeAggregation: 'avg',
    windowMinutes: 15,
    direction: 'above',
    thresholds: { critical: 2850, warning: 2400 },
    unit: 'IOPS',
    priority: 3,
    pages: false,
    description:
      'Volume {{volumeid.name}} is close to its IOPS limit (3000 for gp3 by default); raise provisioned IOPS.',
  },
  'ebs.throughput_percentage_low': {
    service: 'ebs',
    name: 'EBS provisioned IOPS not delivered',
    metric: 'aws.ebs.volume_throughput_percentage',
    query: 'avg:aws.ebs.volume_throughput_percentage{$scope} by {volumeid}',
    timeAggregation: 'avg',
    windowMinutes: 15,
    direction: 'below',
    thresholds: { critical: 80, warning: 90 },
    unit: 'percent',
    priority: 3,
    pages: false,
    description: 'The provisioned-IOPS volume {{volumeid.name}} delivers less than it is provisioned for.',
  },
} as const satisfies Record<`ebs.${string}`, MonitorSpec>;
