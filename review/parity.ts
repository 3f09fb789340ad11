// `review parity`: "every product account wired identically". Compares all product stacks of one
// synthesized output by resource type and construct path, after replacing each stack's own names and
// ids, and explains each deviation from the platform config when the product declared it.
import * as path from 'node:path';
import { productForAccount } from '../stacks/config/environment';
import { loadPlatformConfig, resolveConfigPath } from '../stacks/config/load';
import type { PlatformConfig } from '../stacks/config/platform';
import { isRecord } from './errors';
import { code, compareText, formatValue, joinPath, plural, sortedBy } from './markdown';
import { accountPaging, type Paging, pagingContradicts, pagingReason } from './parity-env';
import {
  type ConfigLeaf,
  configLeaves,
  escapeRegExp,
  leafId,
  relevance,
  type Topic,
  topicOf,
  valueMatches,
} from './parity-settings';
import type { SynthEntry, SynthOutput } from './synth-output';

/** The central stack is built differently on purpose; every other stack is a product account. */
export const CENTRAL_STACK = 'central';

export type DeviationKind = 'missing' | 'extra' | 'differs';

/** Why a deviation is expected: a setting of the config, or the stacks being envs of one product. */
export interface Explanation {
  readonly by: 'config' | 'env';
  readonly text: string;
}

export interface Deviation {
  readonly stack: string;
  readonly kind: DeviationKind;
  /** Resource type (or block kind) and normalized construct path (or address). */
  readonly type: string;
  readonly where: string;
  /** For `differs`: the attribute path. */
  readonly attribute?: string;
  /** For `differs`: this stack's normalized value (undefined = absent). */
  readonly value?: unknown;
  /** For `differs`: the value the reference stacks have (undefined = absent). */
  readonly reference?: unknown;
  /** The stacks this one is compared with: those that have it (missing), lack it (extra) or the reference group. */
  readonly others: readonly string[];
  /** Set when the deviation is declared; undefined = undeclared. */
  readonly declared?: Explanation;
}

export interface ParityReport {
  readonly stacks: readonly string[];
  readonly configSource?: string;
  /** Keys (type + construct path) compared. */
  readonly compared: number;
  readonly deviations: readonly Deviation[];
  readonly notes: readonly string[];
}

// ---- stacks and their names ----

interface ProductStack {
  readonly name: string;
  readonly product: string;
  readonly env: string;
  readonly entries: ReadonlyMap<string, SynthEntry>;
  /** Declared settings (the product's sections and lists), identity left out. */
  readonly leaves: readonly ConfigLeaf[];
  readonly leafIds: ReadonlySet<string>;
  /** Value -> placeholder, longest first, in the two orders tried (product values first, central first). */
  readonly substitutions: readonly (readonly (readonly [string, string])[])[];
  /** How the account's alerts reach PagerDuty (per-environment setting); undefined if not in the config. */
  readonly paging?: Paging;
  /** The product's own `pagerduty.pages`; undefined if not in the config. */
  readonly productPages?: boolean;
  /** The stack's own names and ids by what they are (`stack`, `name`, `team`, `account`...). */
  readonly fields: ReadonlyMap<string, string>;
}

function substitute(text: string, subs: readonly (readonly [string, string])[]): string {
  let out = text;
  for (const [value, placeholder] of subs) {
    out = out.replace(new RegExp(`(?<![A-Za-z0-9])${escapeRegExp(value)}(?![A-Za-z0-9])`, 'g'), placeholder);
  }
  return out;
}

/**
 * Text of one stack as another stack would have it: each of `from`'s names and ids, as a whole word, becomes
 * the other stack's name or id of the same kind, in one pass. Placeholders alone cannot tell a product named
 * `api` from the word in `datadog_api_key_api`; translating the stack without the clash into the one with it
 * reproduces that stack's text exactly, so two texts are equal when either translation makes them so.
 */
export function translate(
  text: string,
  from: ReadonlyMap<string, string>,
  to: ReadonlyMap<string, string>,
): string {
  const pairs = new Map<string, string>();
  for (const [field, value] of from) {
    const target = to.get(field);
    if (target !== undefined && value.length >= 2 && !pairs.has(value)) pairs.set(value, target);
  }
  if (pairs.size === 0) return text;
  const alternatives = [...pairs.keys()]
    .sort((a, b) => b.length - a.length || compareText(a, b))
    .map(escapeRegExp);
  return text.replace(
    new RegExp(`(?<![A-Za-z0-9])(?:${alternatives.join('|')})(?![A-Za-z0-9])`, 'g'),
    (match) => pairs.get(match) ?? match,
  );
}

