// `review plan`: reads `terraform show -json <planfile>` output (plan format 0.1 from terraform 0.12 up to
// the 1.x formats) and computes what terraform itself would summarize, plus what a reviewer needs to see.
import { criticalReason } from './critical';
import { isRecord, type Json, ReviewInputError } from './errors';
import { sameValue } from './flatten';
import { compareText, joinPath } from './markdown';
import { MASKED, maskValue } from './mask';

export const UNKNOWN = '(known after apply)';

/** What happens to one resource instance, as one word. */
export type ChangeKind = 'create' | 'update' | 'delete' | 'replace' | 'read' | 'no-op' | 'forget' | 'unknown';

export type Leaf =
  | { readonly kind: 'value'; readonly value: unknown }
  | { readonly kind: 'sensitive' }
  | { readonly kind: 'unknown' };

export interface AttributeLine {
  readonly path: string;
  readonly before?: Leaf;
  readonly after?: Leaf;
  /** The attribute is one of the change's `replace_paths`. */
  readonly forcesReplacement: boolean;
}

export interface ResourceChangeView {
  readonly address: string;
  readonly previousAddress?: string;
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly kind: ChangeKind;
  readonly actions: readonly string[];
  /** For replacements: terraform's order. */
  readonly replaceOrder?: 'delete-before-create' | 'create-before-destroy';
  readonly actionReason?: string;
  readonly replacePaths: readonly string[];
  readonly importing: boolean;
  readonly deposed?: string;
  readonly attributes: readonly AttributeLine[];
  /** Why losing this resource matters, when it is stateful or security-critical. */
  readonly critical?: string;
  /** cdktf construct path of the resource, when the stack's synthesized output was given. */
  readonly constructPath?: string;
}

export interface OutputChangeView {
  readonly name: string;
  readonly kind: ChangeKind;
  readonly before?: Leaf;
  readonly after?: Leaf;
}

export interface PlanCounts {
  readonly import: number;
  readonly add: number;
  readonly change: number;
  readonly destroy: number;
}

export interface PlanReport {
  readonly stack: string;
  readonly formatVersion?: string;
  readonly terraformVersion?: string;
  readonly counts: PlanCounts;
  /** Terraform's own summary: `Plan: X to add, Y to change, Z to destroy.`, or the no-change text. */
  readonly summaryLine: string;
  /** Changes terraform would show: everything but no-ops (unless moved or imported) and data deletions. */
  readonly changes: readonly ResourceChangeView[];
  /** Changes made outside terraform since the last apply (`resource_drift`), no-ops left out. */
  readonly drift: readonly ResourceChangeView[];
  /** Output values that change (no-ops left out). */
  readonly outputs: readonly OutputChangeView[];
  /** Applying the plan changes something (resources, imports, moves or outputs). */
  readonly hasChanges: boolean;
  /** Terraform hit an error while planning (`errored`): the changes are incomplete. */
  readonly errored: boolean;
}

export const NO_CHANGES_LINE = 'No changes. Your infrastructure matches the configuration.';
export const PLANNING_FAILED_LINE =
  'Planning failed. Terraform encountered an error while generating this plan.';
export const OUTPUTS_ONLY_LINE =
  'Changes to Outputs only: applying saves the new output values without changing any real infrastructure.';

/** Human wording of terraform's `action_reason` values. */
export const ACTION_REASONS: Record<string, string> = {
  replace_because_tainted:
    'the object is tainted (an earlier apply failed part-way, or it was marked with `terraform taint`)',
  replace_because_cannot_update: 'an argument that cannot be updated in place changed',
  replace_by_request: 'replacement was requested (`-replace`)',
  replace_by_triggers: 'a `replace_triggered_by` reference changed',
  delete_because_no_resource_config: 'the resource is no longer in the configuration',
  delete_because_no_module: 'its module is no longer in the configuration',
  delete_because_wrong_repetition: '`count`/`for_each` was added or removed',
  delete_because_count_index: 'its `count` index is out of range',
  delete_because_each_key: 'its `for_each` key no longer exists',
  delete_because_no_move_target: 'it was moved to an address that is not in the configuration',
  read_because_config_unknown: 'its configuration depends on values known only after apply',
  read_because_dependency_pending: 'a resource it depends on has pending changes',
  read_because_check_nested: 'a `check` block reads it',
};

