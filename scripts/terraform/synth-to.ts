// `tsx scripts/terraform/synth-to.ts <outdir> [--config PATH | --generated N]`
// Synthesizes every stack of a platform config into outdir in this process (the same App and stacks as
// main.ts; no cdktf CLI), e.g. the benchmark's generated config with N product accounts for CI's offline plans.
import { mkdirSync } from 'node:fs';
import { App } from 'cdktf';
import { generatedConfig } from '../../bench/synth';
import type { PlatformConfig } from '../../stacks/config';
import { ConfigError, loadPlatformConfig, parsePlatformConfigYaml } from '../../stacks/config';
import { buildPlatform } from '../../stacks/platform';
import { speedUpSynthesis } from '../../stacks/synth-speed';

/** Writes cdktf's output for `config` (manifest.json, stacks/<name>/cdk.tf.json, assets) into outdir. */
export function synthTo(config: PlatformConfig, outdir: string): void {
  mkdirSync(outdir, { recursive: true });
  const app = new App({ outdir });
  buildPlatform(app, config);
  app.synth();
}

if (require.main === module) {
  const [outdir, flag, value] = process.argv.slice(2);
  const accounts = Number(value);
  if (!outdir || (flag !== '--config' && flag !== '--generated') || !value) {
    console.error('usage: tsx scripts/terraform/synth-to.ts <outdir> (--config PATH | --generated N)');
    process.exit(2);
  }
  if (flag === '--generated' && !(Number.isInteger(accounts) && accounts > 0)) {
    console.error(`--generated needs a whole number of product accounts, got "${value}"`);
    process.exit(2);
  }
  speedUpSynthesis();
  try {
    synthTo(
      flag === '--config'
        ? loadPlatformConfig(value)
        : parsePlatformConfigYaml(generatedConfig(accounts), `generated config (${accounts} accounts)`),
      outdir,
    );
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(err.message);
    process.exit(1);
  }
}