/** A comparable value translated from one stack to another (lists are sets: sorted again). */
function translateValue(value: unknown, from: ProductStack, to: ProductStack): unknown {
  if (typeof value === 'string') return translate(value, from.fields, to.fields);
  if (Array.isArray(value)) {
    const items = value.map((v) => translateValue(v, from, to));
    return items.every((v) => v === null || typeof v !== 'object')
      ? [...new Set(items.map((v) => JSON.stringify(v)))].sort(compareText).map((v) => JSON.parse(v))
      : items;
  }
  return value;
}

/** Whether two stacks' values are the same once one stack's names and ids are the other's. */
function sameAcrossIdentities(a: unknown, aStack: ProductStack, b: unknown, bStack: ProductStack): boolean {
  const json = (v: unknown) => JSON.stringify(v);
  return (
    json(translateValue(a, aStack, bStack)) === json(b) || json(translateValue(b, bStack, aStack)) === json(a)
  );
}

function normalizeValue(value: unknown, subs: readonly (readonly [string, string])[]): unknown {
  if (typeof value === 'string') return substitute(value, subs);
  if (Array.isArray(value)) return value.map((v) => normalizeValue(v, subs));
  return value;
}

const byLength = (a: readonly [string, string], b: readonly [string, string]) =>
  b[0].length - a[0].length || compareText(a[0], b[0]);

function productStacks(
  synth: SynthOutput,
  config: PlatformConfig | undefined,
  notes: string[],
): ProductStack[] {
  const stacks: ProductStack[] = [];
  const central: [string, string][] = config
    ? [
        [config.central.accountId, '<central-account>'],
        [config.central.region, '<central-region>'],
      ]
    : [];
  for (const name of [...synth.stacks.keys()].sort(compareText)) {
    if (name === CENTRAL_STACK) continue;
    const entries = synth.stacks.get(name)!.entries;
    let product: string;
    let env: string;
    let paging: Paging | undefined;
    let productPages: boolean | undefined;
    const leaves: ConfigLeaf[] = [];
    const identity: [string, string][] = [[name, '<stack>']];
    const fields = new Map<string, string>([['stack', name]]);
    const found = config?.products
      .flatMap((p) => p.accounts.map((a) => ({ p, a })))
      .find(({ p, a }) => `${p.name}-${a.env}` === name);
    if (found) {
      product = found.p.name;
      env = found.a.env;
      identity.push([found.a.accountId, '<account>'], [found.a.region, '<region>']);
      fields.set('account', found.a.accountId).set('region', found.a.region);
      // The product as this account sees it: its environment's settings applied.
      const { accounts: _accounts, ...entry } = productForAccount(found.p, found.a);
      paging = accountPaging(found.p, found.a);
      productPages = found.p.pagerduty.pages;
      for (const [key, value] of Object.entries(entry)) {
        // The product's identity (name, team, Slack channel...): top-level text that differs for every
        // product by definition. It is normalized away, never compared.
        if (typeof value === 'string') {
          identity.push([value, '<product>']);
          fields.set(key, value);
        } else configLeaves(value, key, leaves);
      }
    } else {
      // Envs cannot contain "-", so the last "-" splits <product>-<env>.
      const cut = name.lastIndexOf('-');
      product = cut > 0 ? name.slice(0, cut) : name;
      env = cut > 0 ? name.slice(cut + 1) : '';
      notes.push(`${code(name)} is not in the config: its deviations cannot be declared.`);
      identity.push([product, '<product>']);
      fields.set('name', product);
    }
    if (env) {
      identity.push([env, '<env>']);
      fields.set('env', env);
    }
    const productFirst = identity.filter(([v]) => v.length >= 2).sort(byLength);
    stacks.push({
      name,
      product,
      env,
      entries,
      leaves,
      leafIds: new Set(leaves.map(leafId)),
      paging,
      productPages,
      substitutions: [
        [...productFirst, ...central],
        [...central, ...productFirst],
      ],
      fields,
    });
  }
  return stacks;
}

