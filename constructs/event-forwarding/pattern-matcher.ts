// A small EventBridge event-pattern matcher for the operators this project's rules use, so that the
// rules can be checked against real events without calling EventBridge's TestEventPattern API.
// No maintained JavaScript port of AWS's event-ruler (Java) is published on npm; this one implements
// only what is listed below and refuses any other operator instead of guessing its meaning.

/** A scalar an event field can be compared to exactly. */
export type PatternScalar = string | number | boolean | null;

/** `numeric` operands: comparison operator followed by its number, one or two pairs. */
export type NumericOperator = '<' | '<=' | '=' | '>' | '>=';

/** One allowed value of a field (the array of them is OR-ed). */
export type PatternCondition =
  | PatternScalar
  | { readonly prefix: string }
  | { readonly suffix: string }
  | { readonly 'anything-but': PatternScalar | readonly PatternScalar[] | { readonly prefix: string } }
  | { readonly numeric: readonly (NumericOperator | number)[] }
  | { readonly exists: boolean };

/**
 * An EventBridge event pattern: fields map to arrays of allowed values or to nested patterns;
 * `$or` lists alternative sub-patterns.
 */
export interface EventPattern {
  readonly [field: string]: readonly PatternCondition[] | EventPattern | readonly EventPattern[] | undefined;
}

/** The operators this matcher understands. */
export const SUPPORTED_OPERATORS = ['prefix', 'suffix', 'anything-but', 'numeric', 'exists'] as const;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const isScalar = (v: unknown): v is PatternScalar =>
  v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/**
 * Problems that make a pattern unusable here: unknown operators, malformed operands, empty value
 * lists. Returns an empty list for a pattern this matcher evaluates faithfully.
 */
export function patternProblems(pattern: unknown, path = ''): string[] {
  if (!isPlainObject(pattern)) return [`${path || '<root>'}: a pattern must be a JSON object`];
  const problems: string[] = [];
  const keys = Object.keys(pattern);
  if (keys.length === 0) problems.push(`${path || '<root>'}: a pattern must not be empty`);
  for (const key of keys) {
    const here = path ? `${path}.${key}` : key;
    const value = pattern[key];
    if (key === '$or') {
      if (!Array.isArray(value) || value.length < 2) {
        problems.push(`${here}: must list at least two alternative patterns`);
        continue;
      }
      value.forEach((alt, i) => {
        problems.push(...patternProblems(alt, `${here}[${i}]`));
      });
      continue;
    }
    if (Array.isArray(value)) {
      if (value.length === 0) problems.push(`${here}: must list at least one value`);
      value.forEach((condition, i) => {
        problems.push(...conditionProblems(condition, `${here}[${i}]`));
      });
    } else if (isPlainObject(value)) {
      problems.push(...patternProblems(value, here));
    } else {
      problems.push(`${here}: must be an array of values or a nested pattern, got ${JSON.stringify(value)}`);
    }
  }
  return problems;
}

function conditionProblems(condition: unknown, path: string): string[] {
  if (isScalar(condition)) return [];
  if (!isPlainObject(condition)) return [`${path}: must be a value or an operator object`];
  const keys = Object.keys(condition);
  if (keys.length !== 1) return [`${path}: an operator object has exactly one key, got ${keys.join(', ')}`];
  const [op] = keys;
  const operand = condition[op];
  switch (op) {
    case 'prefix':
    case 'suffix':
      return typeof operand === 'string' ? [] : [`${path}: ${op} needs a string`];
    case 'exists':
      return typeof operand === 'boolean' ? [] : [`${path}: exists needs true or false`];
    case 'anything-but':
      if (isScalar(operand)) return [];
      if (Array.isArray(operand) && operand.length > 0 && operand.every(isScalar)) return [];
      if (isPlainObject(operand) && Object.keys(operand).length === 1 && typeof operand.prefix === 'string') {
        return [];
      }
      return [`${path}: anything-but needs a value, a non-empty list of values or {"prefix": "..."}`];
    case 'numeric':
      return numericProblems(operand, path);
    default:
      return [`${path}: operator "${op}" is not supported (supported: ${SUPPORTED_OPERATORS.join(', ')})`];
  }
}

const NUMERIC_OPERATORS: readonly string[] = ['<', '<=', '=', '>', '>='];

