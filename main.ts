import { App } from 'cdktf';
import { ConfigError, loadPlatformConfig, resolveConfigPath } from './stacks/config';
import { buildPlatform } from './stacks/platform';
import { speedUpSynthesis } from './stacks/synth-speed';

function main(): void {
  let config: ReturnType<typeof loadPlatformConfig>;
  try {
    config = loadPlatformConfig(resolveConfigPath(process.argv.slice(2), process.env));
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  speedUpSynthesis();
  const app = new App();
  buildPlatform(app, config);
  app.synth();
}

main();
