import type { z } from 'zod';

/** One thing wrong with the platform config: where it is and what is wrong. */
export interface ConfigProblem {
  /** Path in the config, e.g. `products[1].accounts[0].accountId`. */
  readonly path: string;
  readonly message: string;
}

/** Thrown when the platform config is invalid; lists every problem found, not only the first. */
export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    super(
      `Invalid platform config ${source} (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  - ${p.path ? `${p.path}: ` : ''}${p.message}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

/** Renders a bad value for a message: short, JSON-quoted, never huge. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length];
}

/** The allowed key closest to a misspelt one, if it is close enough to be a typo. */
export function closestKey(key: string, allowed: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of allowed) {
    const d = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(key.length / 3)) ? best : undefined;
}

/**
 * The allowed value closest to a wrong one, held to a stricter distance than keys: values are short (`7d`,
 * `ecs`), where two edits would turn any of them into any other.
 */
export function closestValue(value: string, allowed: readonly string[]): string | undefined {
  const best = closestKey(value, allowed);
  return best !== undefined &&
    editDistance(value.toLowerCase(), best.toLowerCase()) <= Math.max(1, Math.floor(value.length / 3))
    ? best
    : undefined;
}

type AnySchema = z.core.$ZodType;

/** Follows a config path through a schema, unwrapping optional/default/array layers, to find object keys. */
function objectKeysAt(schema: AnySchema, path: readonly PropertyKey[]): string[] | undefined {
  let current: AnySchema | undefined = schema;
  let i = 0;
  while (current) {
    const def = current._zod.def as unknown as Record<string, unknown> & { type: string };
    switch (def.type) {
      case 'optional':
      case 'default':
      case 'prefault':
      case 'nullable':
      case 'catch':
      case 'readonly':
        current = def.innerType as AnySchema;
        continue;
      case 'pipe':
        current = def.in as AnySchema;
        continue;
      default:
        break;
    }
    if (i === path.length) {
      return def.type === 'object' ? Object.keys(def.shape as object) : undefined;
    }
    const part = path[i++];
    if (def.type === 'object') current = (def.shape as Record<string, AnySchema>)[String(part)];
    else if (def.type === 'array') current = def.element as AnySchema;
    else if (def.type === 'record') current = def.valueType as AnySchema;
    else return undefined;
  }
  return undefined;
}

/** Turns zod issues into config problems that name the path, the bad value and what is allowed. */
export function problemsFromIssues(schema: AnySchema, issues: readonly z.core.$ZodIssue[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      const allowed = objectKeysAt(schema, issue.path) ?? [];
      for (const key of issue.keys) {
        const hint = closestKey(key, allowed);
        problems.push({
          path: formatPath([...issue.path, key]),
          message:
            `unknown key${hint ? ` (did you mean "${hint}"?)` : ''}` +
            (allowed.length ? `; allowed keys: ${allowed.join(', ')}` : ''),
        });
      }
      continue;
    }
    if (issue.code === 'invalid_union') {
      // Report the branch that got furthest rather than "invalid input".
      const nested = issue.errors.reduce((a, b) => (b.length < a.length ? b : a), issue.errors[0] ?? []);
      if (nested.length) {
        problems.push(
          ...problemsFromIssues(
            schema,
            nested.map((n) => ({ ...n, path: [...issue.path, ...n.path] })),
          ),
        );
        continue;
      }
    }
    const input = (issue as { input?: unknown }).input;
    const missing = input === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_value');
    // An id that is not one of the allowed values (a service, a region, a site): name the closest one.
    const hint =
      issue.code === 'invalid_value' && typeof input === 'string'
        ? closestValue(
            input,
            issue.values.filter((v): v is string => typeof v === 'string'),
          )
        : undefined;
    problems.push({
      path: formatPath(issue.path),
      message: missing
        ? `is required (${issue.message})`
        : `${issue.message}${hint ? ` (did you mean "${hint}"?)` : ''}, got ${describeValue(input)}`,
    });
  }
  return problems;
}
