// Turns a catalog entry plus a product's override into the values a Datadog monitor needs.
import {
  CLOUDWATCH_EVALUATION_DELAY_SECONDS,
  type MonitorOverride,
  type MonitorSpec,
  type MonitorThresholds,
  type ThresholdDirection,
} from './monitor-spec';

/** A catalog monitor with a product's overrides applied. */
export interface ResolvedMonitor {
  readonly id: string;
  readonly spec: MonitorSpec;
  readonly thresholds: MonitorThresholds;
  readonly windowMinutes: number;
  /** Undefined for agent metrics, which arrive in near real time. */
  readonly evaluationDelaySeconds?: number;
  readonly priority: number;
  readonly pages: boolean;
  readonly requireFullWindow: boolean;
}

/** One thing wrong with an override: the override field it concerns and why. */
export interface OverrideProblem {
  readonly field: keyof MonitorOverride;
  readonly value: unknown;
  readonly message: string;
}

export function comparator(direction: ThresholdDirection): '>' | '<' {
  return direction === 'above' ? '>' : '<';
}

/** `last_15m`, `last_1h`, `last_1d`: Datadog's timeframe for an evaluation window. */
export function formatWindow(minutes: number): string {
  if (minutes % 1440 === 0) return `last_${minutes / 1440}d`;
  if (minutes % 60 === 0) return `last_${minutes / 60}h`;
  return `last_${minutes}m`;
}

/** Whether `warning` lies strictly on the good side of `critical`. */
export function warningIsBeforeCritical(
  direction: ThresholdDirection,
  warning: number,
  critical: number,
): boolean {
  return direction === 'above' ? warning < critical : warning > critical;
}

/**
 * Problems that need the catalog entry to see: thresholds that contradict each other once the override
 * is applied (direction-aware). Types and ranges are the config schema's job.
 */
export function overrideProblems(spec: MonitorSpec, override: MonitorOverride): OverrideProblem[] {
  const problems: OverrideProblem[] = [];
  const critical = override.critical ?? spec.thresholds.critical;
  const warning = override.warning ?? spec.thresholds.warning;
  if (typeof critical !== 'number' || typeof warning !== 'number') return problems;
  if (!warningIsBeforeCritical(spec.direction, warning, critical)) {
    const field: keyof MonitorOverride = override.warning !== undefined ? 'warning' : 'critical';
    const side = spec.direction === 'above' ? 'below' : 'above';
    const origin = (f: keyof MonitorOverride) => (override[f] !== undefined ? '' : ' (catalog default)');
    problems.push({
      field,
      value: override[field],
      message:
        `warning ${warning}${origin('warning')} must be ${side} critical ${critical}${origin('critical')}: ` +
        `this monitor alerts when the value is ${spec.direction} the threshold (${spec.unit})`,
    });
  }
  return problems;
}

/** Applies an override to a catalog entry. */
export function resolveMonitor(
  id: string,
  spec: MonitorSpec,
  override: MonitorOverride = {},
): ResolvedMonitor {
  const cloudwatch = (spec.source ?? 'cloudwatch') === 'cloudwatch';
  const warning = override.warning ?? spec.thresholds.warning;
  return {
    id,
    spec,
    thresholds: {
      critical: override.critical ?? spec.thresholds.critical,
      ...(warning !== undefined ? { warning } : {}),
    },
    windowMinutes: override.windowMinutes ?? spec.windowMinutes,
    evaluationDelaySeconds:
      override.evaluationDelaySeconds ?? (cloudwatch ? CLOUDWATCH_EVALUATION_DELAY_SECONDS : undefined),
    priority: override.priority ?? spec.priority,
    pages: override.pages ?? spec.pages,
    requireFullWindow: !spec.sparse,
  };
}

/** The full monitor query: `avg(last_15m):<query with scope> > 90`. */
export function renderQuery(monitor: ResolvedMonitor, scope: string): string {
  const { spec } = monitor;
  const body = spec.query.replaceAll('$scope', scope);
  return `${spec.timeAggregation}(${formatWindow(monitor.windowMinutes)}):${body} ${comparator(spec.direction)} ${monitor.thresholds.critical}`;
}
