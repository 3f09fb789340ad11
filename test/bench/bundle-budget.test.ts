import { TerraformStack, Testing } from 'cdktf';
import { DEFAULT_AUTHORIZER_ENTRY } from '../../constructs/collector/authorizer-function';
import { DEFAULT_COLLECTOR_ENTRY } from '../../constructs/collector/collector-function';
import { LambdaBundle } from '../../constructs/core/lambda-bundle';

// Size budgets of the deployed code (docs/benchmarks.md): a bigger bundle loads more slowly on a cold start.
// `import { z } from 'zod'` instead of `import * as z from 'zod'` alone adds about 360 kB (every locale).
const bundleOf = (entry: string) =>
  new LambdaBundle(new TerraformStack(Testing.app(), 'bundle'), 'Bundle', { entry });

test('the collector bundle stays within 1 MB', () => {
  expect(bundleOf(DEFAULT_COLLECTOR_ENTRY).stats.codeBytes).toBeLessThanOrEqual(1_000_000);
});

test('the authorizer bundle stays within 20 kB', () => {
  expect(bundleOf(DEFAULT_AUTHORIZER_ENTRY).stats.codeBytes).toBeLessThanOrEqual(20_000);
});
