// Applies the checkov skip comments kept in each resource's `//` block (see constructs/core/checkov.ts) to
// checkov's JSON results for one synthesized stack, and fails on every failed check that is not excused.
// checkov 3.x's terraform_json runner does not read inline skip comments itself (it scans with an empty
// skip list), so this is where they take effect.
//
// Usage: tsx scripts/checkov/enforce.ts <checkov-results.json> <cdk.tf.json>
//        tsx scripts/checkov/enforce.ts --scannable <cdk.tf.json> <copy.tf.json>
import { readFileSync, writeFileSync } from 'node:fs';

interface FailedCheck {
  readonly check_id: string;
  readonly check_name: string;
  readonly resource: string;
}

// biome-ignore lint/suspicious/noExplicitAny: checkov reports and synthesized stacks are untyped JSON
type Json = any;

const SKIP = /^checkov:skip=(CKV2?_[A-Z0-9]+_\d+):\s*(\S.*)$/;

/** Skip comments per logical id: `{ "<logical id>": { "<check id>": "<reason>" } }`. */
export function suppressionsOf(stack: Json): Map<string, Map<string, string>> {
  const result = new Map<string, Map<string, string>>();
  for (const block of ['resource', 'data']) {
    for (const byId of Object.values<Json>(stack[block] ?? {})) {
      for (const [logicalId, config] of Object.entries<Json>(byId)) {
        const comments: unknown = config?.['//']?.checkov;
        if (!Array.isArray(comments)) continue;
        const map = new Map<string, string>();
        for (const comment of comments) {
          const m = SKIP.exec(String(comment));
          if (!m) throw new Error(`${logicalId}: malformed checkov skip comment ${JSON.stringify(comment)}`);
          map.set(m[1], m[2]);
        }
        result.set(logicalId, map);
      }
    }
  }
  return result;
}

export interface Verdict {
  readonly failed: FailedCheck[];
  readonly suppressed: { check: FailedCheck; reason: string }[];
  readonly passed: number;
}

export function enforce(results: Json, stack: Json): Verdict {
  const reports = Array.isArray(results) ? results : [results];
  const skips = suppressionsOf(stack);
  const failed: FailedCheck[] = [];
  const suppressed: { check: FailedCheck; reason: string }[] = [];
  let passed = 0;
  for (const report of reports) {
    // --quiet leaves passed checks out of `results`; the summary still counts them.
    passed += report?.summary?.passed ?? 0;
    if (report?.summary?.parsing_errors)
      throw new Error(`checkov could not parse the stack: ${JSON.stringify(report.summary)}`);
    for (const check of report?.results?.failed_checks ?? []) {
      // terraform_json names resources "<block>.<logical id>"; cdktf logical ids are unique within a stack.
      const logicalId = String(check.resource).split('.').slice(1).join('.');
      const reason = skips.get(logicalId)?.get(check.check_id);
      if (reason) suppressed.push({ check, reason });
      else failed.push(check);
    }
  }
  return { failed, suppressed, passed };
}

/**
 * The stack as checkov 3.3's terraform_json parser can read it: that parser expects every entry of the
 * `terraform` block to be an object and gives up on the whole file at `required_version` (a string).
 * Nothing checkov checks lives there.
 */
export function scannableCopy(stack: Json): Json {
  const terraform = Object.fromEntries(
    Object.entries<Json>(stack.terraform ?? {}).filter(([, v]) => v !== null && typeof v === 'object'),
  );
  return { ...stack, terraform };
}

if (require.main === module && process.argv[2] === '--scannable') {
  const [, input, output] = process.argv.slice(2);
  writeFileSync(output, JSON.stringify(scannableCopy(JSON.parse(readFileSync(input, 'utf8'))), null, 2));
} else if (require.main === module) {
  const [resultsFile, stackFile] = process.argv.slice(2);
  if (!resultsFile || !stackFile) {
    console.error('usage: enforce.ts <checkov-results.json> <cdk.tf.json>');
    process.exit(2);
  }
  const verdict = enforce(
    JSON.parse(readFileSync(resultsFile, 'utf8')),
    JSON.parse(readFileSync(stackFile, 'utf8')),
  );
  for (const { check, reason } of verdict.suppressed) {
    console.log(`  suppressed ${check.check_id} on ${check.resource}: ${reason}`);
  }
  for (const check of verdict.failed) {
    console.log(`  FAILED ${check.check_id} on ${check.resource}: ${check.check_name}`);
  }
  console.log(
    `  passed ${verdict.passed}, failed ${verdict.failed.length}, suppressed with a reason ${verdict.suppressed.length}`,
  );
  process.exit(verdict.failed.length > 0 ? 1 : 0);
}
