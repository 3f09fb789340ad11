// `review parity`: "every product account wired identically". Compares all product stacks of one
// synthesized output by resource type and construct path, after replacing each stack's own names and
// ids, and explains each deviation from the platform config when the product declared it.
import { loadPlatformConfig, resolveConfigPath } from '../stacks/config/load';
import type { PlatformConfig } from '../stacks/config/platform';
import { isRecord } from './errors';
import { flattenLeaves } from './flatten';
import { code, compareText, details, escapeInline, formatValue, plural, sortedBy, table } from './markdown';
import { maskValue } from './mask';
import type { SynthEntry, SynthOutput } from './synth-output';

/** The central stack is built differently on purpose; every other stack is a product account. */
export const CENTRAL_STACK = 'central';

export type DeviationKind = 'missing' | 'extra' | 'differs';

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
  /** For `differs`: the value the reference stacks have. */
  readonly reference?: unknown;
  /** The stacks this one is compared with: those that have it (missing), lack it (extra) or the reference group. */
  readonly others: readonly string[];
  /** The config entry that explains the deviation, when one does. */
  readonly declaredBy?: string;
}

export interface ParityReport {
  readonly stacks: readonly string[];
  readonly configSource?: string;
  /** Keys (type + construct path) compared. */
  readonly compared: number;
  readonly deviations: readonly Deviation[];
  readonly notes: readonly string[];
}

// ---- config leaves: what each product declared ----

/** One declared setting: `services[]` = "rds", `monitors.overrides.ec2-cpu.critical` = 95. */
export interface ConfigLeaf {
  readonly path: string;
  readonly value: unknown;
}

const leafId = (l: ConfigLeaf) => `${l.path}=${JSON.stringify(l.value)}`;

// Settings that name the product rather than configure it: they differ between every pair of products,
// so they can never explain a deviation (they are normalized away instead).
const IDENTITY_PATHS = new Set(['name', 'team', 'account.env', 'account.accountId', 'account.region']);

function configLeaves(value: unknown, prefix: string, into: ConfigLeaf[]): ConfigLeaf[] {
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
    for (const [k, v] of Object.entries(value)) configLeaves(v, prefix ? `${prefix}.${k}` : k, into);
  } else if (value !== undefined) {
    into.push({ path: prefix, value });
  }
  return into;
}

// ---- tokens: how a config entry is matched with a resource ----

const STOP_TOKENS = new Set(['resource', 'default', 'name', 'the', 'of', 'and', 'id']);

/** Lower-case words of a path or value: `Monitors/ec2Cpu` -> monitors, ec2, cpu. */
export function tokens(text: string): Set<string> {
  const words = text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length >= 2 && !STOP_TOKENS.has(w) && !/^\d+$/.test(w));
  return new Set(words);
}

function intersects(a: Set<string>, b: Set<string>): boolean {
  for (const x of a) if (b.has(x)) return true;
  return false;
}

function leafTokens(l: ConfigLeaf): Set<string> {
  return new Set([...tokens(l.path), ...(typeof l.value === 'string' ? tokens(l.value) : [])]);
}

// ---- stacks and their names ----