/** Key of an entry across stacks: type and normalized construct path (or normalized address). */
function entryKey(entry: SynthEntry, stack: ProductStack): { key: string; type: string; where: string } {
  const names: [string, string][] = [
    [stack.name, '<stack>'],
    [stack.product, '<product>'],
  ];
  const where = substitute(entry.constructPath ?? entry.address, names);
  const type = entry.kind === 'data' ? `data.${entry.type}` : entry.constructPath ? entry.type : entry.kind;
  return { key: `${type} ${where}`, type, where };
}

// ---- explanations ----

function describeLeaf(stack: ProductStack, l: ConfigLeaf, present: boolean): string {
  // The name of a named list entry stands for the entry: `toilApps` includes `toil-log-cleanup`.
  const entry = /^(.*)\[(name|id)=([^\]]+)\]\.(name|id)$/.exec(l.path);
  if (entry && entry[2] === entry[4] && entry[3] === l.value) {
    return `${stack.product}: ${code(entry[1])} ${present ? 'includes' : 'does not include'} ${code(entry[3])}`;
  }
  if (l.path.endsWith('[]')) {
    const list = l.path.slice(0, -2);
    return `${stack.product}: ${code(list)} ${present ? 'includes' : 'does not include'} ${code(formatValue(l.value))}`;
  }
  return `${stack.product}: ${present ? '' : 'no '}${code(`${l.path}: ${formatValue(l.value)}`)}`;
}

/** The deepest path that contains every one of these settings (`pagerduty.supportHours`). */
function commonParent(leaves: readonly ConfigLeaf[]): string {
  const split = (p: string): string[] => p.match(/[^.[\]]+|\[[^\]]*\]/g) ?? [];
  let prefix = split(leaves[0].path);
  for (const l of leaves.slice(1)) {
    const parts = split(l.path);
    let i = 0;
    while (i < prefix.length && prefix[i] === parts[i]) i++;
    prefix = prefix.slice(0, i);
  }
  return prefix.map((part, i) => (i === 0 || part.startsWith('[') ? part : `.${part}`)).join('');
}

/**
 * The setting about this topic that one of the two stacks has and the other has not: the most relevant
 * one, or the section that holds several equally relevant ones.
 */
