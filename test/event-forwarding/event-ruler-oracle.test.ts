// The hand-written matcher (pattern-matcher.ts) must decide exactly as AWS's event-ruler does, for every
// pattern the library can create, on every sample event and on samples mutated at each field the
// patterns look at. A disagreement fails with the pattern and the event named.
import { type EventPattern, matchesEventPattern } from '../../constructs/event-forwarding/pattern-matcher';
import {
  FINDING_SEVERITIES,
  type ForwardingRule,
  forwardingRules,
} from '../../constructs/event-forwarding/patterns';
import { describeWithOracle, oracle } from '../support/event-ruler/oracle';
import { EVENT_SAMPLES, TOIL_SOURCE } from './samples';

type Path = readonly string[];

/** Every pattern the library creates: every option on, at every minimum severity. */
function allPatterns(): Record<string, EventPattern> {
  const rules: ForwardingRule[] = [];
  for (const severity of FINDING_SEVERITIES) {
    rules.push(
      ...forwardingRules({
        ecsEvents: true,
        healthEvents: true,
        toilSource: TOIL_SOURCE,
        unauthorizedApiCalls: true,
        devOpsGuruInsights: true,
        inspectorMinSeverity: severity,
        securityHubMinSeverity: severity,
      }),
    );
  }
  for (const guardDutyMinSeverity of [1, 4, 7, 8.5]) rules.push(...forwardingRules({ guardDutyMinSeverity }));
  const patterns: Record<string, EventPattern> = {};
  for (const rule of rules) patterns[`${rule.id} ${JSON.stringify(rule.eventPattern)}`] = rule.eventPattern;
  return patterns;
}

/** The fields a pattern looks at, with the values it names there. */
function fieldsOf(pattern: EventPattern, prefix: Path = []): { path: Path; values: unknown[] }[] {
  return Object.entries(pattern).flatMap(([key, sub]) => {
    if (key === '$or') return (sub as EventPattern[]).flatMap((alt) => fieldsOf(alt, prefix));
    if (Array.isArray(sub)) return [{ path: [...prefix, key], values: sub.flatMap(operands) }];
    return fieldsOf(sub as EventPattern, [...prefix, key]);
  });
}

/** The values a condition names, and values just around its numeric bounds. */
function operands(condition: unknown): unknown[] {
  if (condition === null || typeof condition !== 'object') return [condition];
  const [op, operand] = Object.entries(condition)[0];
  if (op === 'numeric') {
    const bounds = (operand as unknown[]).filter((v): v is number => typeof v === 'number');
    return bounds.flatMap((b) => [b, b - 0.5, b + 0.5, String(b)]);
  }
  if (op === 'anything-but') return Array.isArray(operand) ? operand : [operand];
  if (op === 'prefix') return [operand, `${operand}x`, `x${operand}`];
  if (op === 'suffix') return [operand, `x${operand}`, `${operand}x`];
  return [];
}

const REMOVE = Symbol('remove');

/** A copy of `event` with the field at `path` set (or removed) in every element of any array on the way. */
function mutate(event: unknown, path: Path, value: unknown): unknown {
  const copy = structuredClone(event);
  const apply = (node: unknown, rest: Path): void => {
    if (Array.isArray(node)) {
      for (const element of node) apply(element, rest);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const object = node as Record<string, unknown>;
    const [key, ...more] = rest;
    if (more.length === 0) {
      if (value === REMOVE) delete object[key];
      else object[key] = structuredClone(value);
      return;
    }
    apply(object[key], more);
  };
  apply(copy, path);
  return copy;
}

/**
 * A copy of `event` whose first array on `path` gets one more element: a copy of its first element with the
 * field set. The original element keeps its values, so fields of two elements differ (array consistency).
 */
function appendMutated(event: unknown, path: Path, value: unknown): unknown | undefined {
  const copy = structuredClone(event);
  let node: unknown = copy;
  for (let i = 0; i < path.length - 1; i++) {
    node = (node as Record<string, unknown> | undefined)?.[path[i]];
    if (Array.isArray(node)) {
      if (node.length === 0) return undefined;
      node.push(mutate(node[0], path.slice(i + 1), value));
      return copy;
    }
    if (node === null || typeof node !== 'object') return undefined;
  }
  return undefined;
}

const GENERIC_VALUES: unknown[] = [REMOVE, '__other__', 0, -1, null, true, {}, []];

function allEvents(patterns: Record<string, EventPattern>): Record<string, unknown> {
  const events: Record<string, unknown> = {};
  for (const sample of EVENT_SAMPLES) events[sample.name] = sample.event();
  for (const pattern of Object.values(patterns)) {
    const sources = (pattern.source as unknown[] | undefined) ?? [];
    const related = EVENT_SAMPLES.filter((s) => sources.includes(s.event().source));
    for (const { path, values } of fieldsOf(pattern)) {
      for (const value of [
        ...values,
        ...GENERIC_VALUES,
        [values[0], '__other__'],
        ['__other__', values[0]],
      ]) {
        for (const sample of related) {
          const shown = value === REMOVE ? 'removed' : `= ${JSON.stringify(value)}`;
          events[`${sample.name} with ${path.join('.')} ${shown}`] = mutate(sample.event(), path, value);
          const appended = appendMutated(sample.event(), path, value);
          if (appended)
            events[`${sample.name} with one more array element whose ${path.join('.')} ${shown}`] = appended;
        }
      }
    }
  }
  return events;
}

describeWithOracle('the forwarding rules decide as AWS event-ruler decides', () => {
  const patterns = allPatterns();
  const events = allEvents(patterns);
  const verdict = oracle.available ? oracle.match(patterns, events) : undefined;

  test('event-ruler accepts every pattern the library creates', () => {
    expect(verdict?.patternErrors).toEqual({});
    expect(verdict?.eventErrors).toEqual({});
  });

  test('each rule matches at least one sample, at some minimum severity (so the comparison is not vacuous)', () => {
    const ruleOf = (patternName: string) => patternName.split(' ')[0];
    const matched = new Set(EVENT_SAMPLES.flatMap((s) => verdict?.matches[s.name] ?? []).map(ruleOf));
    expect([...new Set(Object.keys(patterns).map(ruleOf))].filter((rule) => !matched.has(rule))).toEqual([]);
  });

  test(`the hand-written matcher agrees on every sample and mutation`, () => {
    const disagreements: string[] = [];
    for (const [eventName, event] of Object.entries(events)) {
      const byRuler = new Set(verdict?.matches[eventName] ?? []);
      for (const [patternName, pattern] of Object.entries(patterns)) {
        const ours = matchesEventPattern(pattern, event);
        if (ours !== byRuler.has(patternName)) {
          disagreements.push(
            `pattern ${patternName}\n  event "${eventName}": event-ruler ${byRuler.has(patternName) ? 'matches' : 'does not match'}, pattern-matcher.ts ${ours ? 'matches' : 'does not match'}`,
          );
        }
      }
    }
    expect(Object.keys(events).length).toBeGreaterThan(500);
    expect(disagreements.slice(0, 20)).toEqual([]);
  });
});
