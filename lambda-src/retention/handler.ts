// Scheduled Lambda (EventBridge, daily): removes `raw` from events older than RAW_RETENTION_DAYS.
//   RAW_RETENTION_DAYS  days after arrival (required)
//   PRODUCTS            JSON array of the platform's product names
//   DOCDB_SECRET_ARN / MONGODB_URI, EVENTS_DB_NAME as for the collector
import { connectedDb } from '../collector/store/connection';
import { type ExpireRawReport, expireRaw } from './expire-raw';

export async function handler(): Promise<ExpireRawReport> {
  const env = process.env;
  const retentionDays = Number(env.RAW_RETENTION_DAYS);
  const products: unknown = JSON.parse(env.PRODUCTS || '[]');
  if (!Array.isArray(products) || !products.every((p) => typeof p === 'string'))
    throw new Error('PRODUCTS must be a JSON array of product names');
  const db = await connectedDb({
    mongodbUri: env.MONGODB_URI || undefined,
    docdbSecretArn: env.DOCDB_SECRET_ARN || undefined,
    dbName: env.EVENTS_DB_NAME || 'observability',
    retryWrites: env.DOCDB_RETRY_WRITES?.toLowerCase() !== 'false',
    dbTimeoutMs: 5000,
  });
  const report = await expireRaw(db, { retentionDays, products });
  console.log(JSON.stringify({ message: 'raw payloads expired', ...report }));
  return report;
}
