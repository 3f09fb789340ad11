import { DefaultTokenResolver, StringConcat, Token, Tokenization } from 'cdktf';
import type { IConstruct } from 'constructs';
import type { z } from 'zod';

/** One bad setting of a construct: which one, the value it got, and what is allowed. */
export interface SettingProblem {
  /** Path of the setting inside the construct's props, e.g. `network.zoneIds[1]`. */
  readonly setting: string;
  readonly value: unknown;
  /** What is allowed, e.g. `must be a whole number from 1 to 300`. */
  readonly allowed: string;
}

/**
 * The one error format of every construct: `<construct path>: <setting> = <value>: <what is allowed>`, one
 * line per problem when there are several.
 */
export class SettingError extends Error {
  constructor(
    public readonly constructPath: string,
    public readonly problems: readonly SettingProblem[],
  ) {
    super(formatSettingProblems(constructPath, problems));
    this.name = 'SettingError';
  }
}

export function formatSettingProblems(constructPath: string, problems: readonly SettingProblem[]): string {
  const lines = problems.map((p) => `${p.setting} = ${showValue(p.value)}: ${p.allowed}`);
  return lines.length === 1
    ? `${constructPath}: ${lines[0]}`
    : `${constructPath}:\n${lines.map((l) => `  - ${l}`).join('\n')}`;
}

/** A value as the error shows it: JSON, shortened; a token (known only to Terraform) as `<token>`. */
export function showValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string' && Token.isUnresolved(value)) return '<token>';
  if (typeof value === 'number' && Token.isUnresolved(value)) return '<token>';
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 120 ? `${json.slice(0, 117)}...` : json;
}

type MaybeProblem = SettingProblem | undefined | false;

/** Throws one `SettingError` naming `scope` when any problem is given. */
export function checkSettings(scope: IConstruct, problems: readonly MaybeProblem[]): void {
  const found = problems.filter((p): p is SettingProblem => Boolean(p));
  if (found.length > 0) throw new SettingError(scope.node.path, found);
}

/**
 * Checks a setting now when its value is known, else at synthesis (a cdktf validation) once cdktf has resolved
 * it: a lazy value is checked then; one that resolves to a Terraform expression is Terraform's to check.
 */
export function checkSettingWhenKnown<T>(
  scope: IConstruct,
  value: T,
  check: (value: T) => SettingProblem | undefined | false,
): void {
  if (!Token.isUnresolved(value)) {
    checkSettings(scope, [check(value)]);
    return;
  }
  scope.node.addValidation({
    validate: () => {
      const resolved = Tokenization.resolve(value, {
        scope,
        resolver: new DefaultTokenResolver(new StringConcat()),
      }) as T;
      if (Token.isUnresolved(resolved) || (typeof resolved === 'string' && resolved.includes('${')))
        return [];
      const problem = check(resolved);
      return problem ? [formatSettingProblems(scope.node.path, [problem])] : [];
    },
  });
}

/** A problem unless `value` is a whole number from `min` to `max` (or a token). */
export function wholeNumberIn(
  setting: string,
  value: number | undefined,
  min: number,
  max: number,
  unit = '',
): SettingProblem | undefined {
  if (value === undefined || Token.isUnresolved(value)) return undefined;
  if (Number.isInteger(value) && value >= min && value <= max) return undefined;
  return { setting, value, allowed: `must be a whole number from ${min} to ${max}${unit ? ` ${unit}` : ''}` };
}

/** A problem unless `value` is a plain string (not a token): for values that end up in names or queries. */
export function plainString(setting: string, value: string, why: string): SettingProblem | undefined {
  return Token.isUnresolved(value)
    ? { setting, value, allowed: `must be a plain string, not a token (${why})` }
    : undefined;
}

/**
 * Parses one group of settings with the platform config's own schema (defaults and ranges written once, in
 * stacks/config), and reports what it refuses in the format above. `group` prefixes the setting paths
 * (`''` for settings at the top level of the props).
 */
export function parseSettingGroup<S extends z.ZodType>(
  scope: IConstruct,
  group: string,
  schema: S,
  value: unknown,
): z.output<S> {
  const result = schema.safeParse(value ?? {}, { reportInput: true });
  if (result.success) return result.data;
  throw new SettingError(
    scope.node.path,
    result.error.issues.map((issue) => {
      const keys = 'keys' in issue && Array.isArray(issue.keys) ? issue.keys : [];
      return {
        setting: [group, ...issue.path.map((k) => (typeof k === 'number' ? `[${k}]` : String(k)))]
          .filter((part) => part !== '')
          .join('.')
          .replace(/\.\[/g, '['),
        value: keys.length > 0 ? keys : issue.input,
        allowed: keys.length > 0 ? 'unknown key' : issue.message,
      };
    }),
  );
}
