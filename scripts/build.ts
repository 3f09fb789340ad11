// `npm run build`: the published package. Compiles the library into dist/ (JavaScript, type declarations, source
// maps) and bundles what it deploys, so that the package needs neither esbuild nor the Lambda code's own
// dependencies where it is used: each Lambda entry into dist/lambda/<entry>/ and the dashboard site into
// dist/dashboard-site/ (constructs/core/lambda-bundle.ts and constructs/accounts/central-account.ts use them).
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { DEFAULT_AUTHORIZER_ENTRY } from '../constructs/collector/authorizer-function';
import { DEFAULT_COLLECTOR_ENTRY } from '../constructs/collector/collector-function';
import { DEFAULT_BOOTSTRAP_ENTRY } from '../constructs/collector/database-users';
import { DEFAULT_ANOMALY_DETECTOR_ENTRY } from '../constructs/collector/log-anomaly-detector';
import { DEFAULT_RAW_RETENTION_ENTRY } from '../constructs/collector/raw-retention';
import { bundleOptions } from '../constructs/core/bundle-options';
import { DEFAULT_EXTERNAL_MODULES, LAMBDA_SRC_DIR } from '../constructs/core/lambda-bundle';
import { DEFAULT_QUERY_API_ENTRY } from '../constructs/dashboard/query-api';
import { buildSite } from '../dashboard/build';

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');

rmSync(dist, { recursive: true, force: true });
const tsc = spawnSync(path.join(root, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.build.json'], {
  cwd: root,
  stdio: 'inherit',
});
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

for (const entry of [
  DEFAULT_COLLECTOR_ENTRY,
  DEFAULT_AUTHORIZER_ENTRY,
  DEFAULT_QUERY_API_ENTRY,
  DEFAULT_BOOTSTRAP_ENTRY,
  DEFAULT_RAW_RETENTION_ENTRY,
  DEFAULT_ANOMALY_DETECTOR_ENTRY,
]) {
  const relative = path.relative(LAMBDA_SRC_DIR, entry).replace(/\.ts$/, '');
  // Same place as prebuiltBundleFile() looks from dist/constructs/collector/.
  const outfile = path.join(dist, 'lambda', relative, 'index.js');
  const result = buildSync(bundleOptions(entry, outfile, 'node22', [...DEFAULT_EXTERNAL_MODULES]));
  if (result.errors.length > 0) {
    console.error(`bundling ${entry} failed: ${result.errors.map((e) => e.text).join('; ')}`);
    process.exit(1);
  }
}
buildSite(path.join(dist, 'dashboard-site'));