export function describeReason(reason: string): string {
  return ACTION_REASONS[reason] ?? reason.replace(/_/g, ' ');
}

export function changeKind(actions: readonly string[]): ChangeKind {
  const a = actions.join(',');
  switch (a) {
    case 'create':
    case 'update':
    case 'delete':
    case 'read':
    case 'no-op':
    case 'forget':
      return a;
    case 'delete,create':
    case 'create,delete':
      return 'replace';
    case 'create,forget':
      return 'create';
    default:
      return 'unknown';
  }
}

/** Terraform's plan summary, counted the way terraform's renderer counts it. */
export function countChanges(changes: readonly ResourceChangeView[]): PlanCounts {
  let add = 0;
  let change = 0;
  let destroy = 0;
  let imports = 0;
  for (const c of changes) {
    if (c.importing) imports++;
    if (c.kind === 'create' || c.kind === 'replace') add++;
    if (c.kind === 'delete' || c.kind === 'replace') destroy++;
    if (c.kind === 'update') change++;
  }
  return { import: imports, add, change, destroy };
}

export function summaryLine(counts: PlanCounts): string {
  const imports = counts.import > 0 ? `${counts.import} to import, ` : '';
  return `Plan: ${imports}${counts.add} to add, ${counts.change} to change, ${counts.destroy} to destroy.`;
}

// ---- attribute leaves with sensitive and unknown marks ----

function leavesOf(
  value: unknown,
  sensitive: unknown,
  unknown: unknown,
  resourceType: string,
): Map<string, Leaf> {
  const out = new Map<string, Leaf>();
  const walk = (v: unknown, sens: unknown, unk: unknown, p: string) => {
    // An unknown value is not secret yet; "(known after apply)" says more than "(sensitive value)".
    if (unk === true) return void out.set(p, { kind: 'unknown' });
    if (sens === true) return void out.set(p, { kind: 'sensitive' });
    const isArr = Array.isArray(v) || Array.isArray(unk);
    if (isArr) {
      const arr = Array.isArray(v) ? v : [];
      const unkArr = Array.isArray(unk) ? unk : [];
      const sensArr = Array.isArray(sens) ? sens : [];
      const n = Math.max(arr.length, unkArr.length);
      if (n === 0) return void out.set(p, { kind: 'value', value: v ?? [] });
      for (let i = 0; i < n; i++) walk(arr[i], sensArr[i], unkArr[i], joinPath(p, i));
      return;
    }
    if (isRecord(v) || isRecord(unk)) {
      const obj = isRecord(v) ? v : {};
      const unkObj = isRecord(unk) ? unk : {};
      const sensObj = isRecord(sens) ? sens : {};
      const keys = new Set([...Object.keys(obj), ...Object.keys(unkObj).filter((k) => unkObj[k] !== false)]);
      if (keys.size === 0) return void out.set(p, { kind: 'value', value: v ?? {} });
      for (const k of keys) walk(obj[k], sensObj[k], unkObj[k], joinPath(p, k));
      return;
    }
    const masked = maskValue(p, v, resourceType);
    out.set(p, masked === MASKED ? { kind: 'sensitive' } : { kind: 'value', value: masked });
  };
  walk(value, sensitive, unknown, '');
  return out;
}

function leafEquals(a: Leaf | undefined, b: Leaf | undefined): boolean {
  if (!a || !b) return a === b;
  if (a.kind !== b.kind) return false;
  return a.kind === 'value' && b.kind === 'value' ? sameValue(a.value, b.value) : a.kind === 'sensitive';
}

const isNullLeaf = (l: Leaf | undefined) => !l || (l.kind === 'value' && l.value === null);

function pathOf(steps: unknown): string {
  if (!Array.isArray(steps)) return '';
  return steps.reduce<string>((p, s) => joinPath(p, typeof s === 'number' ? s : String(s)), '');
}

