// One synthesized stack through Terraform: init, validate, and optionally an offline plan (and apply) with
// the replay provider. Diagnostics come back located (resource address, construct path).
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { type Diagnostic, readDiagnostics } from './diagnostics';
import { dummyVariables, prepareWorkspace, type RunResult, terraform, type Workspace } from './workspace';

export interface StackCheck {
  readonly stack: string;
  readonly workDir: string;
  readonly diagnostics: Diagnostic[];
  /** Seconds per step: init, validate, plan, show, apply. */
  readonly seconds: Record<string, number>;
  /** `terraform show -json` of the plan, when one was made. */
  readonly planJsonFile?: string;
  /** Set when a step failed without diagnostics to locate (e.g. provider installation). */
  readonly failure?: string;
}

export interface CheckOptions {
  /** Environment for terraform: the replay setup's, or the user's own for the registry's providers. */
  readonly env: NodeJS.ProcessEnv;
  /** Also plan (with a local backend) and write the plan as JSON. */
  readonly plan?: boolean;
  /** Apply the plan into the local state (replay provider only), to plan a later version against it. */
  readonly apply?: boolean;
  /** Keep the working copy's local state (a second plan over an applied one). */
  readonly keepState?: boolean;
}

/** Every resource, data source and ephemeral resource type a stack configures. */
export function usedTypes(json: Workspace['json']): string[] {
  const types = new Set<string>();
  for (const section of ['resource', 'data', 'ephemeral'])
    for (const type of Object.keys((json[section] as Record<string, unknown> | undefined) ?? {}))
      types.add(type);
  return [...types].sort();
}

/** Diagnostics from `-json` streams (init, plan, apply): one JSON object per line. */
function streamedDiagnostics(result: RunResult, ws: Workspace, text: string): Diagnostic[] {
  const raw = result.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { type?: string; diagnostic?: unknown })
    .filter((m) => m.type === 'diagnostic' && m.diagnostic)
    .map((m) => m.diagnostic);
  return readDiagnostics(JSON.stringify({ diagnostics: raw }), text, ws.json);
}

function failureText(result: RunResult): string {
  return (result.stderr || result.stdout).trim().split('\n').slice(-20).join('\n');
}

export async function checkStack(
  stackDir: string,
  workDir: string,
  options: CheckOptions,
): Promise<StackCheck> {
  const planning = options.plan === true || options.apply === true;
  const ws = prepareWorkspace(stackDir, workDir, { localBackend: planning, keepState: options.keepState });
  const text = readFileSync(path.join(ws.dir, 'cdk.tf.json'), 'utf8');
  const env = { ...options.env, ...dummyVariables(ws.json) };
  // The replay provider then converts only the schemas this stack uses (a second less per process).
  if (env.REPLAY_PROVIDER_SCHEMAS) env.REPLAY_PROVIDER_TYPES = usedTypes(ws.json).join(',');
  const seconds: Record<string, number> = {};
  const result = (diagnostics: Diagnostic[], extra: Partial<StackCheck> = {}): StackCheck => ({
    stack: ws.stack,
    workDir: ws.dir,
    diagnostics,
    seconds,
    ...extra,
  });

  const init = await terraform(
    ['init', '-json', '-input=false', ...(planning ? ['-reconfigure'] : ['-backend=false'])],
    ws.dir,
    env,
  );
  seconds.init = init.seconds;
  if (init.code !== 0) {
    const diagnostics = streamedDiagnostics(init, ws, text);
    return result(diagnostics, diagnostics.length ? {} : { failure: `terraform init: ${failureText(init)}` });
  }

  const validate = await terraform(['validate', '-json', '-no-color'], ws.dir, env);
  seconds.validate = validate.seconds;
  let diagnostics: Diagnostic[];
  try {
    diagnostics = readDiagnostics(validate.stdout, text, ws.json);
  } catch {
    return result([], { failure: `terraform validate: ${failureText(validate)}` });
  }
  if (!planning || diagnostics.some((d) => d.severity === 'error')) return result(diagnostics);

  const plan = await terraform(
    ['plan', '-json', '-input=false', '-lock=false', '-refresh=false', '-out=plan.tfplan'],
    ws.dir,
    env,
  );
  seconds.plan = plan.seconds;
  // Validate already reported the configuration's warnings; the plan adds only what evaluation finds.
  const planDiagnostics = streamedDiagnostics(plan, ws, text).filter(
    (d) => !diagnostics.some((v) => v.summary === d.summary && v.line === d.line),
  );
  diagnostics = [...diagnostics, ...planDiagnostics];
  if (plan.code !== 0)
    return result(
      diagnostics,
      planDiagnostics.length ? {} : { failure: `terraform plan: ${failureText(plan)}` },
    );

  const show = await terraform(['show', '-json', 'plan.tfplan'], ws.dir, env);
  seconds.show = show.seconds;
  if (show.code !== 0) return result(diagnostics, { failure: `terraform show: ${failureText(show)}` });
  const planJsonFile = path.join(ws.dir, 'plan.json');
  writeFileSync(planJsonFile, show.stdout);
  if (!options.apply) return result(diagnostics, { planJsonFile });

  const apply = await terraform(
    ['apply', '-json', '-input=false', '-lock=false', 'plan.tfplan'],
    ws.dir,
    env,
  );
  seconds.apply = apply.seconds;
  if (apply.code !== 0) {
    const applyDiagnostics = streamedDiagnostics(apply, ws, text);
    return result([...diagnostics, ...applyDiagnostics], {
      planJsonFile,
      ...(applyDiagnostics.length ? {} : { failure: `terraform apply: ${failureText(apply)}` }),
    });
  }
  return result(diagnostics, { planJsonFile });
}
