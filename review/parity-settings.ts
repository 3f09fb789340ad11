// Settings of a product's config, and how much one is about a resource: the matching behind "declared"
// deviations in `review parity` (docs/review.md, "When a deviation counts as declared").
import { isRecord } from './errors';
import { joinPath } from './markdown';

/** One declared setting: `services[]` = "rds", `datadog.monitors.overrides["rds.cpu"].critical` = 95. */
export interface ConfigLeaf {
  readonly path: string;
  readonly value: unknown;
}

export const leafId = (l: ConfigLeaf) => `${l.path}=${JSON.stringify(l.value)}`;

export function configLeaves(value: unknown, prefix: string, into: ConfigLeaf[] = []): ConfigLeaf[] {
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      if (isRecord(item)) {
        const label =
          typeof item.name === 'string'
            ? `name=${item.name}`
            : typeof item.id === 'string'
              ? `id=${item.id}`
              : String(i);
        configLeaves(item, `${prefix}[${label}]`, into);
      } else into.push({ path: `${prefix}[]`, value: item });
    }
  } else if (isRecord(value)) {
    for (const [k, v] of Object.entries(value)) configLeaves(v, joinPath(prefix, k), into);
  } else if (value !== undefined) {
    into.push({ path: prefix, value });
  }
  return into;
}

const STOP_TOKENS = new Set(['resource', 'default', 'name', 'the', 'of', 'and', 'id']);

/** Lower-case words of a path or value, plural "s" dropped: `Monitors/ec2Cpu` -> monitor, ec2, cpu. */
export function tokens(text: string): Set<string> {
  const words = text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length >= 2 && !STOP_TOKENS.has(w) && !/^\d+$/.test(w))
    .map((w) => (w.length > 3 && w.endsWith('s') ? w.slice(0, -1) : w));
  return new Set(words);
}

const squash = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, '');

/** What a deviation is about: the words of its type, construct path, attribute and differing values. */
export interface Topic {
  readonly tokens: Set<string>;
  /** Words of the construct path below its first scope (`SlackChannel` in `Datadog/SlackChannel`). */
  readonly identity: Set<string>;
  readonly squashed: string;
}

/**
 * Words a topic implies that its names do not say: the SLOs (and their burn-rate monitors) are measured on the
 * Application Load Balancer and exist only for products that list `alb` (constructs/datadog/product-datadog.ts).
 */
const IMPLIED_TOKENS: Readonly<Record<string, readonly string[]>> = { slo: ['alb'] };

/**
 * Settings that switch their whole section on or off: about every deviation whose topic names the section
 * (`pagerduty.pages: false` for the missing PagerDuty service, its Datadog link and the `@pagerduty-` mention).
 */
export const SECTION_SWITCHES: ReadonlySet<string> = new Set(['pagerduty.pages']);

export function topicOf(where: string, ...texts: string[]): Topic {
  const all = [where, ...texts];
  const found = new Set(all.flatMap((t) => [...tokens(t)]));
  for (const t of [...found]) for (const implied of IMPLIED_TOKENS[t] ?? []) found.add(implied);
  return {
    tokens: found,
    identity: tokens(where.replace(/^[^/]*\//, '')),
    squashed: all.map(squash).join(' '),
  };
}

/**
 * How much a setting is about a topic (0: not at all). It is when its value names it (`services: [rds]`
 * for `Monitors/rds.cpu`, `apigateway` inside `AWS/ApiGateway`), or when words of its path do: two below
 * the section (`monitors.overrides["ecs.running_below_desired"]` for `Monitors/ecs.running_below_desired`),
 * or the section plus one word of the construct's own name (`datadog.slackAccount` for `Datadog/SlackChannel`).
 * A named value weighs most; the section name least, since everything in the section shares it. A
 * setting under a named entry relates only to a topic that names that entry.
 */
export function relevance(l: ConfigLeaf, topic: Topic): number {
  // A setting under a named entry (`overrides["ec2.cpu"]`, `toilApps[name=x]`) is about that entry only.
  const named = [...l.path.matchAll(/\[(?:"((?:[^"\\]|\\.)*)"|name=([^\]]+)|id=([^\]]+))\]/g)].map(
    (m) => m[1] ?? m[2] ?? m[3],
  );
  if (named.some((key) => !topic.squashed.includes(squash(key)))) return 0;
  let valueHits = 0;
  let valueShare = 0;
  let squashHit = false;
  if (typeof l.value === 'string') {
    const words = tokens(l.value);
    for (const t of words) if (topic.tokens.has(t)) valueHits++;
    valueShare = words.size > 0 ? valueHits / words.size : 0;
    const v = squash(l.value);
    squashHit = v.length >= 5 && topic.squashed.includes(v);
  }
  // A list member is about its value: the list's name (`monitors.disabled`) says nothing about which.
  const member = l.path.endsWith('[]');
  const section = /^[^.[]*/.exec(l.path)?.[0] ?? '';
  let belowHits = 0;
  let identityHits = 0;
  if (!member) {
    for (const t of tokens(l.path.slice(section.length))) {
      if (topic.tokens.has(t)) belowHits++;
      if (topic.identity.has(t)) identityHits++;
    }
  }
  const sectionHit = !member && [...tokens(section)].some((t) => topic.tokens.has(t));
  const switchHit = SECTION_SWITCHES.has(l.path) && typeof l.value === 'boolean' && sectionHit;
  const related =
    valueHits > 0 || squashHit || belowHits >= 2 || (identityHits >= 1 && sectionHit) || switchHit;
  if (!related) return 0;
  // A list member (`services: [rds]`, `disabled: [id]`) selects what exists: on a tie it explains best.
  const selection = member ? 1 : 0;
  return (
    4 * valueShare +
    (squashHit ? 4 : 0) +
    2 * belowHits +
    (sectionHit ? 1 : 0) +
    selection +
    (switchHit ? 2 : 0)
  );
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Whether a setting's value is (or, inside text, stands as a word for) an attribute's value. */
export function valueMatches(setting: unknown, value: unknown): boolean {
  if (setting === null || typeof setting === 'object') return false;
  if (value === setting) return true;
  if (typeof value === 'string') {
    // Numbers inside text (`last_10m`, `under 0.3s`) are bounded by other digits only.
    const bound = typeof setting === 'number' ? ['(?<![\\d.])', '(?![\\d])'] : ['(?<![\\w.])', '(?![\\w.])'];
    return new RegExp(`${bound[0]}${escapeRegExp(String(setting))}${bound[1]}`).test(value);
  }
  if (Array.isArray(value)) return value.some((v) => valueMatches(setting, v));
  return typeof value === 'number' && typeof setting === 'string' && Number(setting) === value;
}

/**
 * A differing value is declared when the stack has a setting about this resource and attribute whose
 * value is the stack's value (an override), and which the reference stacks do not all share. Failing
 * that, when against each reference stack some setting about it differs (a list, a section present in
 * one product only), as for missing and extra resources.
 */