function attributeLines(
  kind: ChangeKind,
  change: Json,
  type: string,
  replacePaths: readonly string[],
): AttributeLine[] {
  if (kind === 'delete' || kind === 'read' || kind === 'no-op' || kind === 'forget') return [];
  const before =
    kind === 'create'
      ? new Map<string, Leaf>()
      : leavesOf(change.before, change.before_sensitive, undefined, type);
  const after = leavesOf(change.after, change.after_sensitive, change.after_unknown, type);
  const paths = [...new Set([...before.keys(), ...after.keys()])].filter((p) => p !== '').sort(compareText);
  const lines: AttributeLine[] = [];
  for (const p of paths) {
    const b = before.get(p);
    const a = after.get(p);
    const unchanged = leafEquals(b, a) && (b?.kind !== 'sensitive' || sameAt(change, p));
    if (unchanged) continue;
    if (isNullLeaf(b) && isNullLeaf(a)) continue;
    const forcesReplacement = replacePaths.some(
      (r) => p === r || p.startsWith(`${r}.`) || p.startsWith(`${r}[`),
    );
    lines.push({
      path: p,
      ...(isNullLeaf(b) ? {} : { before: b }),
      ...(isNullLeaf(a) ? {} : { after: a }),
      forcesReplacement,
    });
  }
  return lines;
}

// A sensitive attribute shows as "(sensitive value)" on both sides; it changed when the raw values differ.
function sameAt(change: Json, p: string): boolean {
  const raw = (v: unknown) => leavesOf(v, undefined, undefined, '').get(p);
  const b = raw(change.before);
  const a = raw(change.after);
  return b !== undefined && a !== undefined && b.kind === 'value' && a.kind === 'value'
    ? sameValue(b.value, a.value)
    : true;
}

function indexSuffix(index: unknown): string {
  if (index === undefined || index === null) return '';
  return typeof index === 'number' ? `[${index}]` : `[${JSON.stringify(index)}]`;
}

/** `resource_drift` entries of early 1.0 plans carry no `address`: rebuild it. */
function addressOf(rc: Json): string {
  if (typeof rc.address === 'string') return rc.address;
  const module = typeof rc.module_address === 'string' ? `${rc.module_address}.` : '';
  const data = rc.mode === 'data' ? 'data.' : '';
  return `${module}${data}${String(rc.type)}.${String(rc.name)}${indexSuffix(rc.index)}`;
}

function viewOf(rc: unknown, where: string): ResourceChangeView {
  if (!isRecord(rc) || !isRecord(rc.change) || !Array.isArray(rc.change.actions)) {
    throw new ReviewInputError(`${where}: not a terraform resource change (no change.actions)`);
  }
  const change = rc.change;
  const actions = (rc.change.actions as unknown[]).map(String);
  const kind = changeKind(actions);
  const type = String(rc.type ?? '');
  const address = addressOf(rc);
  const replacePaths = Array.isArray(change.replace_paths) ? change.replace_paths.map(pathOf) : [];
  const previousAddress =
    typeof rc.previous_address === 'string' && rc.previous_address !== address
      ? rc.previous_address
      : undefined;
  const losesObject = kind === 'delete' || kind === 'replace';
  const critical = losesObject && rc.mode !== 'data' ? criticalReason(type, address) : undefined;
  return {
    address,
    ...(previousAddress ? { previousAddress } : {}),
    mode: rc.mode === 'data' ? 'data' : 'managed',
    type,
    kind,
    actions,
    ...(kind === 'replace'
      ? {
          replaceOrder:
            actions[0] === 'delete' ? ('delete-before-create' as const) : ('create-before-destroy' as const),
        }
      : {}),
    ...(typeof rc.action_reason === 'string' ? { actionReason: rc.action_reason } : {}),
    replacePaths,
    importing: isRecord(change.importing),
    ...(typeof rc.deposed === 'string' ? { deposed: rc.deposed } : {}),
    attributes: attributeLines(kind, change, type, replacePaths),
    ...(critical ? { critical } : {}),
  };
}

