import { Service } from '@cdktf/provider-pagerduty/lib/service';
import { Construct } from 'constructs';

/** Every incident is high urgency: it pages and follows the escalation policy, day and night. */
export interface AlwaysHighUrgency {
  readonly type: 'always-high';
}

/**
 * Every incident is low urgency: PagerDuty notifies by the responders' low-urgency rules and never
 * escalates. For environments that should be tracked in PagerDuty without waking anyone.
 */
export interface AlwaysLowUrgency {
  readonly type: 'always-low';
}

/**
 * High urgency during support hours, low urgency outside them (low urgency notifies without escalating).
 * When support hours start, open low-urgency incidents are raised to high urgency.
 */
export interface SupportHoursUrgency {
  readonly type: 'support-hours';
  /** IANA time zone of the support hours (e.g. `Asia/Tokyo`). */
  readonly timeZone: string;
  /** ISO weekdays with support: 1 = Monday … 7 = Sunday. */
  readonly daysOfWeek: readonly number[];
  /** Start of support hours, `HH:MM:SS`. */
  readonly startTime: string;
  /** End of support hours, `HH:MM:SS`. */
  readonly endTime: string;
}

export type ServiceUrgency = AlwaysHighUrgency | AlwaysLowUrgency | SupportHoursUrgency;

/** Incident timeouts, in seconds: the defaults of this construct and of platform.yaml's `pagerduty` section. */
export const INCIDENT_TIMEOUT_DEFAULTS = {
  acknowledgementTimeoutSeconds: 1800,
  autoResolveTimeoutSeconds: 14400,
} as const;

export interface PagerdutyServiceProps {
  /** Service name in PagerDuty (unique in the PagerDuty account). */
  readonly name: string;
  /** Id of the escalation policy that incidents of this service follow. */
  readonly escalationPolicyId: string;
  /** @default - "Managed by cdktf (observability wiring)" */
  readonly description?: string;
  /**
   * Seconds after which an acknowledged incident that is still open triggers again; `null` disables it.
   * @default 1800
   */
  readonly acknowledgementTimeoutSeconds?: number | null;
  /**
   * Seconds after which an open incident is resolved automatically; `null` disables it.
   * @default 14400
   */
  readonly autoResolveTimeoutSeconds?: number | null;
  /**
   * How urgent incidents are.
   * @default - always high
   */
  readonly urgency?: ServiceUrgency;
}

/** PagerDuty's timeouts are strings; the string "null" disables one. */
function timeout(seconds: number | null): string {
  return seconds === null ? 'null' : String(seconds);
}

/** A PagerDuty service: where one product's incidents open and which escalation policy they follow. */
export class PagerdutyService extends Construct {
  public readonly resource: Service;
  /** The service's PagerDuty id (a reference, resolved at apply). */
  public readonly serviceId: string;

  constructor(scope: Construct, id: string, props: PagerdutyServiceProps) {
    super(scope, id);
    const urgency = props.urgency ?? { type: 'always-high' };
    this.resource = new Service(this, 'Resource', {
      name: props.name,
      description: props.description ?? 'Managed by cdktf (observability wiring)',
      escalationPolicy: props.escalationPolicyId,
      acknowledgementTimeout: timeout(
        props.acknowledgementTimeoutSeconds === undefined
          ? INCIDENT_TIMEOUT_DEFAULTS.acknowledgementTimeoutSeconds
          : props.acknowledgementTimeoutSeconds,
      ),
      autoResolveTimeout: timeout(
        props.autoResolveTimeoutSeconds === undefined
          ? INCIDENT_TIMEOUT_DEFAULTS.autoResolveTimeoutSeconds
          : props.autoResolveTimeoutSeconds,
      ),
      // alert_creation is not set: PagerDuty retired incident-only services, every service creates alerts.
      ...(urgency.type === 'support-hours'
        ? supportHoursUrgency(urgency)
        : {
            incidentUrgencyRule: {
              type: 'constant',
              urgency: urgency.type === 'always-low' ? 'low' : 'high',
            },
          }),
    });
    this.serviceId = this.resource.id;
  }
}

// The provider documents this exact shape: high during, low outside, and a scheduled action raising open
// incidents at the start of support hours (required with `use_support_hours`).
function supportHoursUrgency(u: SupportHoursUrgency) {
  return {
    incidentUrgencyRule: {
      type: 'use_support_hours',
      duringSupportHours: { type: 'constant', urgency: 'high' },
      outsideSupportHours: { type: 'constant', urgency: 'low' },
    },
    supportHours: {
      type: 'fixed_time_per_day',
      timeZone: u.timeZone,
      daysOfWeek: [...u.daysOfWeek],
      startTime: u.startTime,
      endTime: u.endTime,
    },
    scheduledActions: [
      {
        type: 'urgency_change',
        toUrgency: 'high',
        at: [{ type: 'named_time', name: 'support_hours_start' }],
      },
    ],
  };
}