interface ProductStack {
  readonly name: string;
  readonly product: string;
  readonly env: string;
  readonly entries: ReadonlyMap<string, SynthEntry>;
  /** Declared settings, identity settings left out. */
  readonly leaves: readonly ConfigLeaf[];
  readonly leafIds: ReadonlySet<string>;
  /** Value -> placeholder, longest first, in the two orders tried (product values first, central first). */
  readonly substitutions: readonly (readonly [string, string])[][];
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function substitute(text: string, subs: readonly (readonly [string, string])[]): string {
  let out = text;
  for (const [value, placeholder] of subs) {
    out = out.replace(new RegExp(`(?<![A-Za-z0-9])${escapeRegExp(value)}(?![A-Za-z0-9])`, 'g'), placeholder);
  }
  return out;
}

function normalizeValue(value: unknown, subs: readonly (readonly [string, string])[]): unknown {
  return typeof value === 'string' ? substitute(value, subs) : value;
}

function productStacks(
  synth: SynthOutput,
  config: PlatformConfig | undefined,
  notes: string[],
): ProductStack[] {
  const stacks: ProductStack[] = [];
  for (const name of [...synth.stacks.keys()].sort(compareText)) {
    if (name === CENTRAL_STACK) continue;
    const entries = synth.stacks.get(name)!.entries;
    let product: string;
    let env: string;
    let settings: ConfigLeaf[] = [];
    const identity: [string, string][] = [[name, '<stack>']];
    const found = config?.products
      .flatMap((p) => p.accounts.map((a) => ({ p, a })))
      .find(({ p, a }) => `${p.name}-${a.env}` === name);
    if (found) {
      product = found.p.name;
      env = found.a.env;
      const { accounts: _accounts, ...section } = found.p;
      const all = configLeaves({ ...section, account: found.a }, '', []);
      settings = all.filter((l) => !IDENTITY_PATHS.has(l.path));
      identity.push([found.a.accountId, '<account>'], [found.a.region, '<region>']);
      // Every string setting of the product (team, Slack channel, site...) is product-specific text.
      for (const l of all) {
        if (
          typeof l.value === 'string' &&
          l.value.length >= 2 &&
          !l.path.endsWith('[]') &&
          !l.path.startsWith('account.')
        ) {
          identity.push([l.value, '<product>']);
        }
      }
    } else {
      // Envs cannot contain "-", so the last "-" splits <product>-<env>.
      const cut = name.lastIndexOf('-');
      product = cut > 0 ? name.slice(0, cut) : name;
      env = cut > 0 ? name.slice(cut + 1) : '';
      notes.push(`${code(name)} is not in the config: none of its deviations can be declared.`);
    }
    identity.push([product, '<product>']);
    if (env) identity.push([env, '<env>']);
    const byLength = (a: readonly [string, string], b: readonly [string, string]) =>
      b[0].length - a[0].length || compareText(a[0], b[0]);
    const productFirst = identity.sort(byLength);
    const central: [string, string][] = config
      ? [
          [config.central.accountId, '<central-account>'],
          [config.central.region, '<central-region>'],
        ]
      : [];
    stacks.push({
      name,
      product,
      env,
      entries,
      leaves: settings,
      leafIds: new Set(settings.map(leafId)),
      substitutions: [
        [...productFirst, ...central],
        [...central, ...productFirst],
      ],
    });
  }
  return stacks;
}

/** Key of an entry across stacks: type and normalized construct path (or normalized address). */
function entryKey(entry: SynthEntry, stack: ProductStack): { key: string; type: string; where: string } {
  const subs = stack.substitutions[0];
  const where = substitute(entry.constructPath ?? entry.address, subs);
  const type = entry.kind === 'data' ? `data.${entry.type}` : entry.constructPath ? entry.type : entry.kind;
  return { key: `${type} ${where}`, type, where };
}

// ---- the comparison ----

function describeLeaf(stack: ProductStack, l: ConfigLeaf, present: boolean): string {
  const path = l.path.endsWith('[]') ? l.path.slice(0, -2) : l.path;
  if (l.path.endsWith('[]')) {
    return `${stack.product}: ${code(path)} ${present ? 'includes' : 'does not include'} ${code(formatValue(l.value))}`;
  }
  return present
    ? `${stack.product}: ${code(`${path}: ${formatValue(l.value)}`)}`
    : `${stack.product}: ${code(path)} is not ${code(formatValue(l.value))}`;
}

/** A setting that this stack has and none of `others` has, or that all of `others` have and this one lacks. */
function explainPresence(
  stack: ProductStack,
  others: readonly ProductStack[],
  keyTokens: Set<string>,
): string | undefined {
  const candidates = new Map<string, ConfigLeaf>();
  for (const l of stack.leaves) candidates.set(leafId(l), l);
  for (const o of others) for (const l of o.leaves) candidates.set(leafId(l), l);
  for (const id of [...candidates.keys()].sort(compareText)) {
    const l = candidates.get(id)!;
    if (!intersects(leafTokens(l), keyTokens)) continue;
    const here = stack.leafIds.has(id);
    if (here && others.every((o) => !o.leafIds.has(id))) return describeLeaf(stack, l, true);
    if (!here && others.length > 0 && others.every((o) => o.leafIds.has(id)))
      return describeLeaf(stack, l, false);
  }
  return undefined;
}

function valueMatches(setting: unknown, value: unknown): boolean {
  if (setting === null || typeof setting === 'object') return false;
  if (value === setting) return true;
  if (typeof value === 'string') {
    const text = String(setting);
    return new RegExp(`(?<![\\w.])${escapeRegExp(text)}(?![\\w.])`).test(value);
  }
  return typeof value === 'number' && typeof setting === 'string' && Number(setting) === value;
}

/** A setting of this stack, about this resource and attribute, whose value is the stack's value. */
function explainValue(
  stack: ProductStack,
  reference: readonly ProductStack[],
  keyTokens: Set<string>,
  value: unknown,
): string | undefined {
  for (const l of sortedBy(stack.leaves, leafId)) {
    if (!intersects(leafTokens(l), keyTokens) || !valueMatches(l.value, value)) continue;
    if (reference.length > 0 && reference.every((o) => o.leafIds.has(leafId(l)))) continue;
    return describeLeaf(stack, l, true);
  }
  return undefined;
}

/** Groups stacks whose values are equal under either normalization order. */
function groupByValue(
  values: readonly { stack: ProductStack; variants: readonly string[] }[],
): { stacks: ProductStack[]; shown: string }[] {
  const parent = values.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i];
    return i;
  };
  for (let i = 0; i < values.length; i++) {
    for (let j = i + 1; j < values.length; j++) {
      if (values[i].variants.some((v, k) => v === values[j].variants[k])) parent[find(j)] = find(i);
    }
  }
  const groups = new Map<number, { stacks: ProductStack[]; shown: string }>();
  values.forEach((v, i) => {
    const root = find(i);
    const g = groups.get(root) ?? { stacks: [], shown: values[root].variants[0] };
    g.stacks.push(v.stack);
    groups.set(root, g);
  });
  return [...groups.values()];
}

