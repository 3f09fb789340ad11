import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import { crossCheckProblems } from './cross-checks';
import { environmentProblems } from './environment';
import { type PlatformConfig, platformConfig } from './platform';
import { ConfigError, problemsFromIssues } from './problems';

/** The example config committed in the repository: used when no other is named. */
export const EXAMPLE_CONFIG_PATH = path.resolve(__dirname, '..', '..', 'config', 'platform.example.yaml');

/**
 * Where the platform config comes from: `--config PATH` (or `--config=PATH`), else `PLATFORM_CONFIG`,
 * else the example config in the repository.
 */
export function resolveConfigPath(argv: readonly string[], env: NodeJS.ProcessEnv): string {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--config') {
      const value = argv[i + 1];
      if (!value || value.startsWith('--')) throw new Error('--config needs a path: --config PATH');
      return path.resolve(value);
    }
    if (arg.startsWith('--config=')) return path.resolve(arg.slice('--config='.length));
  }
  if (env.PLATFORM_CONFIG) return path.resolve(env.PLATFORM_CONFIG);
  return EXAMPLE_CONFIG_PATH;
}

/** Validates an already-parsed config document; throws a ConfigError listing every problem. */
export function parsePlatformConfig(raw: unknown, source = '<inline>'): PlatformConfig {
  const result = platformConfig.safeParse(raw, { reportInput: true });
  const problems = [
    ...(result.success ? [] : problemsFromIssues(platformConfig, result.error.issues)),
    ...crossCheckProblems(raw),
    ...environmentProblems(raw),
  ];
  if (problems.length > 0 || !result.success) throw new ConfigError(source, problems);
  return result.data;
}

/** Parses YAML text into a validated config. */
export function parsePlatformConfigYaml(text: string, source = '<inline>'): PlatformConfig {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      source,
      doc.errors.map((e) => ({ path: '', message: `YAML syntax: ${e.message.split('\n')[0]}` })),
    );
  }
  return parsePlatformConfig(doc.toJS(), source);
}

/** Reads and validates the platform config file. */
export function loadPlatformConfig(file: string): PlatformConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(file, [{ path: '', message: `cannot read the file: ${(err as Error).message}` }]);
  }
  return parsePlatformConfigYaml(text, file);
}
