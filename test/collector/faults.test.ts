// Fault injection: thousands of deliveries through the real collector to FerretDB behind a proxy that
// breaks writes (resets, cuts, hangs, delays, outages; seeded, loopback only). Nothing answered 2xx may be
// missing from the database, and nothing may be in it that its sender was not (eventually) answered 2xx
// for. The figures of a run are in docs/benchmarks.md ("Fault injection"; `npm run bench:faults`).
import { STANDARD_FAULT_RUN as FAULT_RUN, runFaultInjection } from '../../bench/faults/run';
import { dbTest, MONGODB_URI, scratchDbName } from './support/db-test';

dbTest(
  'under injected faults every delivery answered 2xx is in the database, and nothing else is',
  async () => {
    const result = await runFaultInjection({
      ...FAULT_RUN,
      mongodbUri: MONGODB_URI!,
      dbName: scratchDbName('faults'),
    });

    expect(result.unexpected).toEqual([]);
    expect(result.requests).toBe(FAULT_RUN.requests);
    expect({ lost: result.lost, phantom: result.phantom }).toEqual({ lost: 0, phantom: 0 });
    expect(result.documentsFound).toBe(result.documentsExpected);
    // The run proves something only if faults happened and were answered 503 and retried.
    expect(Object.values(result.faults).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(20);
    expect(result.retriedDeliveries).toBeGreaterThan(0);
    expect(result.statuses['503']).toBeGreaterThan(0);
  },
  300_000,
);
