import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { NO_CHANGES_LINE, OUTPUTS_ONLY_LINE, parsePlan } from '../../review/plan';
import { runReview } from './run-cli';

const PLANS = path.resolve(__dirname, '..', 'fixtures', 'plans');
const planFiles = readdirSync(PLANS)
  .filter((f) => f.endsWith('.json'))
  .sort();
const load = (file: string) => JSON.parse(readFileSync(path.join(PLANS, file), 'utf8'));
const planPath = (file: string) => path.join(PLANS, file);

interface RawChange {
  mode: string;
  change: { actions: string[] };
}

/**
 * The summary line computed straight from the file, by the plain rule terraform documents: a change whose
 * actions include "create" adds one, "delete" destroys one (so a replacement counts in both), ["update"]
 * changes one; reads and no-ops count in none; deleted data sources are not shown.
 */
function expectedSummary(plan: {
  resource_changes?: RawChange[];
  output_changes?: Record<string, { actions: string[] }>;
}) {
  const managed = (plan.resource_changes ?? []).filter((rc) => rc.mode === 'managed');
  const add = managed.filter((rc) => rc.change.actions.includes('create')).length;
  const destroy = managed.filter((rc) => rc.change.actions.includes('delete')).length;
  const change = managed.filter((rc) => rc.change.actions.join() === 'update').length;
  const shown = (plan.resource_changes ?? []).filter(
    (rc) =>
      rc.change.actions.join() !== 'no-op' && !(rc.mode === 'data' && rc.change.actions.includes('delete')),
  ).length;
  const outputs = Object.values(plan.output_changes ?? {}).filter((o) => o.actions.join() !== 'no-op').length;
  if (shown > 0) return `Plan: ${add} to add, ${change} to change, ${destroy} to destroy.`;
  return outputs > 0 ? OUTPUTS_ONLY_LINE : NO_CHANGES_LINE;
}

test('the shared fixtures are all here and none needs import or move counting', () => {
  expect(planFiles).toHaveLength(23);
  for (const file of planFiles) {
    for (const rc of load(file).resource_changes ?? []) {
      expect(rc.change.importing).toBeUndefined();
      expect(rc.previous_address ?? rc.address).toBe(rc.address);
    }
  }
});

describe.each(planFiles)('%s', (file) => {
  test('renders terraform’s summary line, in the table and in the stack section', () => {
    const expected = expectedSummary(load(file));
    const stack = file.replace(/\.json$/, '');
    const { code, out, err } = runReview(['plan', planPath(file)]);
    expect(err).toBe('');
    expect(out).toContain(`**${expected}**`);
    expect(out).toContain(`<summary><b>${stack}</b>: ${expected}</summary>`);
    expect(out).toContain(`| \`${stack}\` |`);
    expect(code).toBe(expected === NO_CHANGES_LINE ? 0 : 1);
  });
});

test('a replacement shows its reason, its order and the attribute that forces it', () => {
  const tainted = runReview(['plan', planPath('tfjson-action-reason-tainted.json')]).out;
  expect(tainted).toContain(
    '**replace (destroy before create)** `null_resource.example`: because the object is tainted',
  );
  expect(tainted).toContain('(`replace_because_tainted`)');

  const forced = runReview(['plan', planPath('tf-showjson-requires-replace.json')]).out;
  expect(forced).toContain('(`replace_because_cannot_update`); forced by `ami`');
  expect(forced).toContain('~ ami: "bar" -> "force-replace" # forces replacement');
  expect(forced).toContain('~ id: "placeholder" -> (known after apply)\n');

  const cbd = runReview(['plan', planPath('tfplanvalidator-create-delete.json')]).out;
  expect(cbd).toContain('**replace (create before destroy)** `local_file.foo`');
});

test('replacements and deletions of every stack are listed together before the details', () => {
  const { out } = runReview([
    'plan',
    planPath('tfplan2md-azdo-all-actions.json'),
    planPath('checkov-aws-create-before-destroy.json'),
  ]);
  const top = out.slice(0, out.indexOf('| stack |'));
  expect(top).toContain('[!CAUTION]');
  expect(top).toContain(
    '`tfplan2md-azdo-all-actions`: **destroy** `azuredevops_build_definition.example`: because the resource is no longer in the configuration (`delete_because_no_resource_config`)',
  );
  expect(top).toContain('forced by `project_id`');
  // aws_secretsmanager_secret is stateful: called out as critical.
  expect(top).toMatch(/`aws_secretsmanager_secret.default`.*\*\*critical: secret/);
});

