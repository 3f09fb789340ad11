// Scheduled Lambda (EventBridge Scheduler, every window): the collector-side log anomaly detector.
//   DETECTOR_SETTINGS   JSON: windowMinutes, baselineWindows, zThreshold, minErrors, minBaselineWindows,
//                       minBaselineLines, maxNewPatterns, maxWindowLines, maxBaselineLines (all optional)
//   DOCDB_SECRET_ARN / MONGODB_URI, EVENTS_DB_NAME, DOCDB_RETRY_WRITES as for the collector
// A failure throws: the scheduler retries, and the same window gives the same ids.
import { connectedDb } from '../collector/store/connection';
import { DEFAULT_DETECTOR_SETTINGS, type DetectorSettings } from './detect';
import { detectAnomalies, type RunReport } from './run';

export interface HandlerSettings {
  readonly detector: DetectorSettings;
  readonly maxWindowLines: number;
  readonly maxBaselineLines: number;
}

const LIMITS = {
  windowMinutes: [1, 1440],
  baselineWindows: [1, 2016],
  zThreshold: [0.5, 100],
  minErrors: [1, 1_000_000],
  minBaselineWindows: [1, 2016],
  minBaselineLines: [0, 1_000_000],
  maxNewPatterns: [0, 1000],
  maxWindowLines: [1, 2_000_000],
  maxBaselineLines: [1, 2_000_000],
} as const;

/** `DETECTOR_SETTINGS` over the defaults; an unknown key or a value out of range names itself. */
export function parseSettings(text: string | undefined): HandlerSettings {
  const given: unknown = text ? JSON.parse(text) : {};
  if (typeof given !== 'object' || given === null || Array.isArray(given))
    throw new Error('DETECTOR_SETTINGS must be a JSON object');
  const values: Record<string, number> = {};
  for (const [key, value] of Object.entries(given)) {
    if (!(key in LIMITS))
      throw new Error(
        `DETECTOR_SETTINGS.${key}: unknown setting; allowed: ${Object.keys(LIMITS).join(', ')}`,
      );
    const [min, max] = LIMITS[key as keyof typeof LIMITS];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max)
      throw new Error(
        `DETECTOR_SETTINGS.${key}: expected a number from ${min} to ${max}, got ${JSON.stringify(value)}`,
      );
    values[key] = value;
  }
  const d = DEFAULT_DETECTOR_SETTINGS;
  return {
    detector: {
      ...d,
      windowMs: (values.windowMinutes ?? d.windowMs / 60_000) * 60_000,
      baselineWindows: values.baselineWindows ?? d.baselineWindows,
      zThreshold: values.zThreshold ?? d.zThreshold,
      minErrors: values.minErrors ?? d.minErrors,
      minBaselineWindows: values.minBaselineWindows ?? d.minBaselineWindows,
      minBaselineLines: values.minBaselineLines ?? d.minBaselineLines,
      maxNewPatterns: values.maxNewPatterns ?? d.maxNewPatterns,
    },
    maxWindowLines: values.maxWindowLines ?? 50_000,
    maxBaselineLines: values.maxBaselineLines ?? 200_000,
  };
}

export async function handler(): Promise<RunReport> {
  const env = process.env;
  const settings = parseSettings(env.DETECTOR_SETTINGS);
  const db = await connectedDb({
    mongodbUri: env.MONGODB_URI || undefined,
    docdbSecretArn: env.DOCDB_SECRET_ARN || undefined,
    dbName: env.EVENTS_DB_NAME || 'observability',
    retryWrites: env.DOCDB_RETRY_WRITES?.toLowerCase() !== 'false',
    dbTimeoutMs: 5000,
  });
  const report = await detectAnomalies(db, {
    settings: settings.detector,
    now: new Date(),
    maxWindowLines: settings.maxWindowLines,
    maxBaselineLines: settings.maxBaselineLines,
  });
  console.log(JSON.stringify({ message: 'log anomaly detection', ...report }));
  return report;
}
