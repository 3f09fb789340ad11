// `npm run bench:faults`: the standard fault-injection run, written into docs/benchmarks.md in place of its
// "Fault injection" section (the rest of the document is left as `npm run bench` wrote it).
// Uses MONGODB_URI when set, otherwise a FerretDB of its own (scripts/ferretdb), stopped at the end.
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { startFerretDb } from '../round-trips';
import { faultSection } from './report';
import { type FaultRunResult, runFaultInjection, STANDARD_FAULT_RUN } from './run';

/** The standard run, against MONGODB_URI or a FerretDB started for it. */
export async function benchFaults(): Promise<FaultRunResult> {
  const ferret = process.env.MONGODB_URI ? undefined : await startFerretDb();
  try {
    return await runFaultInjection({
      ...STANDARD_FAULT_RUN,
      mongodbUri: process.env.MONGODB_URI ?? ferret!.uri,
      dbName: `bench_faults_${process.pid}`,
    });
  } finally {
    ferret?.stop();
  }
}

/** `doc` with its "## Fault injection" section replaced by `section` (appended when there is none). */
export function replaceSection(doc: string, section: string): string {
  const start = doc.indexOf('\n## Fault injection\n');
  if (start < 0) return `${doc.trimEnd()}\n\n${section}`;
  const next = doc.indexOf('\n## ', start + 1);
  return `${doc.slice(0, start + 1)}${section}${next < 0 ? '' : doc.slice(next)}`;
}

if (require.main === module) {
  benchFaults().then(
    (result) => {
      const file = path.join(__dirname, '..', '..', 'docs', 'benchmarks.md');
      writeFileSync(file, replaceSection(readFileSync(file, 'utf8'), faultSection(result)));
      console.error(
        `lost ${result.lost}, phantom ${result.phantom}; wrote ${path.relative(process.cwd(), file)}`,
      );
      if (result.lost > 0 || result.phantom > 0 || result.unexpected.length > 0) process.exit(1);
    },
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
