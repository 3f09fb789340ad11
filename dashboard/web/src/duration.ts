// Response times as people read them.

/** `4m 05s`, `2h 13m`, `—` for none: response times read at a glance. */
export function duration(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ${String(seconds % 60).padStart(2, '0')}s`;
  const h = Math.floor(seconds / 3600);
  if (h < 48) return `${h}h ${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}
