import type { z } from 'zod';
import { ConfigError, type ConfigProblem, problemsFromIssues } from '../../stacks/config/problems';

/**
 * Validates one section of settings handed to an account construct with the platform config's own schema
 * (same defaults, same messages as `platform.yaml`), and names the construct and the section in the error.
 */
export function parseSettings<S extends z.ZodType>(
  constructPath: string,
  section: string,
  schema: S,
  value: unknown,
): z.output<S> {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  throw new ConfigError(constructPath, prefixed(section, problemsFromIssues(schema, result.error.issues)));
}

export function prefixed(section: string, problems: readonly ConfigProblem[]): ConfigProblem[] {
  return problems.map((p) => ({
    path: p.path === '' ? section : p.path.startsWith('[') ? `${section}${p.path}` : `${section}.${p.path}`,
    message: p.message,
  }));
}
