import { App, TerraformResource, TerraformStack } from 'cdktf';

/** A synthesized stack: top-level blocks, with `terraform.backend` and `resource.<type>.<id>` read below. */
interface StackJson {
  readonly [block: string]: unknown;
  readonly terraform?: { readonly backend?: Record<string, unknown> };
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
}

/**
 * The baseline for the synthesis benchmark: an app that produces the same resources as the typed one, each
 * as one untyped `TerraformResource` whose attributes are set as raw overrides. `stacksJson` maps stack
 * name to that stack's synthesized JSON (as the typed run wrote it).
 */
export function buildBareApp(stacksJson: Record<string, StackJson>, outdir: string): App {
  const app = new App({ outdir, skipValidation: true });
  for (const [name, json] of Object.entries(stacksJson)) {
    const stack = new TerraformStack(app, name);
    // Every top-level block but the resources (providers, backend, variables, outputs, data sources, ephemeral
    // resources, locals…) as a stack override; "//" is cdktf's own metadata.
    for (const [block, value] of Object.entries(json)) {
      if (block !== 'resource' && block !== '//') stack.addOverride(block, value);
    }
    // Without a backend construct cdktf adds a local backend; the override above already sets the real one.
    if (json.terraform?.backend && !json.terraform.backend.local)
      stack.addOverride('terraform.backend.local', undefined);
    for (const [type, byId] of Object.entries(json.resource ?? {})) {
      for (const [id, attributes] of Object.entries(byId)) {
        const resource = new TerraformResource(stack, id, { terraformResourceType: type });
        for (const [key, value] of Object.entries(attributes)) {
          if (key !== '//') resource.addOverride(key, value);
        }
      }
    }
  }
  return app;
}
