// Synthesis speed for large platforms. cdktf captures a full stack trace (Error.stackTraceLimit = Infinity)
// for every token it creates, and the prebuilt provider classes create several per resource (one per
// nested-block attribute), so with hundreds of accounts most of the synthesis time goes to stack traces
// that are read only to explain an unresolvable token. With source maps on (tsx turns them on) each
// capture is several times dearer again. See docs/benchmarks.md for the measured effect.

/**
 * Turns off source-mapped stack traces and cdktf's token creation-stack capture, for this process.
 * Set `CDKTF_TOKEN_STACK_TRACES=1` to keep them when debugging a "token created at" error.
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
  return true;
}
