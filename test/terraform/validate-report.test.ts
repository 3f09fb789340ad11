// `npm run validate` reports what Terraform rejects where a reader finds it: the resource address and the
// construct path, for errors found by `terraform init` (variables) and by `terraform validate` (resources).
import * as path from 'node:path';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Object } from '@cdktf/provider-aws/lib/s3-object';
import { App, TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { passed, report } from '../../scripts/terraform/validate';
import {
  checkWithReplay,
  describeWithTerraform,
  scratchDir,
  TERRAFORM_TIMEOUT_MS,
} from '../support/terraform';

describeWithTerraform('validate report of configurations Terraform rejects', () => {
  const root = scratchDir('validate-report');
  const out = path.join(root, 'out');
  beforeAll(() => {
    const app = new App({ outdir: out });
    // The two defects Terraform found in this project, written the way they were.
    const site = new TerraformStack(app, 'site');
    new AwsProvider(site, 'aws', { region: 'ap-northeast-1' });
    const page = new Construct(site, 'Page');
    new S3Object(page, 'AppJs', { bucket: 'b', key: 'app.js', content: 'const a = `${x ? 1 : }`;' });
    const creds = new TerraformStack(app, 'creds');
    new TerraformVariable(creds, 'token', {
      type: 'string',
      validation: [{ condition: 'length(var.token) > 0', errorMessage: 'token is empty.' }],
    });
    app.synth();
  });

  test(
    'a resource error names the address, the construct path and the line',
    async () => {
      const check = await checkWithReplay(path.join(out, 'stacks', 'site'), path.join(root, 'work-site'));
      expect(passed(check)).toBe(false);
      const text = report(check);
      expect(text).toMatch(/^FAIL site: [1-9]\d* errors?, 0 warnings/);
      expect(text).toMatch(/at aws_s3_object\.Page_AppJs_\w+ \(site\/Page\/AppJs\) cdk\.tf\.json:\d+/);
    },
    TERRAFORM_TIMEOUT_MS,
  );

  test(
    'a variable whose validation condition is not an expression fails init, named as var.<name>',
    async () => {
      const check = await checkWithReplay(path.join(out, 'stacks', 'creds'), path.join(root, 'work-creds'));
      const text = report(check);
      expect(text).toContain('error: Invalid validation expression');
      expect(text).toMatch(/at var\.token cdk\.tf\.json:\d+/);
      expect(check.seconds.validate).toBeUndefined();
    },
    TERRAFORM_TIMEOUT_MS,
  );
});
