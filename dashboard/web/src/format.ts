import type { Severity } from '../../../lambda-src/collector/normalized-event';

export const SEVERITY_LABEL: Record<Severity, string> = {
  critical: 'critical',
  high: 'high',
  medium: 'medium',
  low: 'low',
  info: 'info',
};

/** `2026-01-31 09:05` in UTC: on-call hand-overs across zones speak UTC. */
export function utc(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ');
}

/** "▲ +3 vs before", "▼ −2 vs before", "same as before"; empty when there were no events either time. */
export function trend(count: number, previous: number): string {
  const d = count - previous;
  if (d === 0) return previous === 0 ? '' : 'same as before';
  return `${d > 0 ? '▲ +' : '▼ −'}${Math.abs(d)} vs before`;
}
