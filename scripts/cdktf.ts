// `npm run cdktf -- <command> [args] [--config PATH]` (and `npm run synth -- [args]`): the cdktf CLI with the
// platform config checked first. An invalid config is printed once, in about a second, and cdktf never starts
// (inside cdktf it would be printed twice, wrapped, after cdktf's own start-up); so is a stack name the config
// does not define. The config is found as main.ts finds it (--config, PLATFORM_CONFIG, cdktf.json
// context.platformConfig, platform.yaml, the example) and handed on as PLATFORM_CONFIG, because cdktf does not
// forward arguments to the app. Every other argument goes to cdktf unchanged (`--output DIR` included), and
// HashiCorp's checkpoint service is not called.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { type ConfigLocation, loadPlatformConfig, locateConfig } from '../stacks/config/load';
import { ConfigError, closestKey } from '../stacks/config/problems';

/** cdktf commands whose positional arguments are stack names (or globs of them). */
const STACK_COMMANDS = new Set(['diff', 'plan', 'deploy', 'apply', 'destroy', 'output', 'outputs']);

const FROM: Record<ConfigLocation['from'], string> = {
  '--config': 'named by --config',
  PLATFORM_CONFIG: 'named by PLATFORM_CONFIG',
  'cdktf.json': 'named by context.platformConfig in cdktf.json',
  'platform.yaml': 'platform.yaml at the project root',
  example:
    'the example config: set context.platformConfig in cdktf.json, create platform.yaml, or pass --config',
};

function fail(message: string, status: number): never {
  console.error(message);
  process.exit(status);
}

const args = process.argv.slice(2);
let config: ConfigLocation;
let stacks: string[];
try {
  config = locateConfig(args, process.env);
  const platform = loadPlatformConfig(config.path);
  stacks = ['central', ...platform.products.flatMap((p) => p.accounts.map((a) => `${p.name}-${a.env}`))];
} catch (err) {
  fail(
    err instanceof ConfigError ? err.message : `error: ${(err as Error).message}`,
    err instanceof ConfigError ? 1 : 2,
  );
}
const passThrough = args.filter(
  (a, i) => a !== '--config' && args[i - 1] !== '--config' && !a.startsWith('--config='),
);
const [command, ...rest] = passThrough;
if (!command) {
  fail(
    'usage: npm run cdktf -- <synth|diff|deploy|destroy|output|list> [stack] [cdktf options] [--config PATH]',
    2,
  );
}
if (STACK_COMMANDS.has(command)) {
  // Options that take a value: the value is not a stack name.
  const valued = new Set([
    '--output',
    '-o',
    '--app',
    '-a',
    '--var',
    '--var-file',
    '--parallelism',
    '--outputs-file',
  ]);
  const names = rest.filter((a, i) => !a.startsWith('-') && !valued.has(rest[i - 1] ?? ''));
  for (const name of names) {
    if (/[*?[\]{}!]/.test(name) || stacks.includes(name)) continue;
    const hint = closestKey(name, stacks);
    fail(
      `stack "${name}" is not defined by ${config.path} (${FROM[config.from]})${hint ? `; did you mean "${hint}"?` : ''}\n` +
        `stacks: ${stacks.join(', ')}`,
      1,
    );
  }
}
const cdktf = path.resolve(__dirname, '..', 'node_modules', '.bin', 'cdktf');
const result = spawnSync(cdktf, passThrough, {
  stdio: 'inherit',
  env: { ...process.env, PLATFORM_CONFIG: config.path, CHECKPOINT_DISABLE: '1' },
});
if (result.error) fail(`cannot run ${cdktf}: ${result.error.message}`, 2);
process.exit(result.status ?? 1);
