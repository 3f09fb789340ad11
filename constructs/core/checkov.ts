import type { TerraformResource } from 'cdktf';

/** Where suppressions are kept in a resource's synthesized JSON: `"//": { "checkov": [...] }`. */
export const CHECKOV_COMMENT_KEY = 'checkov';

/**
 * Suppresses one checkov check on one resource, with the reason it does not apply. The suppression is a
 * checkov skip comment (`checkov:skip=<ID>: <reason>`) kept in the resource's `//` comment block of the
 * synthesized JSON, next to the resource it excuses, so every exception is reviewed with the code that needs
 * it. (`scripts/checkov/enforce.ts` applies these comments: checkov's terraform_json runner does not read
 * inline skips itself.)
 */
export function suppressCheckov(resource: TerraformResource, checkId: string, reason: string): void {
  if (!/^CKV2?_[A-Z0-9]+_\d+$/.test(checkId)) {
    throw new Error(`suppressCheckov: "${checkId}" is not a checkov check id (e.g. CKV_AWS_117)`);
  }
  if (reason.trim().length < 10) {
    throw new Error(
      `suppressCheckov(${checkId}): give the reason the check does not apply (at least 10 characters)`,
    );
  }
  const list = checkovSuppressions(resource);
  if (list.some((s) => s.startsWith(`checkov:skip=${checkId}:`))) return;
  list.push(`checkov:skip=${checkId}: ${reason.trim()}`);
  resource.addOverride(`//.${CHECKOV_COMMENT_KEY}`, [...list]);
}

const suppressions = new WeakMap<TerraformResource, string[]>();

function checkovSuppressions(resource: TerraformResource): string[] {
  let list = suppressions.get(resource);
  if (!list) {
    list = [];
    suppressions.set(resource, list);
  }
  return list;
}