function outputLeaf(value: unknown, sensitive: unknown, unknown: unknown, name: string): Leaf | undefined {
  if (sensitive === true) return { kind: 'sensitive' };
  if (unknown === true) return { kind: 'unknown' };
  if (value === null || value === undefined) return undefined;
  const masked = maskValue(name, value);
  return masked === MASKED ? { kind: 'sensitive' } : { kind: 'value', value: masked };
}

const byAddress = (a: ResourceChangeView, b: ResourceChangeView) =>
  compareText(a.address, b.address) || compareText(a.deposed ?? '', b.deposed ?? '');

/** Parses one `terraform show -json` document into the review model. */
export function parsePlan(stack: string, plan: unknown, where = stack): PlanReport {
  if (
    !isRecord(plan) ||
    !['format_version', 'resource_changes', 'planned_values', 'configuration'].some((k) => k in plan)
  ) {
    throw new ReviewInputError(`${where}: not the output of \`terraform show -json <planfile>\``);
  }
  if (plan.resource_changes !== undefined && !Array.isArray(plan.resource_changes)) {
    throw new ReviewInputError(`${where}: "resource_changes" must be an array`);
  }
  const all = ((plan.resource_changes as unknown[] | undefined) ?? []).map((rc, i) =>
    viewOf(rc, `${where}: resource_changes[${i}]`),
  );
  // What terraform renders: no-ops only when they move or import, never deleted data sources.
  const changes = all
    .filter((c) => c.kind !== 'no-op' || c.previousAddress !== undefined || c.importing)
    .filter((c) => !(c.kind === 'delete' && c.mode === 'data'))
    .sort(byAddress);
  const drift = (Array.isArray(plan.resource_drift) ? plan.resource_drift : [])
    .map((rc, i) => viewOf(rc, `${where}: resource_drift[${i}]`))
    .filter((c) => c.kind !== 'no-op')
    .sort(byAddress);
  const outputs: OutputChangeView[] = [];
  if (isRecord(plan.output_changes)) {
    for (const name of Object.keys(plan.output_changes).sort(compareText)) {
      const oc = plan.output_changes[name];
      if (!isRecord(oc) || !Array.isArray(oc.actions)) continue;
      const kind = changeKind(oc.actions.map(String));
      if (kind === 'no-op') continue;
      const before = outputLeaf(oc.before, oc.before_sensitive, undefined, name);
      const after = outputLeaf(oc.after, oc.after_sensitive, oc.after_unknown, name);
      outputs.push({ name, kind, ...(before ? { before } : {}), ...(after ? { after } : {}) });
    }
  }
  const counts = countChanges(changes);
  const errored = plan.errored === true;
  const line =
    changes.length > 0
      ? summaryLine(counts)
      : outputs.length > 0
        ? OUTPUTS_ONLY_LINE
        : errored
          ? PLANNING_FAILED_LINE
          : NO_CHANGES_LINE;
  const hasChanges =
    counts.add + counts.change + counts.destroy + counts.import > 0 ||
    changes.some((c) => c.previousAddress !== undefined) ||
    outputs.length > 0;
  return {
    stack,
    ...(typeof plan.format_version === 'string' ? { formatVersion: plan.format_version } : {}),
    ...(typeof plan.terraform_version === 'string' ? { terraformVersion: plan.terraform_version } : {}),
    counts,
    summaryLine: line,
    changes,
    drift,
    outputs,
    hasChanges,
    errored,
  };
}

/**
 * Adds each resource's construct path from the stack's synthesized output: cdktf's logical ids carry a
 * hash, the construct path is the name a reader knows. Resources cdktf did not write keep none.
 */
export function withConstructPaths(
  report: PlanReport,
  pathOf: (address: string) => string | undefined,
): PlanReport {
  const annotate = (c: ResourceChangeView): ResourceChangeView => {
    const constructPath = pathOf(c.address.replace(/\[[^\]]*\]$/, ''));
    if (!constructPath) return c;
    const losesObject = (c.kind === 'delete' || c.kind === 'replace') && c.mode !== 'data';
    const critical = losesObject ? criticalReason(c.type, `${c.address} ${constructPath}`) : undefined;
    return { ...c, constructPath, ...(critical ? { critical } : {}) };
  };
  return { ...report, changes: report.changes.map(annotate), drift: report.drift.map(annotate) };
}