const ABSENT = '\u0000absent';

function compareAttributes(
  type: string,
  where: string,
  holders: readonly { stack: ProductStack; entry: SynthEntry }[],
  deviations: Deviation[],
): void {
  const leaves = holders.map((h) => ({ h, leaves: flattenLeaves(h.entry.attributes) }));
  const paths = [...new Set(leaves.flatMap((l) => [...l.leaves.keys()]))].sort(compareText);
  for (const attribute of paths) {
    const values = leaves.map(({ h, leaves: ls }) => {
      const raw = ls.has(attribute) ? ls.get(attribute) : ABSENT;
      return {
        stack: h.stack,
        raw,
        variants: h.stack.substitutions.map((subs) =>
          JSON.stringify(raw === ABSENT ? ABSENT : normalizeValue(raw, subs)),
        ),
      };
    });
    const groups = groupByValue(values);
    if (groups.length < 2) continue;
    const keyTokens = new Set([...tokens(where), ...tokens(attribute), ...tokens(type)]);
    const rawOf = (s: ProductStack) => values.find((v) => v.stack === s)!.raw;
    const explained = (g: { stacks: ProductStack[] }, others: ProductStack[]) =>
      g.stacks.map((s) => explainValue(s, others, keyTokens, rawOf(s)));
    const all = groups.map((g) => g.stacks);
    const undeclared = groups.filter((g) =>
      explained(
        g,
        all.flat().filter((s) => !g.stacks.includes(s)),
      ).some((e) => !e),
    );
    const pool = undeclared.length > 0 ? undeclared : groups;
    const reference = [...pool].sort(
      (a, b) => b.stacks.length - a.stacks.length || compareText(a.stacks[0].name, b.stacks[0].name),
    )[0];
    for (const g of groups) {
      if (g === reference) continue;
      for (const s of g.stacks) {
        const value = JSON.parse(g.shown);
        const ref = JSON.parse(reference.shown);
        const declaredBy = explainValue(s, reference.stacks, keyTokens, rawOf(s));
        deviations.push({
          stack: s.name,
          kind: 'differs',
          type,
          where,
          attribute,
          ...(value === ABSENT ? {} : { value }),
          ...(ref === ABSENT ? {} : { reference: ref }),
          others: reference.stacks.map((r) => r.name),
          ...(declaredBy ? { declaredBy } : {}),
        });
      }
    }
  }
}