test('sensitive values are masked, unknown values are "(known after apply)"', () => {
  const plan = load('tfplanformat-sensitive-replace.json');
  const { out } = runReview(['plan', planPath('tfplanformat-sensitive-replace.json')]);
  expect(out).not.toContain(plan.resource_changes[0].change.before.base64);
  expect(out).not.toContain(plan.resource_changes[0].change.before.hex);
  expect(out).toContain('~ base64: (sensitive value) -> (known after apply)');
  expect(out).toContain('~ length: 4 -> 8 # forces replacement');
});

test('a password the provider does not mark sensitive is masked by its name', () => {
  const plan = load('checkov-aws-55-creates.json');
  const db = plan.resource_changes.find(
    (rc: { address: string }) => rc.address === 'aws_db_instance.default',
  );
  expect(typeof db.change.after.password).toBe('string');
  const { out } = runReview(['plan', planPath('checkov-aws-55-creates.json')]);
  expect(out).not.toContain(db.change.after.password);
  expect(out).toContain('+ password = (sensitive value)');
});

test('drift is shown apart from the planned changes', () => {
  const { out } = runReview(['plan', planPath('tf-showjson-drift.json')]);
  const driftStart = out.indexOf('**Changed outside of terraform (drift, 1)**');
  const plannedStart = out.indexOf('**Update in place (2)**');
  expect(driftStart).toBeGreaterThan(0);
  expect(plannedStart).toBeGreaterThan(driftStart);
  const drift = out.slice(driftStart, plannedStart);
  expect(drift).toContain('**changed outside of terraform** `test_instance.should_refresh`');
  expect(drift).toContain('~ ami: "refresh-me" -> "refreshed"');
  expect(drift).not.toContain('no_refresh');
  expect(out.slice(plannedStart)).toContain('~ ami: "refreshed" -> "baz"');
});

test('drift entries without an address (terraform 1.0) get one rebuilt from module, type, name and index', () => {
  const report = parsePlan('x', load('tfcompliance-aws-issue522-mixed.json'));
  expect(report.drift).toHaveLength(15);
  for (const d of report.drift) expect(d.address).toMatch(/^aws_[a-z0-9_]+\.[A-Za-z0-9_]+$/);
  const github = parsePlan('y', load('tfsummarize-github-drift.json'));
  expect(github.drift.map((d) => d.address)).toContain(
    'module.github["terraform-plan-summary"].github_repository.repository',
  );
});

test('module addresses are kept whole', () => {
  const { out } = runReview(['plan', planPath('infracost-aws-v014-modules.json')]);
  expect(out).toContain(
    '**update in place** `module.db.module.db_1.module.db_instance.aws_db_instance.this[0]`',
  );
  expect(out).toContain('**create** `module.instances.aws_instance.module_instance_named["test.2"]`');
});

test('reads are listed but counted nowhere; no-ops are not listed', () => {
  const report = parsePlan('x', load('tfplan2md-azdo-all-actions.json'));
  expect(report.changes.map((c) => c.kind).sort()).toEqual([
    'create',
    'create',
    'delete',
    'read',
    'replace',
    'update',
  ]);
  expect(report.counts).toEqual({ import: 0, add: 3, change: 1, destroy: 2 });
});

test('outputs-only changes are noted, and a plan with nothing to do says "No changes."', () => {
  const outputsOnly = runReview(['plan', planPath('tfjson-has-changes-outputs-only.json')]);
  expect(outputsOnly.out).not.toContain('Plan:');
  expect(outputsOnly.out).toContain('**Changes to Outputs (8)**');
  expect(outputsOnly.code).toBe(1);

  const dir = mkdtempSync(path.join(tmpdir(), 'review-plan-'));
  const plan = load('tfjson-has-changes-outputs-only.json');
  for (const o of Object.values(plan.output_changes) as { actions: string[] }[]) o.actions = ['no-op'];
  writeFileSync(path.join(dir, 'payments-prod.json'), JSON.stringify(plan));
  const none = runReview(['plan', path.join(dir, 'payments-prod.json')]);
  expect(none.out).toContain(`<summary><b>payments-prod</b>: ${NO_CHANGES_LINE}</summary>`);
  expect(none.code).toBe(0);
});

