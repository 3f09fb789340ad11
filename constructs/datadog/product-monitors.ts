import { Monitor } from '@cdktf/provider-datadog/lib/monitor';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { checkSettings, type SettingProblem } from '../core/setting-error';
import {
  comparator,
  isMonitorId,
  MONITOR_CATALOG,
  type MonitoredService,
  type MonitorId,
  type MonitorOverride,
  type MonitorSpec,
  monitorIdsForServices,
  overrideProblems,
  type ResolvedMonitor,
  renderQuery,
  resolveMonitor,
} from './catalog';
import type { NotificationRouting } from './notification-routing';

export interface ProductMonitorsProps {
  /** Product name: monitor names and the `product:` tag. */
  readonly product: string;
  /** Environment (`prod`, `stg`): monitor names and the `env:` tag, so that envs sharing a Datadog account never collide. */
  readonly env: string;
  /** AWS services the product uses: only their catalog monitors are created. */
  readonly services: readonly MonitoredService[];
  /** Who hears about each transition. */
  readonly routing: NotificationRouting;
  /** Tag filter that selects the product account's CloudWatch metrics, e.g. `aws_account:222222222222`. */
  readonly cloudwatchScope: string;
  /**
   * Tag filter that selects the product account's Datadog Agent metrics (hosts, Fargate sidecars).
   * @default `env:<env>` (agents must run with `DD_ENV=<env>`)
   */
  readonly agentScope?: string;
  /** Per-monitor changes, keyed by catalog id. @default - catalog defaults */
  readonly overrides?: Readonly<Partial<Record<MonitorId, MonitorOverride>>>;
  /** Catalog ids not to create. @default - none */
  readonly disabled?: readonly MonitorId[];
  /** Tags added to every monitor (e.g. `team:payments`). @default - none */
  readonly tags?: readonly string[];
  /**
   * What the messages mention (webhook, Slack channel, PagerDuty service object): created first, so that
   * every handle exists when Datadog receives the monitors. @default - none
   */
  readonly notificationTargets?: readonly ITerraformDependable[];
}

/** The catalog description, then the value against the thresholds (Datadog template variables). */
export function monitorBody(monitor: ResolvedMonitor): string {
  const op = comparator(monitor.spec.direction);
  const warn = monitor.thresholds.warning === undefined ? '' : `, warn ${op} {{warn_threshold}}`;
  return `${monitor.spec.description}\nValue {{value}} (${monitor.spec.unit}); alert ${op} {{threshold}}${warn}.`;
}

/**
 * One `datadog_monitor` per catalog monitor of the services a product uses, with the product's
 * overrides applied and messages routed by `NotificationRouting`. Construct ids are the catalog ids.
 */
export class ProductMonitors extends Construct {
  /** Created monitors, keyed by catalog id. */
  public readonly monitors: Readonly<Partial<Record<MonitorId, Monitor>>>;
  /** The resolved definition of each created monitor, keyed by catalog id. */
  public readonly definitions: Readonly<Partial<Record<MonitorId, ResolvedMonitor>>>;

  constructor(scope: Construct, id: string, props: ProductMonitorsProps) {
    super(scope, id);
    const overrides = props.overrides ?? {};
    const disabled = new Set<string>(props.disabled ?? []);

    // Contradictory props fail now, with every problem listed.
    const problems: SettingProblem[] = [];
    for (const key of Object.keys(overrides)) {
      if (!isMonitorId(key))
        problems.push({ setting: 'overrides', value: key, allowed: 'must be a catalog monitor id' });
    }
    [...disabled].forEach((key, i) => {
      if (!isMonitorId(key))
        problems.push({ setting: `disabled[${i}]`, value: key, allowed: 'must be a catalog monitor id' });
    });
    for (const [key, override] of Object.entries(overrides)) {
      if (!isMonitorId(key) || !override) continue;
      for (const p of overrideProblems(MONITOR_CATALOG[key], override))
        problems.push({ setting: `overrides.${key}.${p.field}`, value: p.value, allowed: p.message });
    }
    checkSettings(this, problems);

    const scopes = {
      cloudwatch: props.cloudwatchScope,
      agent: props.agentScope ?? `env:${props.env}`,
    };
    const monitors: Partial<Record<MonitorId, Monitor>> = {};
    const definitions: Partial<Record<MonitorId, ResolvedMonitor>> = {};
    for (const monitorId of monitorIdsForServices(props.services)) {
      if (disabled.has(monitorId)) continue;
      const spec: MonitorSpec = MONITOR_CATALOG[monitorId];
      const resolved = resolveMonitor(monitorId, spec, overrides[monitorId]);
      const notifyNoData = spec.noDataMinutes !== undefined;
      monitors[monitorId] = new Monitor(this, monitorId, {
        name: `[${props.product}-${props.env}] ${spec.name}`,
        type: spec.type,
        query: renderQuery(resolved, scopes[spec.source ?? 'cloudwatch']),
        message: props.routing.message(monitorBody(resolved), { pages: resolved.pages, notifyNoData }),
        priority: String(resolved.priority),
        monitorThresholds: {
          critical: String(resolved.thresholds.critical),
          warning:
            resolved.thresholds.warning === undefined ? undefined : String(resolved.thresholds.warning),
        },
        evaluationDelay: resolved.evaluationDelaySeconds,
        requireFullWindow: resolved.requireFullWindow,
        notifyNoData,
        noDataTimeframe: spec.noDataMinutes,
        includeTags: true,
        dependsOn: props.notificationTargets?.length ? [...props.notificationTargets] : undefined,
        tags: [
          `product:${props.product}`,
          `env:${props.env}`,
          `service:${spec.service}`,
          `monitor_id:${monitorId}`,
          `pages:${resolved.pages}`,
          ...(spec.tags ?? []),
          ...(props.tags ?? []),
        ],
      });
      definitions[monitorId] = resolved;
    }
    this.monitors = monitors;
    this.definitions = definitions;
  }
}
