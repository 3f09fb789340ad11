// The "Fault injection" section of docs/benchmarks.md, from one run of bench/faults/run.ts.
import { FAULT_KINDS, type FaultKind } from './proxy';
import type { FaultRunResult } from './run';

const WHAT: Record<FaultKind, string> = {
  'reset-before-write': 'connection reset instead of forwarding the write (never applied)',
  'cut-mid-write': 'part of the write forwarded, then reset (the server drops the partial message)',
  'close-before-write': 'connection closed cleanly instead of forwarding the write (never applied)',
  'drop-write': 'write swallowed, connection left hanging until the driver times out (never applied)',
  'delay-write':
    'write held back up to 2 × DOCDB_TIMEOUT_MS, then forwarded (applied, perhaps after the driver gave up)',
  'reset-after-write': 'write applied, reply thrown away, connection reset',
  'close-after-write': 'write applied, reply thrown away, connection closed cleanly (a server shutting down)',
  'cut-mid-reply': 'write applied, part of the reply forwarded, then reset',
  'drop-reply': 'write applied, reply swallowed, connection left hanging until the driver times out',
  'delay-reply': 'write applied, reply held back up to 2 × DOCDB_TIMEOUT_MS',
  outage:
    'the server "stops": every connection reset and new ones refused (ECONNREFUSED) for up to 2 × DOCDB_TIMEOUT_MS',
};

const int = (n: number) => Math.round(n).toLocaleString('en-US');

export function faultSection(r: FaultRunResult | { readonly error: string }): string {
  if ('error' in r) {
    return `## Fault injection

Not run: ${r.error}. Set \`MONGODB_URI\`, or install FerretDB with \`scripts/ferretdb/install.sh\` (needs Go).
`;
  }
  const faults = Object.values(r.faults).reduce((a, b) => a + b, 0);
  const status = (code: string) => int(r.statuses[code] ?? 0);
  const o = r.options;
  return `## Fault injection

Every answer must tell the truth about the write: 2xx only once the database has accounted for every
document of the delivery. \`bench/faults/run.ts\` sends ${int(o.requests)} deliveries through the real collector
(\`createCollectorDeps\`: handler wiring, driver, store; ${o.concurrency} at a time) to ${r.server} on this machine,
behind \`bench/faults/proxy.ts\`, a TCP proxy on 127.0.0.1 that frames the wire protocol and breaks
${Math.round(o.faultRate * 100)}% of write commands (seed ${o.seed}, at most ${o.maxFaults} faults,
\`DOCDB_TIMEOUT_MS\` ${o.dbTimeoutMs}). The sender acts as EventBridge and Fluent Bit do: a 503 is sent again
(after 5–25 ms here, instead of \`Retry-After\`) until it is answered 2xx. Then the database is read around
the proxy. The same run, within a 150 s budget, is a CI test (\`test/collector/faults.test.ts\`); \`npm run bench:faults\` rewrites
this section alone. The machine had ${r.load.cores} cores and a load average of ${r.load.start.toFixed(1)} at
the start and ${r.load.end.toFixed(1)} at the end: above ${r.load.cores}, other work shared the CPUs, and the
time below grows with it (FerretDB's SQLite backend does most of the work, and the hanging faults each cost
a socket timeout of 1.5 × \`DOCDB_TIMEOUT_MS\`).

| deliveries | requests (with retries) | answered 200 / 202 / 503 | deliveries retried | … whose write had landed before the 2xx | write commands | faults injected | documents expected / found | **lost** | phantom | time |
|---:|---:|---|---:|---:|---:|---:|---|---:|---:|---:|
| ${int(r.requests)} | ${int(r.attempts)} | ${status('200')} / ${status('202')} / ${status('503')} | ${int(r.retriedDeliveries)} | ${int(r.appliedBeforeAcknowledged)} | ${int(r.writeCommands)} | ${int(faults)} | ${int(r.documentsExpected)} / ${int(r.documentsFound)} | **${int(r.lost)}** | ${int(r.phantom)} | ${(r.elapsedMs / 1000).toFixed(1)} s |

- **lost**: documents of a delivery answered 2xx that are not in the database. **phantom**: documents in the
  database that no delivery should have written. Every delivery ended answered 2xx, so phantom = 0 means every
  stored document was answered 2xx, on the first attempt or on the sender's retry.
- "whose write had landed": deliveries answered 503 although the database had applied their write (the reply
  was lost); the retry was answered 200 with \`duplicates\`, and the documents are stored once.
- Before the fix (the store trusted a \`MongoBulkWriteError\` without write errors as a partial success),
  the same proxy lost documents: in a 400-delivery run with 3 outages, 33 documents of deliveries answered 200
  were missing. The driver reports \`connect ECONNREFUSED\` during a bulk write as such an error.

| fault | injected | what the proxy does |
|---|---:|---|
${FAULT_KINDS.map((k) => `| ${k} | ${int(r.faults[k])} | ${WHAT[k]} |`).join('\n')}

Why the collector answered 503, by driver error (the store reports what the server acknowledged; the
message is the driver's):

| reason | times |
|---|---:|
${Object.entries(r.unavailableReasons)
  .map(([reason, n]) => [reason.replace(/\d+/g, 'N'), n] as const)
  .reduce<[string, number][]>((acc, [reason, n]) => {
    const row = acc.find((a) => a[0] === reason);
    if (row) row[1] += n;
    else acc.push([reason, n]);
    return acc;
  }, [])
  .sort((a, b) => b[1] - a[1])
  .map(([reason, n]) => `| ${reason.replace(/\|/g, '\\|')} | ${int(n)} |`)
  .join('\n')}

What FerretDB cannot prove here: it has no TTL indexes (log expiry is not exercised), it is a single server
without replication (no failover, no write concern beyond the one node, no retryable writes: the driver
does not retry on a standalone), and its SQLite backend can stall when two bulk upserts of the same ids run
at once (an attempt that outlived its timeout, and its retry): with a short \`DOCDB_TIMEOUT_MS\` on a loaded
machine a delivery can stay 503 for a long time. DocumentDB (and MongoDB) have the TTL index, fail over
in about 30 s (answered 503 meanwhile, \`Retry-After: 30\`), and settle concurrent upserts of one id with a
duplicate-key error that the store counts as already stored.
`;
}
