import { TerraformVariable } from 'cdktf';
import type { Construct } from 'constructs';

/** Turns a product name into the suffix of a terraform variable (and so of its TF_VAR_ environment variable). */
export function variableSuffix(product: string): string {
  return product.replace(/-/g, '_');
}

/**
 * A credential the stack needs at plan/deploy time. It is a sensitive terraform variable with no default:
 * the value comes from the environment (`TF_VAR_<name>`) or a `*.auto.tfvars` file outside the repository,
 * never from the config or the synthesized JSON. An unset or empty value fails the plan with a message
 * that names the environment variable.
 */
export function credentialVariable(scope: Construct, name: string, what: string): TerraformVariable {
  return new TerraformVariable(scope, name, {
    type: 'string',
    sensitive: true,
    nullable: false,
    description: `${what}. Set TF_VAR_${name} in the deploy environment.`,
    validation: [
      {
        // A condition is a Terraform expression: without `${…}` the JSON would hold a plain string.
        condition: `\${length(var.${name}) > 0}`,
        errorMessage: `${what} is empty: set TF_VAR_${name} in the deploy environment.`,
      },
    ],
  });
}
