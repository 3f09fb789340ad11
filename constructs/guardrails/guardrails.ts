import { Annotations, type IAspect, TerraformResource } from 'cdktf';
import type { IConstruct } from 'constructs';
import { GUARDRAIL_RULES, type GuardrailContext, type GuardrailRule } from './rules';

export interface GuardrailsProps {
  /**
   * The stack deploys a production environment: rules that only matter there (DocumentDB deletion
   * protection) fail synthesis.
   * @default true
   */
  readonly production?: boolean;
  /**
   * Rules to apply.
   * @default GUARDRAIL_RULES
   */
  readonly rules?: readonly GuardrailRule[];
}

/**
 * Fails synthesis when a resource turns off what must stay on (encryption at rest, TLS to DocumentDB,
 * dead-letter queues on event targets, log retention, DocumentDB deletion protection in production), and
 * warns on risky choices. Add it to each stack (`Aspects.of(stack).add(new Guardrails())`): cdktf never applies
 * aspects added to the App.
 */
export class Guardrails implements IAspect {
  private readonly context: GuardrailContext;
  private readonly rules: readonly GuardrailRule[];

  constructor(props: GuardrailsProps = {}) {
    this.context = { production: props.production ?? true };
    this.rules = props.rules ?? GUARDRAIL_RULES;
  }

  visit(node: IConstruct): void {
    if (!TerraformResource.isTerraformResource(node)) return;
    const rules = this.rules.filter((r) => r.resourceType === node.terraformResourceType);
    if (rules.length === 0) return;
    const attributes =
      node.toTerraform().resource?.[node.terraformResourceType]?.[node.friendlyUniqueId] ?? {};
    const findings = rules.flatMap((r) => r.check(attributes, this.context));
    const errors = findings.filter((f) => f.level === 'error').map((f) => `guardrail: ${f.message}`);
    for (const f of findings)
      if (f.level === 'warning') Annotations.of(node).addWarning(`guardrail: ${f.message}`);
    if (errors.length > 0) node.node.addValidation({ validate: () => errors });
  }
}