/** Compares every product stack of a synthesized output with the others. */
export function compareProductStacks(synth: SynthOutput, config: PlatformConfig | undefined): ParityReport {
  const notes: string[] = [];
  const stacks = productStacks(synth, config, notes);
  const byKey = new Map<
    string,
    { type: string; where: string; holders: { stack: ProductStack; entry: SynthEntry }[] }
  >();
  for (const stack of stacks) {
    for (const entry of stack.entries.values()) {
      const { key, type, where } = entryKey(entry, stack);
      const slot = byKey.get(key) ?? { type, where, holders: [] };
      slot.holders.push({ stack, entry });
      byKey.set(key, slot);
    }
  }
  const deviations: Deviation[] = [];
  if (stacks.length < 2) {
    notes.push(`Only ${plural(stacks.length, 'product stack')}: nothing to compare.`);
  } else {
    for (const key of [...byKey.keys()].sort(compareText)) {
      const { type, where, holders } = byKey.get(key)!;
      const have = holders.map((h) => h.stack);
      const lack = stacks.filter((s) => !have.includes(s));
      const keyTokens = new Set([...tokens(where), ...tokens(type)]);
      if (lack.length > 0) {
        // The smaller side deviates; on a tie, the stacks that lack it.
        const extra = have.length < lack.length;
        for (const s of extra ? have : lack) {
          const others = extra ? lack : have;
          const declaredBy = explainPresence(s, others, keyTokens);
          deviations.push({
            stack: s.name,
            kind: extra ? 'extra' : 'missing',
            type,
            where,
            others: others.map((o) => o.name),
            ...(declaredBy ? { declaredBy } : {}),
          });
        }
      }
      if (holders.length >= 2) compareAttributes(type, where, holders, deviations);
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
  return { ...report, configSource: source };
}

// ---- Markdown ----

function deviationLine(d: Deviation): string {
  const what = `${code(d.type)} ${code(d.where)}`;
  const others = d.others.map(code).join(', ');
  let text: string;
  if (d.kind === 'missing') text = `**missing** ${what} (present in ${others})`;
  else if (d.kind === 'extra') text = `**extra** ${what} (not in ${others})`;
  else {
    const show = (v: unknown) =>
      v === undefined ? '(absent)' : formatValue(maskValue(d.attribute ?? '', v, d.type));
    text = `**differs** ${what} ${code(d.attribute ?? '')}: ${code(show(d.value))} here, ${code(show(d.reference))} in ${others}`;
  }
  return `- ${text}: ${d.declaredBy ? `declared by ${d.declaredBy}` : '**undeclared**'}`;
}

/** The Markdown report of `review parity`. */
export function renderParity(report: ParityReport): string {
  const undeclared = report.deviations.filter((d) => !d.declaredBy).length;
  const out: string[] = [
    `## Parity of product stacks: ${plural(report.stacks.length, 'stack')}, ${plural(report.deviations.length, 'deviation')} (${undeclared} undeclared)`,
    `Compared ${plural(report.compared, 'resource and block', 'resources and blocks')} by type and construct path, after replacing each stack's own names and ids with ${code('<stack>')}, ${code('<product>')} (name and string settings), ${code('<env>')}, ${code('<account>')}, ${code('<region>')}.${report.configSource ? ` Declared settings from ${code(report.configSource)}.` : ''}`,
  ];
  for (const n of report.notes) out.push(`> ${n}`);
  const count = (s: string, kind: DeviationKind) =>
    report.deviations.filter((d) => d.stack === s && d.kind === kind).length;
  out.push(
    table(
      ['stack', 'missing', 'extra', 'differing', 'undeclared'],
      report.stacks.map((s) => [
        code(s),
        count(s, 'missing'),
        count(s, 'extra'),
        count(s, 'differs'),
        report.deviations.filter((d) => d.stack === s && !d.declaredBy).length,
      ]),
    ),
  );
  for (const s of report.stacks) {
    const mine = report.deviations.filter((d) => d.stack === s);
    if (mine.length === 0) continue;
    const open = mine.filter((d) => !d.declaredBy).length;
    out.push(
      details(
        `<b>${escapeInline(s)}</b>: ${plural(mine.length, 'deviation')}${open ? `, ${open} undeclared` : ', all declared'}`,
        mine.map(deviationLine).join('\n'),
      ),
    );
  }
  return `${out.join('\n\n')}\n`;
}
