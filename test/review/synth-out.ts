import { App } from 'cdktf';
import type { PlatformConfig } from '../../stacks/config/platform';
import { buildPlatform } from '../../stacks/platform';

/** Real synthesis of a config into `outdir` (a cdktf.out with manifest.json), as `cdktf synth` does. */
export function synthTo(outdir: string, config: PlatformConfig): string {
  const app = new App({ outdir });
  buildPlatform(app, config);
  app.synth();
  return outdir;
}

if (require.main === module) {
  // `tsx test/review/synth-out.ts OUTDIR [CONFIG]`: the same, from a shell.
  const { loadPlatformConfig, EXAMPLE_CONFIG_PATH } = require('../../stacks/config/load');
  synthTo(process.argv[2], loadPlatformConfig(process.argv[3] ?? EXAMPLE_CONFIG_PATH));
}
