// Markdown of `review plan`: one section per stack, replacements and deletions first.
import {
  code,
  contrast,
  details,
  escapeInline,
  fence,
  formatValue,
  plural,
  sortedBy,
  table,
} from './markdown';
import { MASKED } from './mask';
import {
  type AttributeLine,
  type ChangeKind,
  describeReason,
  type Leaf,
  type OutputChangeView,
  type PlanReport,
  type ResourceChangeView,
  UNKNOWN,
} from './plan';

const MAX_LINES_PER_CHANGE = 60;

const VERB: Record<ChangeKind, string> = {
  create: 'create',
  update: 'update in place',
  delete: 'destroy',
  replace: 'replace',
  read: 'read',
  'no-op': 'no change',
  forget: 'forget (remove from state, keep the object)',
  unknown: 'unknown action',
};

// Terraform's own order of sections in a plan is by address; reviewers want what loses data first.
const GROUP_ORDER: readonly ChangeKind[] = [
  'delete',
  'replace',
  'forget',
  'update',
  'create',
  'read',
  'no-op',
  'unknown',
];

function leafText(leaf: Leaf | undefined): string {
  if (!leaf) return 'null';
  if (leaf.kind === 'sensitive') return MASKED;
  if (leaf.kind === 'unknown') return UNKNOWN;
  return formatValue(leaf.value);
}

function attributeText(a: AttributeLine): string {
  const note = a.forcesReplacement ? ' # forces replacement' : '';
  if (!a.before) return `+ ${a.path} = ${leafText(a.after)}${note}`;
  if (!a.after) return `- ${a.path} = ${leafText(a.before)}${note}`;
  if (a.before.kind === 'value' && a.after.kind === 'value') {
    const [before, after] = contrast(a.before.value, a.after.value);
    return `~ ${a.path}: ${before} -> ${after}${note}`;
  }
  return `~ ${a.path}: ${leafText(a.before)} -> ${leafText(a.after)}${note}`;
}

const DRIFT_VERB: Partial<Record<ChangeKind, string>> = {
  create: 'created outside of terraform',
  update: 'changed outside of terraform',
  delete: 'deleted outside of terraform',
};

function kindLabel(c: ResourceChangeView, drift = false): string {
  if (drift && DRIFT_VERB[c.kind]) return DRIFT_VERB[c.kind]!;
  if (c.kind === 'replace') {
    return c.replaceOrder === 'create-before-destroy'
      ? 'replace (create before destroy)'
      : 'replace (destroy before create)';
  }
  if (c.kind === 'no-op') return c.importing ? 'import' : 'move';
  return VERB[c.kind];
}

function why(c: ResourceChangeView): string {
  const parts: string[] = [];
  if (c.actionReason) parts.push(`because ${describeReason(c.actionReason)} (${code(c.actionReason)})`);
  if (c.replacePaths.length > 0)
    parts.push(`forced by ${c.replacePaths.map((p) => code(p || '(whole object)')).join(', ')}`);
  if (c.previousAddress) parts.push(`moved from ${code(c.previousAddress)}`);
  if (c.importing && c.kind !== 'no-op') parts.push('imported');
  if (c.deposed) parts.push(`deposed object ${code(c.deposed)}`);
  return parts.join('; ');
}

function changeHeadline(c: ResourceChangeView, drift = false): string {
  const reason = why(c);
  const critical = c.critical ? ` **critical: ${escapeInline(c.critical)}**` : '';
  const where = c.constructPath ? ` (${code(c.constructPath)})` : '';
  return `**${kindLabel(c, drift)}** ${code(c.address)}${where}${reason ? `: ${reason}` : ''}${critical}`;
}

function changeBlock(c: ResourceChangeView, drift = false): string {
  const lines = c.attributes.map(attributeText);
  if (lines.length === 0) return `- ${changeHeadline(c, drift)}`;
  const shown =
    lines.length > MAX_LINES_PER_CHANGE
      ? [
          ...lines.slice(0, MAX_LINES_PER_CHANGE),
          `# ... ${lines.length - MAX_LINES_PER_CHANGE} more attributes`,
        ]
      : lines;
  const block = fence(shown, 'diff')
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
  return `- ${changeHeadline(c, drift)}\n\n${block}`;
}

function outputText(o: OutputChangeView): string {
  if (o.kind === 'create') return `+ ${o.name} = ${leafText(o.after)}`;
  if (o.kind === 'delete') return `- ${o.name} = ${leafText(o.before)}`;
  return `~ ${o.name}: ${leafText(o.before)} -> ${leafText(o.after)}`;
}

function stackBody(r: PlanReport): string {
  const parts: string[] = [`**${r.summaryLine}**`];
  if (r.errored) {
    parts.push(
      '> [!WARNING]\n> Terraform planned these actions, but then encountered a problem: the plan is incomplete (see its log).',
    );
  }
  const versions = [
    r.terraformVersion ? `terraform ${r.terraformVersion}` : '',
    r.formatVersion ? `plan format ${r.formatVersion}` : '',
  ].filter(Boolean);
  if (versions.length > 0) parts.push(`<sub>${versions.join(', ')}</sub>`);
  if (r.drift.length > 0) {
    parts.push(
      `**Changed outside of terraform (drift, ${r.drift.length})**: the plan may undo or respond to these.\n\n${r.drift.map((c) => changeBlock(c, true)).join('\n\n')}`,
    );
  }
  for (const kind of GROUP_ORDER) {
    const group = r.changes.filter((c) => c.kind === kind);
    if (group.length === 0) continue;
    const title = kind === 'no-op' ? 'Moved or imported without changes' : VERB[kind];
    parts.push(
      `**${title[0].toUpperCase()}${title.slice(1)} (${group.length})**\n\n${group.map((c) => changeBlock(c)).join('\n\n')}`,
    );
  }
  if (r.outputs.length > 0) {
    parts.push(`**Changes to Outputs (${r.outputs.length})**\n\n${fence(r.outputs.map(outputText), 'diff')}`);
  }
  return parts.join('\n\n');
}

/** The Markdown report of `review plan`. */
export function renderPlans(reports: readonly PlanReport[]): string {
  const sorted = sortedBy(reports, (r) => r.stack);
  const out: string[] = [`## Terraform plan: ${plural(sorted.length, 'stack')}`];
  const losses = sorted.flatMap((r) =>
    r.changes.filter((c) => c.kind === 'delete' || c.kind === 'replace').map((c) => ({ stack: r.stack, c })),
  );
  if (losses.length > 0) {
    const critical = losses.some((l) => l.c.critical);
    out.push(
      [
        critical ? '> [!CAUTION]' : '> [!WARNING]',
        `> **Replacements and deletions (${losses.length})**`,
        '>',
        ...losses.map(({ stack, c }) => `> - ${code(stack)}: ${changeHeadline(c)}`),
      ].join('\n'),
    );
  }
  const anyImport = sorted.some((r) => r.counts.import > 0);
  out.push(
    table(
      ['stack', ...(anyImport ? ['import'] : []), 'add', 'change', 'destroy', 'drift', 'summary'],
      sorted.map((r) => [
        code(r.stack),
        ...(anyImport ? [r.counts.import] : []),
        r.counts.add,
        r.counts.change,
        r.counts.destroy,
        r.drift.length,
        escapeInline(r.summaryLine),
      ]),
    ),
  );
  for (const r of sorted) {
    out.push(details(`<b>${escapeInline(r.stack)}</b>: ${escapeInline(r.summaryLine)}`, stackBody(r)));
  }
  return `${out.join('\n\n')}\n`;
}
