// Synthesis speed for large platforms. cdktf captures a full stack trace (Error.stackTraceLimit = Infinity)
// for every token it creates, and the prebuilt provider classes create several per resource (one per
// nested-block attribute), so with hundreds of accounts most of the synthesis time goes to stack traces
// that are read only to explain an unresolvable token. With source maps on (tsx turns them on) each
// capture is several times dearer again. The prebuilt provider classes also hand cdktf every attribute of
// the schema, most of them undefined (about 30 of a Datadog monitor's 40), and cdktf resolves each one, twice
// per synthesis, only to drop it. See docs/benchmarks.md for the measured effect.

import { TerraformDynamicBlock } from 'cdktf/lib/terraform-dynamic-block';

/**
 * Turns off source-mapped stack traces and cdktf's token creation-stack capture, and drops undefined
 * attributes before cdktf resolves them (the output is the same: cdktf drops them after resolving, and writes
 * keys sorted), for this process. Set `CDKTF_TOKEN_STACK_TRACES=1` to keep the traces when debugging a
 * "token created at" error.
 */
export function speedUpSynthesis(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.CDKTF_TOKEN_STACK_TRACES === '1') return false;
  process.setSourceMapsEnabled(false);
  // cdktf 0.21 is the last release (the project is archived), so this private module path is frozen. Every
  // caller reads the function from the module's exports at call time, so replacing it takes effect.
  const stackTrace: {
    captureStackTrace: (below?: unknown) => string[];
  } = require('cdktf/lib/tokens/private/stack-trace');
  stackTrace.captureStackTrace = () => [];
  const util: { processDynamicAttributes: typeof withoutUndefined } = require('cdktf/lib/util');
  util.processDynamicAttributes = withoutUndefined;
  return true;
}

/**
 * cdktf's `processDynamicAttributes` (called by every resource and data source on the attributes its
 * provider class synthesizes: dynamic blocks move under `dynamic`, plain objects are copied recursively),
 * leaving out undefined values.
 */
function withoutUndefined(attributes: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> & { dynamic?: Record<string, unknown> } = {};
  for (const name of Object.keys(attributes)) {
    const value = attributes[name];
    if (value === undefined) continue;
    if (TerraformDynamicBlock.isTerraformDynamicBlock(value)) {
      result.dynamic ??= {};
      result.dynamic[name] = value.toTerraformDynamicBlockJson();
    } else if (value !== null && typeof value === 'object' && value.constructor === Object) {
      result[name] = withoutUndefined(value as Record<string, unknown>);
    } else {
      result[name] = value;
    }
  }
  return result;
}
