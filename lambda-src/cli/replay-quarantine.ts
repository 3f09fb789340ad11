// `npm run replay-quarantine -- [--product P] [--source S] [--dry-run]`
// Re-runs today's normalizers on quarantined deliveries: those that now normalize move to `events`, the
// rest stay with an updated reason. Connects like the collector: MONGODB_URI, or DOCDB_SECRET_ARN from a
// host inside the collector's VPC (EVENTS_DB_NAME as for the Lambda). Runbook: docs/collector.md.
// Exit status: 0 done (the counts are printed), 1 bad arguments or the database could not be reached.
import { parseArgs } from 'node:util';
import { loadCollectorConfig } from '../collector/config';
import { collectorNormalize } from '../collector/handler';
import { connectedDb, resetConnection } from '../collector/store/connection';
import { MongoEventStore } from '../collector/store/mongo-store';
import { type ReplayReport, replayQuarantine } from '../replay/replay-quarantine';

const USAGE = `usage: npm run replay-quarantine -- [--product P] [--source S] [--dry-run] [--verbose]

Re-runs today's normalizers on the quarantined deliveries and moves those that now normalize to events.
  --product  only this product's deliveries
  --source   only this source: a webhook route (pagerduty, datadog, sentry, fluentbit) or an
             EventBridge source (aws.health); the dashboard's quarantine panel shows both
  --dry-run  normalize and count, write nothing
  --verbose  one line per delivery
Environment: MONGODB_URI (or DOCDB_SECRET_ARN inside the VPC), EVENTS_DB_NAME (default observability).`;

export function formatReport(r: ReplayReport, dryRun: boolean): string {
  const verb = dryRun ? 'would move' : 'moved';
  return [
    `examined ${r.examined} quarantined deliveries`,
    `${verb} ${r.moved} to events (${r.events} events, ${r.alreadyStored} already stored)`,
    `still quarantined ${r.stillQuarantined}${dryRun ? ' (reasons not updated: dry run)' : ' (reasons updated)'}`,
    `left unverified ${r.unverified} (signature never checked; see docs/collector.md)`,
  ].join('\n');
}

async function main(argv: readonly string[]): Promise<number> {
  let values: { product?: string; source?: string; 'dry-run'?: boolean; verbose?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        product: { type: 'string' },
        source: { type: 'string' },
        'dry-run': { type: 'boolean' },
        verbose: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (err) {
    console.error(`replay-quarantine: ${(err as Error).message}\n${USAGE}`);
    return 1;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  for (const name of ['product', 'source'] as const) {
    if (values[name] !== undefined && !values[name]!.trim()) {
      console.error(`replay-quarantine: --${name} must not be empty\n${USAGE}`);
      return 1;
    }
  }
  // API_KEY_PRODUCTS is the Lambda's; replay takes the product from each quarantined delivery.
  const config = loadCollectorConfig({ ...process.env, API_KEY_PRODUCTS: '{}' });
  if (!config.mongodbUri && !config.docdbSecretArn) {
    console.error('replay-quarantine: set MONGODB_URI (or DOCDB_SECRET_ARN inside the collector VPC)');
    return 1;
  }
  const dryRun = values['dry-run'] === true;
  try {
    const db = await connectedDb(config);
    const report = await replayQuarantine({
      db,
      store: new MongoEventStore(async () => db, { logRetentionDays: config.logRetentionDays }),
      normalize: collectorNormalize(config),
      product: values.product,
      source: values.source,
      dryRun,
      maxBodyBytes: config.maxBodyBytes,
      log: values.verbose ? (line) => console.log(line) : undefined,
    });
    console.log(formatReport(report, dryRun));
    return 0;
  } catch (err) {
    console.error(`replay-quarantine: ${(err as Error).message}`);
    return 1;
  } finally {
    await resetConnection();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