test('a plan terraform could not finish says so, and never passes for "No changes."', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'review-plan-errored-'));
  const partial = { ...load('tfplanformat-null-replace.json'), errored: true };
  writeFileSync(path.join(dir, 'partial.json'), JSON.stringify(partial));
  const withChanges = runReview(['plan', path.join(dir, 'partial.json')]);
  expect(withChanges.out).toContain('**Plan: 1 to add, 0 to change, 1 to destroy.**\n\n> [!WARNING]');
  expect(withChanges.out).toContain('the plan is incomplete');

  const empty = { ...load('tfjson-has-changes-outputs-only.json'), errored: true, output_changes: {} };
  writeFileSync(path.join(dir, 'empty.json'), JSON.stringify(empty));
  const failed = runReview(['plan', path.join(dir, 'empty.json')]);
  expect(failed.out).toContain(
    '**Planning failed. Terraform encountered an error while generating this plan.**',
  );
  expect(failed.out).not.toContain('No changes.');
  expect(failed.code).toBe(1);
});

test('output is stable: the same plans in any order render the same bytes', () => {
  const files = planFiles.slice(0, 6).map(planPath);
  const a = runReview(['plan', ...files]).out;
  const b = runReview(['plan', ...[...files].reverse()]).out;
  expect(a).toBe(b);
  expect(a).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/);
});

test('--name names the stack of the plan file that follows it', () => {
  const { out } = runReview(['plan', '--name', 'payments-prod', planPath('tfjson-120-basic.json')]);
  expect(out).toContain(
    '<summary><b>payments-prod</b>: Plan: 7 to add, 0 to change, 0 to destroy.</summary>',
  );
});

describe('fails', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'review-plan-bad-'));

  test('fails on a binary plan file, saying how to convert it', () => {
    const file = path.join(dir, 'binary.tfplan');
    writeFileSync(file, Buffer.from('PK\u0003\u0004rest-of-zip'));
    const { code, err } = runReview(['plan', file]);
    expect(code).toBe(2);
    expect(err).toContain(`${file} is a binary plan file: convert it with \`terraform show -json ${file}\``);
  });

  test('fails on JSON that is not a plan', () => {
    const file = path.join(dir, 'state.json');
    writeFileSync(file, JSON.stringify({ version: 4, resources: [] }));
    const { code, err } = runReview(['plan', file]);
    expect(code).toBe(2);
    expect(err).toContain('not the output of `terraform show -json <planfile>`');
  });

  test('fails on a missing file and on invalid JSON', () => {
    expect(runReview(['plan', path.join(dir, 'nope.json')]).err).toContain('cannot read plan');
    const file = path.join(dir, 'broken.json');
    writeFileSync(file, '{"format_version":');
    const broken = runReview(['plan', file]);
    expect(broken.code).toBe(2);
    expect(broken.err).toContain(`${file} is not valid JSON`);
  });

  test('fails when two files name the same stack', () => {
    const { code, err } = runReview([
      'plan',
      planPath('tfjson-120-basic.json'),
      planPath('tfjson-120-basic.json'),
    ]);
    expect(code).toBe(2);
    expect(err).toContain('stack "tfjson-120-basic" is given twice');
  });

  test('fails without a plan file or with an unknown option', () => {
    expect(runReview(['plan']).err).toContain('plan needs at least one plan JSON file');
    const unknown = runReview(['plan', '--nmae', 'x', 'a.json']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('unknown option --nmae');
  });
});

test('the whole report of plans with every kind of change keeps its shape', () => {
  const { out } = runReview([
    'plan',
    planPath('tfplan2md-azdo-all-actions.json'),
    planPath('tf-showjson-drift.json'),
    planPath('tfplanformat-sensitive-replace.json'),
  ]);
  expect(out).toMatchSnapshot();
});
