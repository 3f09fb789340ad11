/**
 * Retention values CloudWatch Logs accepts (`PutRetentionPolicy`), in days. Any other value is refused by
 * the API at apply time, so it is checked at synth time instead.
 */
export const CLOUDWATCH_LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

export type LogRetentionDays = (typeof CLOUDWATCH_LOG_RETENTION_DAYS)[number];

export function isLogRetentionDays(days: number): days is LogRetentionDays {
  return (CLOUDWATCH_LOG_RETENTION_DAYS as readonly number[]).includes(days);
}