function numericProblems(operand: unknown, path: string): string[] {
  if (!Array.isArray(operand) || (operand.length !== 2 && operand.length !== 4)) {
    return [`${path}: numeric needs one or two [operator, number] pairs`];
  }
  for (let i = 0; i < operand.length; i += 2) {
    if (!NUMERIC_OPERATORS.includes(operand[i]) || typeof operand[i + 1] !== 'number') {
      return [
        `${path}: numeric pair ${i / 2} must be one of ${NUMERIC_OPERATORS.join(' ')} followed by a number`,
      ];
    }
  }
  if (operand.length === 4 && (operand[0] === '=' || operand[2] === '=')) {
    return [`${path}: "=" cannot be combined with a second comparison`];
  }
  return [];
}

/** Throws when the pattern uses anything this matcher does not implement. */
export function assertSupportedPattern(pattern: unknown): asserts pattern is EventPattern {
  const problems = patternProblems(pattern);
  if (problems.length > 0) {
    throw new Error(`Unsupported event pattern:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/**
 * Whether an event matches a pattern, with EventBridge's semantics:
 * - every field named in the pattern must match (AND); the values listed for a field are alternatives (OR);
 * - when the event holds an array, the field matches if any element matches;
 * - a nested pattern against an array of objects must match within one element (array consistency:
 *   fields from two different elements never combine into a match);
 * - `$or` matches if any alternative does;
 * - a missing field only matches `{"exists": false}`; `anything-but` and `numeric` need the field present.
 *
 * Number equality compares values (EventBridge compares the textual form, so 300 and 300.0 differ there;
 * JSON parsing cannot tell them apart).
 */
export function matchesEventPattern(pattern: EventPattern, event: unknown): boolean {
  assertSupportedPattern(pattern);
  return matchObject(pattern, event);
}

function matchObject(pattern: EventPattern, value: unknown): boolean {
  if (Array.isArray(value)) return value.some((element) => matchObject(pattern, element));
  const object = isPlainObject(value) ? value : undefined;
  for (const [key, sub] of Object.entries(pattern)) {
    if (key === '$or') {
      const alternatives = sub as readonly EventPattern[];
      if (!alternatives.some((alt) => matchObject(alt, value))) return false;
      continue;
    }
    const present = object !== undefined && Object.hasOwn(object, key);
    const field = present ? object[key] : undefined;
    if (Array.isArray(sub)) {
      if (!matchField(sub as readonly PatternCondition[], field, present)) return false;
    } else if (!matchObject(sub as EventPattern, field)) {
      return false;
    }
  }
  return true;
}

function matchField(conditions: readonly PatternCondition[], field: unknown, present: boolean): boolean {
  const leaves = present ? leafValues(field) : undefined;
  // An absent field, an object (not a leaf) or an empty array offer no value to compare.
  if (leaves === undefined || leaves.length === 0) {
    return conditions.some((c) => isPlainObject(c) && 'exists' in c && c.exists === false);
  }
  return conditions.some((condition) => leaves.some((leaf) => matchCondition(condition, leaf)));
}

function leafValues(field: unknown): PatternScalar[] | undefined {
  if (isScalar(field)) return [field];
  if (Array.isArray(field)) return field.filter(isScalar);
  return undefined;
}

function matchCondition(condition: PatternCondition, value: PatternScalar): boolean {
  if (isScalar(condition)) return condition === value;
  if ('prefix' in condition) return typeof value === 'string' && value.startsWith(condition.prefix);
  if ('suffix' in condition) return typeof value === 'string' && value.endsWith(condition.suffix);
  if ('exists' in condition) return condition.exists;
  if ('numeric' in condition) return typeof value === 'number' && numericHolds(condition.numeric, value);
  const excluded = condition['anything-but'];
  if (isPlainObject(excluded)) {
    return !(typeof value === 'string' && value.startsWith((excluded as { prefix: string }).prefix));
  }
  const list: readonly PatternScalar[] = Array.isArray(excluded) ? excluded : [excluded as PatternScalar];
  return !list.includes(value);
}

function numericHolds(operand: readonly (NumericOperator | number)[], value: number): boolean {
  for (let i = 0; i < operand.length; i += 2) {
    const bound = operand[i + 1] as number;
    switch (operand[i] as NumericOperator) {
      case '<':
        if (!(value < bound)) return false;
        break;
      case '<=':
        if (!(value <= bound)) return false;
        break;
      case '=':
        if (value !== bound) return false;
        break;
      case '>':
        if (!(value > bound)) return false;
        break;
      case '>=':
        if (!(value >= bound)) return false;
        break;
    }
  }
  return true;
}
