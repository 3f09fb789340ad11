// Tests that hand synthesized JSON to Terraform (with the schema-replay provider) need terraform and go.
// Without them the suite is reported as skipped, with the reason; under CI=true it fails instead.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { type CheckOptions, checkStack, type StackCheck } from '../../scripts/terraform/check-stack';
import { formatDiagnostic } from '../../scripts/terraform/diagnostics';
import { replayUnavailable, requiredProviders, setUpReplay } from '../../scripts/terraform/replay';
import { readStack, terraform } from '../../scripts/terraform/workspace';

const missing = replayUnavailable();
if (missing && process.env.CI === 'true')
  throw new Error(`CI=true and the Terraform tests cannot run: ${missing}`);

/** `describe`, or `describe.skip` (with the reason in its name) when terraform or go is missing here. */
export function describeWithTerraform(name: string, body: () => void): void {
  if (missing) describe.skip(`${name} (skipped: ${missing})`, body);
  else describe(name, body);
}

/** Seconds a Terraform test may take: a plan is a few seconds, on a loaded 2-core machine several times that. */
export const TERRAFORM_TIMEOUT_MS = 300_000;

/** A temporary directory, removed after the enclosing describe block. Call it inside the describe body. */
export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `${prefix}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * Runs a synthesized stack through the replay provider (see scripts/terraform/check-stack.ts); `placeholders`
 * replaces some of the data source values the provider answers with (scripts/terraform/placeholders.ts).
 */
export function checkWithReplay(
  stackDir: string,
  workDir: string,
  options: Omit<CheckOptions, 'env'> = {},
  placeholders: Record<string, unknown> = {},
): Promise<StackCheck> {
  const { env } = setUpReplay(requiredProviders(readStack(stackDir)));
  const data = { ...JSON.parse(env.REPLAY_PROVIDER_DATA ?? '{}'), ...placeholders };
  return checkStack(stackDir, workDir, {
    ...options,
    env: { ...env, REPLAY_PROVIDER_DATA: JSON.stringify(data) },
  });
}

/** A readable account of what went wrong, for the failure message of `expect(problems(check)).toEqual([])`. */
export function problems(check: StackCheck): string[] {
  return [...check.diagnostics.map(formatDiagnostic), ...(check.failure ? [check.failure] : [])];
}

export type PlanJson = Record<string, any>;

export function readPlan(check: StackCheck): PlanJson {
  if (!check.planJsonFile) throw new Error(`no plan for ${check.stack}: ${problems(check).join('\n')}`);
  return JSON.parse(readFileSync(check.planJsonFile, 'utf8')) as PlanJson;
}

/** Every resource in a plan's planned values, root module, by address. */
export function plannedResources(plan: PlanJson): Map<string, PlanJson> {
  return new Map(
    (plan.planned_values?.root_module?.resources ?? []).map((r: PlanJson) => [r.address as string, r]),
  );
}

/** The resources of the local state of a stack's working directory (`terraform show -json`), by address. */
export async function stateResources(stackDir: string, workDir: string) {
  const { env } = setUpReplay(requiredProviders(readStack(stackDir)));
  const shown = await terraform(['show', '-json'], workDir, env);
  if (shown.code !== 0) throw new Error(`terraform show: ${shown.stderr}`);
  const state = JSON.parse(shown.stdout) as PlanJson;
  return new Map<string, PlanJson>(
    (state.values?.root_module?.resources ?? []).map((r: PlanJson) => [r.address as string, r]),
  );
}
