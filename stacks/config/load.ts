import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseDocument, type YAMLError } from 'yaml';
import { crossCheckProblems } from './cross-checks';
import { environmentProblems } from './environment';
import { type PlatformConfig, platformConfig } from './platform';
import { ConfigError, problemsFromIssues } from './problems';

/**
 * The example config committed in the repository: used when no other is named. Seen from `stacks/config/` in
 * the repository and from `dist/stacks/config/` in the published package, which ships it at its root.
 */
export const EXAMPLE_CONFIG_PATH =
  [
    path.resolve(__dirname, '..', '..', 'config', 'platform.example.yaml'),
    path.resolve(__dirname, '..', '..', '..', 'config', 'platform.example.yaml'),
  ].find((file) => existsSync(file)) ??
  path.resolve(__dirname, '..', '..', 'config', 'platform.example.yaml');

/** Key of `cdktf.json`'s `context` that names the project's platform config, relative to cdktf.json. */
export const CONFIG_CONTEXT_KEY = 'platformConfig';
/** The platform config of a project that names none: `platform.yaml` next to cdktf.json. */
export const ROOT_CONFIG_FILE = 'platform.yaml';

/** A platform config file and how it was chosen (for messages). */
export interface ConfigLocation {
  readonly path: string;
  readonly from: '--config' | 'PLATFORM_CONFIG' | 'cdktf.json' | 'platform.yaml' | 'example';
}

/**
 * Where the platform config comes from, first match wins: `--config PATH` (or `--config=PATH`), the
 * `PLATFORM_CONFIG` environment variable, `context.platformConfig` in `<root>/cdktf.json`, `<root>/platform.yaml`,
 * else the example config in the repository. `root` is the project directory, where the cdktf CLI runs the app.
 */
export function locateConfig(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  root: string = process.cwd(),
): ConfigLocation {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--config') {
      const value = argv[i + 1];
      if (!value || value.startsWith('--')) throw new Error('--config needs a path: --config PATH');
      return { path: path.resolve(value), from: '--config' };
    }
    if (arg.startsWith('--config='))
      return { path: path.resolve(arg.slice('--config='.length)), from: '--config' };
  }
  if (env.PLATFORM_CONFIG) return { path: path.resolve(env.PLATFORM_CONFIG), from: 'PLATFORM_CONFIG' };
  const fromCdktfJson = cdktfJsonConfigPath(root);
  if (fromCdktfJson) return { path: fromCdktfJson, from: 'cdktf.json' };
  const atRoot = path.join(root, ROOT_CONFIG_FILE);
  if (existsSync(atRoot)) return { path: atRoot, from: 'platform.yaml' };
  return { path: EXAMPLE_CONFIG_PATH, from: 'example' };
}

/** The path `locateConfig` finds. */
export function resolveConfigPath(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  root: string = process.cwd(),
): string {
  return locateConfig(argv, env, root).path;
}

function cdktfJsonConfigPath(root: string): string | undefined {
  const file = path.join(root, 'cdktf.json');
  if (!existsSync(file)) return undefined;
  let context: unknown;
  try {
    context = JSON.parse(readFileSync(file, 'utf8')).context;
  } catch (err) {
    throw new Error(`${file} is not valid JSON: ${(err as Error).message}`);
  }
  const value = (context as Record<string, unknown> | undefined)?.[CONFIG_CONTEXT_KEY];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') {
    throw new Error(
      `${file}: context.${CONFIG_CONTEXT_KEY} must be the path of the platform config, got ${JSON.stringify(value)}`,
    );
  }
  return path.resolve(root, value);
}

/** The lines around a YAML error, numbered, with a caret under the offending text. */
export function yamlExcerpt(text: string, error: YAMLError): string {
  const [start, end] = error.linePos ?? [];
  if (!start) return '';
  const lines = text.split(/\r?\n/);
  const width = String(start.line).length;
  const numbered = (n: number) => `${String(n).padStart(width)} | ${lines[n - 1] ?? ''}`;
  const shown = start.line > 1 ? [numbered(start.line - 1), numbered(start.line)] : [numbered(start.line)];
  const lineLength = (lines[start.line - 1] ?? '').length;
  const endCol = end && end.line === start.line ? end.col : start.col + 1;
  const carets = '^'.repeat(Math.max(1, Math.min(endCol, lineLength + 1) - start.col));
  shown.push(`${' '.repeat(width)} | ${' '.repeat(start.col - 1)}${carets}`);
  return shown.join('\n');
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
      doc.errors.map((e) => {
        const at = e.linePos?.[0];
        // yaml's own message ends with "at line L, column C:" and its excerpt: ours follows, numbered.
        const message = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
        const excerpt = yamlExcerpt(text, e).replace(/^/gm, '      ');
        return {
          path: at ? `line ${at.line}, column ${at.col}` : '',
          message: `YAML syntax: ${message}${excerpt ? `\n${excerpt}` : ''}`,
        };
      }),
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
