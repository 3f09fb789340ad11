// The overview's signals: which stored events count towards each column of the grid. Kept as data so
// that a reader sees in one place what "open incidents" or "log errors" means.
import type { Kind, Severity, Source, Status } from '../collector/normalized-event';
import type { SignalId } from './api-types';

export interface SignalDefinition {
  readonly label: string;
  readonly sources?: readonly Source[];
  readonly kinds?: readonly Kind[];
  readonly statuses?: readonly Status[];
  readonly severities?: readonly Severity[];
}

const UNRESOLVED: readonly Status[] = ['open', 'acknowledged'];

export const SIGNALS = {
  incidents: { label: 'Open incidents', sources: ['pagerduty'], kinds: ['incident'], statuses: UNRESOLVED },
  alerts: { label: 'Alerts firing', sources: ['datadog'], kinds: ['alert', 'slo'], statuses: UNRESOLVED },
  security: {
    label: 'Security findings',
    kinds: ['security_finding'],
    statuses: UNRESOLVED,
    severities: ['critical', 'high', 'medium', 'low'],
  },
  vulnerabilities: {
    label: 'Vulnerabilities',
    kinds: ['vulnerability'],
    statuses: UNRESOLVED,
    severities: ['critical', 'high', 'medium', 'low'],
  },
  compliance: {
    label: 'Non-compliant rules',
    sources: ['config'],
    kinds: ['compliance'],
    statuses: UNRESOLVED,
  },
  ecs: { label: 'ECS problems', sources: ['ecs'], severities: ['critical', 'high', 'medium'] },
  exceptions: { label: 'New exceptions', sources: ['sentry'], kinds: ['exception'] },
  logErrors: { label: 'Log errors', sources: ['applog'], kinds: ['log'], severities: ['critical', 'high'] },
  // One document per principal, action and hour: the count is of denied principal/actions, not of calls.
  deniedCalls: { label: 'Denied API calls', kinds: ['unauthorized_call'], statuses: UNRESOLVED },
  // DevOps Guru insights and the collector's own log anomaly detector.
  anomalies: {
    label: 'Anomalies',
    kinds: ['anomaly'],
    statuses: UNRESOLVED,
    severities: ['critical', 'high', 'medium', 'low'],
  },
} as const satisfies Record<SignalId, SignalDefinition>;

export interface EventKey {
  readonly source: Source;
  readonly kind: Kind;
  readonly severity: Severity;
  readonly status: Status;
}

/** Every signal an event counts towards (at most one today, but nothing relies on that). */
export function signalsOf(event: EventKey): SignalId[] {
  return (Object.entries(SIGNALS) as [SignalId, SignalDefinition][])
    .filter(
      ([, s]) =>
        (!s.sources || s.sources.includes(event.source)) &&
        (!s.kinds || s.kinds.includes(event.kind)) &&
        (!s.statuses || s.statuses.includes(event.status)) &&
        (!s.severities || s.severities.includes(event.severity)),
    )
    .map(([id]) => id);
}
