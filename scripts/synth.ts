// `npm run synth [-- --config PATH]`: synthesizes every stack into cdktf.out/ through the cdktf CLI,
// so that `npx cdktf diff|deploy <stack>` see exactly the same app. The CLI does not forward arguments
// to the app, so --config travels as PLATFORM_CONFIG.
import { spawnSync } from 'node:child_process';
import { resolveConfigPath } from '../stacks/config/load';

const args = process.argv.slice(2);
let configPath: string;
try {
  configPath = resolveConfigPath(args, process.env);
} catch (err) {
  console.error((err as Error).message);
  process.exit(2);
}
const passThrough = args.filter(
  (a, i) => a !== '--config' && args[i - 1] !== '--config' && !a.startsWith('--config='),
);
const result = spawnSync('npx', ['cdktf', 'synth', '--output', 'cdktf.out', ...passThrough], {
  stdio: 'inherit',
  env: { ...process.env, PLATFORM_CONFIG: configPath, CHECKPOINT_DISABLE: '1' },
});
process.exit(result.status ?? 1);
