// The credential variables' validation is a Terraform expression: Terraform itself must accept it and
// refuse an empty value with the message that names the environment variable.
import * as path from 'node:path';
import { App, TerraformStack } from 'cdktf';
import { terraformEnv } from '../../scripts/terraform/replay';
import { terraform } from '../../scripts/terraform/workspace';
import { credentialVariable } from '../../stacks/credentials';
import {
  checkWithReplay,
  describeWithTerraform,
  problems,
  scratchDir,
  TERRAFORM_TIMEOUT_MS,
} from '../support/terraform';

describeWithTerraform('credential variables through Terraform', () => {
  const root = scratchDir('credentials');
  beforeAll(() => {
    const app = new App({ outdir: path.join(root, 'out') });
    const stack = new TerraformStack(app, 'creds');
    credentialVariable(stack, 'pagerduty_token', 'PagerDuty API token');
    app.synth();
  });
  const stackDir = path.join(root, 'out', 'stacks', 'creds');
  const workDir = path.join(root, 'work');

  test(
    'validate and plan accept the variable when it is set',
    async () => {
      const check = await checkWithReplay(stackDir, workDir, { plan: true });
      expect(problems(check)).toEqual([]);
    },
    TERRAFORM_TIMEOUT_MS,
  );

  test(
    'an empty value fails the plan, naming TF_VAR_pagerduty_token',
    async () => {
      // Runs in the working copy the first test initialized (tests of a file run in order).
      const env = { ...terraformEnv(), TF_VAR_pagerduty_token: '' };
      const plan = await terraform(['plan', '-input=false', '-lock=false', '-no-color'], workDir, env);
      expect(plan.code).not.toBe(0);
      expect(plan.stderr).toContain('Invalid value for variable');
      expect(plan.stderr).toContain('PagerDuty API token is empty: set TF_VAR_pagerduty_token');
    },
    TERRAFORM_TIMEOUT_MS,
  );
});
