// `review diff`: what a change to the app does to every stack, from two synthesized outputs alone (no
// terraform, no credentials). It also tells CI which stacks need a real plan.
import { criticalReason } from './critical';
import { flattenLeaves, sameValue } from './flatten';
import {
  code,
  compareText,
  contrast,
  details,
  escapeInline,
  fence,
  formatValue,
  plural,
  sortedBy,
  table,
} from './markdown';
import { maskValue } from './mask';
import type { SynthEntry, SynthOutput, SynthStack } from './synth-output';

export interface AttributeChange {
  readonly path: string;
  /** Absent when the attribute is new. */
  readonly before?: unknown;
  /** Absent when the attribute was removed. */
  readonly after?: unknown;
}

export interface EntryChange {
  readonly base: SynthEntry;
  readonly head: SynthEntry;
  readonly changes: readonly AttributeChange[];
}

export type StackStatus = 'added' | 'removed' | 'changed' | 'unchanged';

export interface StackDiff {
  readonly stack: string;
  readonly status: StackStatus;
  readonly added: readonly SynthEntry[];
  readonly removed: readonly SynthEntry[];
  readonly changed: readonly EntryChange[];
}

export interface CriticalRemoval {
  readonly stack: string;
  readonly entry: SynthEntry;
  readonly why: string;
}

export interface SynthDiff {
  /** Every stack of either side, sorted by name. */
  readonly stacks: readonly StackDiff[];
  /** Stacks of the head output that need a plan: new or changed, sorted. */
  readonly changedStacks: readonly string[];
  /** Stacks that exist only in the base output. */
  readonly removedStacks: readonly string[];
  readonly criticalRemovals: readonly CriticalRemoval[];
}

/** Attribute-level differences of one entry, sorted by path. */
export function attributeChanges(before: unknown, after: unknown): AttributeChange[] {
  const a = flattenLeaves(before);
  const b = flattenLeaves(after);
  const paths = [...new Set([...a.keys(), ...b.keys()])].sort(compareText);
  const changes: AttributeChange[] = [];
  for (const p of paths) {
    const inA = a.has(p);
    const inB = b.has(p);
    if (inA && inB && sameValue(a.get(p), b.get(p))) continue;
    changes.push({ path: p, ...(inA ? { before: a.get(p) } : {}), ...(inB ? { after: b.get(p) } : {}) });
  }
  return changes;
}

function diffStack(name: string, base: SynthStack | undefined, head: SynthStack | undefined): StackDiff {
  const baseEntries = base?.entries ?? new Map<string, SynthEntry>();
  const headEntries = head?.entries ?? new Map<string, SynthEntry>();
  const added: SynthEntry[] = [];
  const removed: SynthEntry[] = [];
  const changed: EntryChange[] = [];
  for (const address of [...new Set([...baseEntries.keys(), ...headEntries.keys()])].sort(compareText)) {
    const b = baseEntries.get(address);
    const h = headEntries.get(address);
    if (!b && h) added.push(h);
    else if (b && !h) removed.push(b);
    else if (b && h) {
      const changes = attributeChanges(b.attributes, h.attributes);
      if (changes.length > 0) changed.push({ base: b, head: h, changes });
    }
  }
  const status: StackStatus = !base
    ? 'added'
    : !head
      ? 'removed'
      : added.length + removed.length + changed.length > 0
        ? 'changed'
        : 'unchanged';
  return { stack: name, status, added, removed, changed };
}

function identity(entry: SynthEntry): string {
  return `${entry.address} ${entry.constructPath ?? ''} ${JSON.stringify(entry.attributes.name ?? '')}`;
}

/** Compares two synthesized outputs stack by stack. */
export function diffSynthOutputs(base: SynthOutput, head: SynthOutput): SynthDiff {
  const names = [...new Set([...base.stacks.keys(), ...head.stacks.keys()])].sort(compareText);
  const stacks = names.map((n) => diffStack(n, base.stacks.get(n), head.stacks.get(n)));
  const criticalRemovals: CriticalRemoval[] = [];
  for (const s of stacks) {
    for (const entry of s.removed) {
      if (entry.kind !== 'resource') continue;
      const why = criticalReason(entry.type, identity(entry));
      if (why) criticalRemovals.push({ stack: s.stack, entry, why });
    }
  }
  return {
    stacks,
    changedStacks: stacks.filter((s) => s.status === 'added' || s.status === 'changed').map((s) => s.stack),
    removedStacks: stacks.filter((s) => s.status === 'removed').map((s) => s.stack),
    criticalRemovals,
  };
}

export function hasChanges(diff: SynthDiff): boolean {
  return diff.stacks.some((s) => s.status !== 'unchanged');
}

// ---- Markdown ----

const MAX_LINES_PER_ENTRY = 60;

