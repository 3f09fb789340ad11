import { App } from 'cdktf';
import { ConfigError, loadPlatformConfig, resolveConfigPath } from './stacks/config';
import { buildPlatform } from './stacks/platform';
import { speedUpSynthesis } from './stacks/synth-speed';

function main(): void {
  let config: ReturnType<typeof loadPlatformConfig>;
  try {
    config = loadPlatformConfig(resolveConfigPath(process.argv.slice(2), process.env));
  } catch (err) {
    // Once, without a stack trace: the message names the file, the path in it and what is allowed.
    console.error(err instanceof ConfigError ? err.message : `error: ${(err as Error).message}`);
    process.exit(1);
  }
  speedUpSynthesis();
  const app = new App();
  buildPlatform(app, config);
  app.synth();
}

main();