function distinguishingLeaf(
  stack: ProductStack,
  other: ProductStack,
  topic: Topic,
  preferSelection: boolean,
): string | undefined {
  const candidates = [
    ...stack.leaves.filter((l) => !other.leafIds.has(leafId(l))).map((l) => ({ l, present: true })),
    ...other.leaves.filter((l) => !stack.leafIds.has(leafId(l))).map((l) => ({ l, present: false })),
  ]
    .map((c) => ({ ...c, score: relevance(c.l, topic) }))
    .filter((c) => c.score > 0)
    // Whether a resource exists at all is decided by selections (`services`, `disabled`, `toilApps`).
    .map((c) => ({
      ...c,
      score: c.score + (preferSelection && /\[\]$|\[(name|id)=/.test(c.l.path) ? 10 : 0),
    }));
  if (candidates.length === 0) return undefined;
  const best = Math.max(...candidates.map((c) => c.score));
  const top = sortedBy(
    candidates.filter((c) => c.score === best),
    (c) => `${c.present ? 0 : 1}${leafId(c.l)}`,
  );
  const present = top.filter((c) => c.present === top[0].present).map((c) => c.l);
  if (present.length > 1) {
    const parent = commonParent(present);
    if (parent) return `${stack.product}: ${top[0].present ? 'sets' : 'does not set'} ${code(parent)}`;
  }
  return describeLeaf(stack, top[0].l, top[0].present);
}

function envExplanation(stack: ProductStack, others: readonly ProductStack[]): Explanation | undefined {
  if (others.length === 0 || !others.every((o) => o.product === stack.product)) return undefined;
  const envs = [...new Set(others.map((o) => o.env))].sort(compareText);
  return {
    by: 'env',
    text: `${stack.product} treats env ${code(stack.env)} differently from ${envs.map(code).join(', ')}`,
  };
}

/**
 * A stack that has a resource the others lack (or lacks one they have) is declared when, against each of
 * them, some setting about that resource (its tokens meet the resource's) is set in one and not the other.
 */
function explainByDifference(
  stack: ProductStack,
  others: readonly ProductStack[],
  topic: Topic,
  presence = false,
): Explanation | undefined {
  const reasons = new Set<string>();
  const sameProduct: ProductStack[] = [];
  for (const o of others) {
    if (presence && pagingContradicts(stack, o, topic)) return undefined;
    const reason = pagingReason(stack, o, topic) ?? distinguishingLeaf(stack, o, topic, presence);
    if (reason) reasons.add(reason);
    else if (o.product === stack.product) sameProduct.push(o);
    else return undefined;
  }
  const configText = [...reasons].sort(compareText);
  if (sameProduct.length === 0) return { by: 'config', text: configText.join('; ') };
  const env = envExplanation(stack, sameProduct)!;
  return reasons.size === 0 ? env : { by: 'env', text: [...configText, env.text].join('; ') };
}

/**
 * An override: a setting of this stack about the attribute whose value is the stack's value
 * (`critical: 2` for `monitor_thresholds.critical: "2"`), which the reference stacks do not all share.
 */
function explainOverride(
  stack: ProductStack,
  reference: readonly ProductStack[],
  topic: Topic,
  value: unknown,
): Explanation | undefined {
  const matches = stack.leaves
    .filter((l) => valueMatches(l.value, value))
    .filter((l) => !(reference.length > 0 && reference.every((o) => o.leafIds.has(leafId(l)))))
    .map((l) => ({ l, score: relevance(l, topic) }))
    .filter((m) => m.score > 0);
  if (matches.length === 0) return undefined;
  const best = [...matches].sort((a, b) => b.score - a.score || compareText(leafId(a.l), leafId(b.l)))[0];
  return { by: 'config', text: describeLeaf(stack, best.l, true) };
}

/** A differing value: an override, else a setting about it that differs from each reference stack's. */
function explainValue(
  stack: ProductStack,
  reference: readonly ProductStack[],
  topic: Topic,
  value: unknown,
): Explanation | undefined {
  return explainOverride(stack, reference, topic, value) ?? explainByDifference(stack, reference, topic);
}

// ---- the comparison ----

const ABSENT = Symbol('absent');

// Ordering only: what a resource waits for is not part of its configuration.
const IGNORED_ATTRIBUTES = new Set(['depends_on']);

// `${aws_x.name.attr}` or `${data.aws_x.name.attr}`: a reference to another entry of the same stack.
const REFERENCE = /^\$\{((?:data\.)?[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)[.[}]/;

/**
 * Leaves for comparison: lists of plain values are compared as sets, not index by index, and leave out
 * references to entries that not every stack has (those are reported as missing or extra themselves).
 */
function comparableLeaves(
  attributes: Record<string, unknown>,
  isShared: (address: string) => boolean,
): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const keep = (x: unknown) => {
    const ref = typeof x === 'string' ? REFERENCE.exec(x) : null;
    return !ref || isShared(ref[1]);
  };
  const walk = (v: unknown, p: string) => {
    if (Array.isArray(v) && v.length > 0 && v.every((x) => x === null || typeof x !== 'object')) {
      const set = v.filter(keep).map((x) => JSON.stringify(x));
      out.set(
        p,
        [...new Set(set)].sort(compareText).map((x) => JSON.parse(x)),
      );
    } else if (Array.isArray(v) && v.length > 0) {
      for (const [i, x] of v.entries()) walk(x, joinPath(p, i));
    } else if (isRecord(v) && Object.keys(v).length > 0) {
      for (const [k, x] of Object.entries(v))
        if (p !== '' || !IGNORED_ATTRIBUTES.has(k)) walk(x, joinPath(p, k));
    } else out.set(p, v);
  };
  walk(attributes, '');
  out.delete('');
  return out;
}

/** Groups stacks whose values are equal under either normalization order, or translated between them. */
function groupByValue<T extends { stack: ProductStack; raw: unknown; variants: readonly string[] }>(
  values: readonly T[],
): T[][] {
  const parent = values.map((_, i) => i);
  const find = (i: number): number => {
    let r = i;
    while (parent[r] !== r) r = parent[r];
    return r;
  };
  for (let i = 0; i < values.length; i++) {
    for (let j = i + 1; j < values.length; j++) {
      const [a, b] = [values[i], values[j]];
      const same =
        a.variants.some((v, k) => v === b.variants[k]) ||
        (a.raw !== ABSENT && b.raw !== ABSENT && sameAcrossIdentities(a.raw, a.stack, b.raw, b.stack));
      if (same) parent[find(j)] = find(i);
    }
  }
  const groups = new Map<number, T[]>();
  values.forEach((v, i) => {
    const root = find(i);
    groups.set(root, [...(groups.get(root) ?? []), v]);
  });
  return [...groups.values()];
}

function differingElements(values: readonly unknown[]): string[] {
  const sets = values.filter(Array.isArray).map((v) => new Set((v as unknown[]).map(String)));
  if (sets.length < 2) return [];
  const all = new Set(sets.flatMap((s) => [...s]));
  return [...all].filter((x) => !sets.every((s) => s.has(x))).sort(compareText);
}

function compareAttributes(
  type: string,
  where: string,
  holders: readonly { stack: ProductStack; entry: SynthEntry }[],
  isShared: (stack: ProductStack, address: string) => boolean,
  deviations: Deviation[],
): void {
  const leaves = holders.map((h) => ({
    stack: h.stack,
    leaves: comparableLeaves(h.entry.attributes, (address) => isShared(h.stack, address)),
  }));
  const paths = [...new Set(leaves.flatMap((l) => [...l.leaves.keys()]))].sort(compareText);
  for (const attribute of paths) {
    const values = leaves.map(({ stack, leaves: ls }) => {
      const raw: unknown = ls.has(attribute) ? ls.get(attribute) : ABSENT;
      const normalized = stack.substitutions.map((subs) =>
        raw === ABSENT ? ABSENT : normalizeValue(raw, subs),
      );
      return {
        stack,
        raw,
        shown: normalized[0],
        variants: normalized.map((n) => (n === ABSENT ? '\u0000absent' : JSON.stringify(n))),
      };
    });
    const groups = groupByValue(values);
    if (groups.length < 2) continue;
    // The whole top-level block the attribute sits in says what it is about
    // (`scheduled_actions[0].type` next to `scheduled_actions[0].at[0].name: "support_hours_start"`).
    const block = /^[^.[]*/.exec(attribute)?.[0] ?? attribute;
    const texts = leaves.flatMap(({ leaves: ls }) =>
      [...ls.entries()]
        .filter(([p]) => p === block || p.startsWith(`${block}.`) || p.startsWith(`${block}[`))
        .map(([, v]) => v)
        .filter((v): v is string => typeof v === 'string'),
    );
    const topic = topicOf(where, type, attribute, ...differingElements(values.map((v) => v.shown)), ...texts);
    const outside = (g: typeof values) => values.filter((v) => !g.includes(v)).map((v) => v.stack);
    // The reference is the value nobody overrode: the largest group without an override of its own.
    const plain = groups.filter((g) => g.some((v) => !explainOverride(v.stack, outside(g), topic, v.raw)));
    const pool = plain.length > 0 ? plain : groups;
    const reference = [...pool].sort(
      (a, b) => b.length - a.length || compareText(a[0].stack.name, b[0].stack.name),
    )[0];
    const referenceStacks = reference.map((v) => v.stack);
    for (const g of groups) {
      if (g === reference) continue;
      for (const v of g) {
        const declared = explainValue(v.stack, referenceStacks, topic, v.raw);
        deviations.push({
          stack: v.stack.name,
          kind: 'differs',
          type,
          where,
          attribute,
          ...(v.shown === ABSENT ? {} : { value: v.shown }),
          ...(reference[0].shown === ABSENT ? {} : { reference: reference[0].shown }),
          others: referenceStacks.map((r) => r.name),
          ...(declared ? { declared } : {}),
        });
      }
    }
  }
}

type KeySlots = Map<
  string,
  { type: string; where: string; holders: { stack: ProductStack; entry: SynthEntry }[] }
>;

const rawKey = (entry: SynthEntry) => entry.constructPath ?? entry.address;
const placeholders = (text: string) => (text.match(/<[a-z-]+>/g) ?? []).length;

/**
 * Entries whose keys differ only because a stack's name is also a word of fixed text (a product named `api`
 * turns `var.datadog_api_key_api` into `var.datadog_<product>_key_<product>`) are the same entry when one
 * stack's key, translated into the other stack's names, is the other's. They join the key that names
 * fewer placeholders: the one normalized without the clash.
 */
function mergeKeysAcrossIdentities(stacks: readonly ProductStack[], byKey: KeySlots): void {
  const incomplete = () => [...byKey.entries()].filter(([, slot]) => slot.holders.length < stacks.length);
  let merged = true;
  while (merged) {
    merged = false;
    const open = incomplete();
    for (const [keyA, a] of open) {
      for (const [keyB, b] of open) {
        if (keyA === keyB || a.type !== b.type || !byKey.has(keyA) || !byKey.has(keyB)) continue;
        if (b.holders.some((h) => a.holders.some((x) => x.stack === h.stack))) continue;
        const matches = b.holders.every((hb) =>
          a.holders.some((ha) => {
            const [ka, kb] = [rawKey(ha.entry), rawKey(hb.entry)];
            return (
              translate(ka, ha.stack.fields, hb.stack.fields) === kb ||
              translate(kb, hb.stack.fields, ha.stack.fields) === ka
            );
          }),
        );
        if (!matches) continue;
        const [into, from, fromKey] =
          placeholders(a.where) <= placeholders(b.where) ? [a, b, keyB] : [b, a, keyA];
        into.holders.push(...from.holders);
        byKey.delete(fromKey);
        merged = true;
      }
    }
  }
}

/** Compares every product stack of a synthesized output with the others. */
export function compareProductStacks(synth: SynthOutput, config: PlatformConfig | undefined): ParityReport {
  const notes: string[] = [];
  const stacks = productStacks(synth, config, notes);
  const byKey: KeySlots = new Map();
  for (const stack of stacks) {
    for (const entry of stack.entries.values()) {
      const { key, type, where } = entryKey(entry, stack);
      const slot = byKey.get(key) ?? { type, where, holders: [] };
      slot.holders.push({ stack, entry });
      byKey.set(key, slot);
    }
  }
  mergeKeysAcrossIdentities(stacks, byKey);
  // Address -> key per stack, to tell references to shared entries from references to deviating ones.
  const keyOfAddress = new Map<ProductStack, Map<string, string>>();
  for (const [key, { holders }] of byKey) {
    for (const { stack, entry } of holders) {
      const addresses = keyOfAddress.get(stack) ?? new Map<string, string>();
      addresses.set(entry.address, key);
      keyOfAddress.set(stack, addresses);
    }
  }
  const isShared = (stack: ProductStack, address: string) => {
    const key = keyOfAddress.get(stack)?.get(address);
    return key === undefined || byKey.get(key)?.holders.length === stacks.length;
  };
  const deviations: Deviation[] = [];
  if (stacks.length < 2) {
    notes.push(`Only ${plural(stacks.length, 'product stack')}: nothing to compare.`);
  } else {
    for (const key of [...byKey.keys()].sort(compareText)) {
      const { type, where, holders } = byKey.get(key)!;
      const have = holders.map((h) => h.stack);
      const lack = stacks.filter((s) => !have.includes(s));
      const topic = topicOf(where, type);
      if (lack.length > 0) {
        const frame = (kind: 'missing' | 'extra'): Deviation[] => {
          const [deviating, others] = kind === 'missing' ? [lack, have] : [have, lack];
          return deviating.map((s) => {
            const declared = explainByDifference(s, others, topic, true);
            return {
              stack: s.name,
              kind,
              type,
              where,
              others: others.map((o) => o.name),
              ...(declared ? { declared } : {}),
            };
          });
        };
        // Missing where it lacks, unless fewer stacks have it and "extra" explains better: fully by config,
        // or with fewer undeclared deviations (one stack with a stray resource, not all the others).
        const missing = frame('missing');
        const extra = have.length < lack.length ? frame('extra') : undefined;
        const undeclared = (ds: Deviation[]) => ds.filter((d) => !d.declared).length;
        const useExtra =
          extra !== undefined &&
          (extra.every((d) => d.declared?.by === 'config') || undeclared(extra) < undeclared(missing));
        deviations.push(...(useExtra ? extra : missing));
      }
      if (holders.length >= 2) compareAttributes(type, where, holders, isShared, deviations);
    }
  }
  return {
    stacks: stacks.map((s) => s.name),
    compared: byKey.size,
    deviations: sortedBy(deviations, (d) => `${d.stack}\u0000${d.type} ${d.where}\u0000${d.attribute ?? ''}`),
    notes,
  };
}

/** Loads the platform config (`--config`, else PLATFORM_CONFIG, else the example) and compares. */
export function runParity(synth: SynthOutput, configPath?: string): ParityReport {
  const source = configPath ?? resolveConfigPath([], process.env);
  const report = compareProductStacks(synth, loadPlatformConfig(source));
  // Relative to the working directory when inside it: the report reads the same on every machine.
  const relative = path.relative(process.cwd(), source);
  return {
    ...report,
    configSource: relative.startsWith('..') || path.isAbsolute(relative) ? source : relative,
  };
}