function entryLabel(entry: SynthEntry): string {
  return entry.constructPath ? `${code(entry.address)} (${code(entry.constructPath)})` : code(entry.address);
}

function capped(lines: string[]): string[] {
  if (lines.length <= MAX_LINES_PER_ENTRY) return lines;
  return [...lines.slice(0, MAX_LINES_PER_ENTRY), `# ... ${lines.length - MAX_LINES_PER_ENTRY} more lines`];
}

function show(entry: SynthEntry, p: string, value: unknown): string {
  return formatValue(maskValue(p, value, entry.type));
}

export function attributeLines(entry: SynthEntry, changes: readonly AttributeChange[]): string[] {
  return changes.map((c) => {
    if (!('before' in c)) return `+ ${c.path} = ${show(entry, c.path, c.after)}`;
    if (!('after' in c)) return `- ${c.path} = ${show(entry, c.path, c.before)}`;
    const [before, after] = contrast(
      maskValue(c.path, c.before, entry.type),
      maskValue(c.path, c.after, entry.type),
    );
    return `~ ${c.path}: ${before} -> ${after}`;
  });
}

function entryBlock(entry: SynthEntry, lines: string[]): string {
  return lines.length === 0
    ? `- ${entryLabel(entry)}`
    : `- ${entryLabel(entry)}\n\n${indent(fence(capped(lines), 'diff'))}\n`;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}

function stackBody(s: StackDiff): string {
  const parts: string[] = [];
  if (s.status === 'removed') {
    parts.push(
      '> [!WARNING]\n> This stack is no longer in the app. cdktf does not destroy it: its resources stay in the account until it is destroyed from the previous version (`cdktf destroy ' +
        s.stack +
        '`).',
    );
  }
  if (s.removed.length > 0) {
    parts.push(`**Removed (${s.removed.length})**\n\n${s.removed.map((e) => entryBlock(e, [])).join('\n')}`);
  }
  if (s.changed.length > 0) {
    parts.push(
      `**Changed (${s.changed.length})**\n\n${s.changed.map((c) => entryBlock(c.head, attributeLines(c.head, c.changes))).join('\n')}`,
    );
  }
  if (s.added.length > 0) {
    // A new stack is all additions: its addresses say enough, the plan shows the values.
    const lines = (e: SynthEntry) =>
      s.status === 'added'
        ? []
        : attributeLines(
            e,
            attributeChanges(undefined, e.attributes).filter((c) => c.path !== ''),
          );
    parts.push(`**Added (${s.added.length})**\n\n${s.added.map((e) => entryBlock(e, lines(e))).join('\n')}`);
  }
  return parts.join('\n\n');
}

const STATUS_NOTE: Record<StackStatus, string> = {
  added: ' (new stack)',
  removed: ' (stack removed)',
  changed: '',
  unchanged: '',
};

/** The Markdown report of `review diff`. */
export function renderSynthDiff(diff: SynthDiff): string {
  const changed = diff.stacks.filter((s) => s.status !== 'unchanged');
  const unchanged = diff.stacks.filter((s) => s.status === 'unchanged');
  const out: string[] = [
    `## cdktf diff: ${changed.length} of ${plural(diff.stacks.length, 'stack')} changed`,
  ];
  if (diff.criticalRemovals.length > 0) {
    out.push(
      [
        '> [!CAUTION]',
        '> **Stateful or security-critical resources removed**',
        '>',
        ...sortedBy(diff.criticalRemovals, (c) => `${c.stack} ${c.entry.address}`).map(
          (c) => `> - ${code(c.stack)}: ${entryLabel(c.entry)}: ${escapeInline(c.why)}`,
        ),
      ].join('\n'),
    );
  }
  if (changed.length === 0) {
    out.push('No changes: every stack synthesizes to the same terraform configuration.');
  } else {
    out.push(
      table(
        ['stack', 'added', 'changed', 'removed'],
        changed.map((s) => [
          `${code(s.stack)}${STATUS_NOTE[s.status]}`,
          s.added.length,
          s.changed.length,
          s.removed.length,
        ]),
      ),
    );
  }
  if (unchanged.length > 0) out.push(`Unchanged: ${unchanged.map((s) => code(s.stack)).join(', ')}.`);
  for (const s of changed) {
    const counts = [
      s.added.length ? `${s.added.length} added` : '',
      s.changed.length ? `${s.changed.length} changed` : '',
      s.removed.length ? `${s.removed.length} removed` : '',
    ].filter(Boolean);
    out.push(
      details(
        `<b>${escapeInline(s.stack)}</b>${STATUS_NOTE[s.status]}: ${counts.join(', ') || 'no entries'}`,
        stackBody(s),
      ),
    );
  }
  out.push(`<!-- changed-stacks: ${diff.changedStacks.join(',')} -->`);
  return `${out.join('\n\n')}\n`;
}
