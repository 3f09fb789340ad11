// The dashboard's files reach S3 as Terraform stores them: the built page as file assets whatever
// characters it holds, generated files with their literal text intact and references resolved.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, TerraformStack } from 'cdktf';
import { SiteBucket } from '../../constructs/dashboard/site-bucket';
import {
  checkWithReplay,
  describeWithTerraform,
  problems,
  scratchDir,
  stateResources,
  TERRAFORM_TIMEOUT_MS,
} from '../support/terraform';

// What a minified bundle holds and Terraform would read as template syntax if it were inlined.
const APP_JS = 'const a=`${b}px`;const c=x?`%{y}`:"$${z}";export{a,c};\n';
const LITERAL = 'literal ${not.a.reference} and %{ if true }directive%{ endif }';

describeWithTerraform('dashboard site files through Terraform', () => {
  const root = scratchDir('site-files');
  const site = path.join(root, 'site');
  beforeAll(() => {
    mkdirSync(site);
    writeFileSync(
      path.join(site, 'index.html'),
      '<!doctype html><script type="module" src="app.js"></script>\n',
    );
    writeFileSync(path.join(site, 'app.js'), APP_JS);
    const app = new App({ outdir: path.join(root, 'out') });
    const stack = new TerraformStack(app, 'site');
    new AwsProvider(stack, 'aws', { region: 'ap-northeast-1' });
    const bucket = new SiteBucket(stack, 'Site', { bucketName: 'site-files-test', siteDirectory: site });
    bucket.addFile('config.json', JSON.stringify({ bucket: bucket.bucket.id, literal: LITERAL }));
    app.synth();
  });
  const stackDir = path.join(root, 'out', 'stacks', 'site');
  const workDir = path.join(root, 'work');

  test(
    'applies: the page files are uploaded unchanged, config.json keeps its literal text and names the bucket',
    async () => {
      const check = await checkWithReplay(stackDir, workDir, { apply: true });
      expect(problems(check)).toEqual([]);
      const state = await stateResources(stackDir, workDir);
      const objects = [...state.values()].filter((r) => r.type === 'aws_s3_object');
      const byKey = new Map(objects.map((o) => [o.values.key, o.values]));
      expect([...byKey.keys()].sort()).toEqual(['app.js', 'config.json', 'index.html']);

      const js = byKey.get('app.js')!;
      expect(js.content).toBeNull();
      expect(readFileSync(path.join(workDir, js.source), 'utf8')).toBe(APP_JS);
      // Terraform's own filemd5 of the uploaded file: a changed bundle changes the object.
      expect(js.source_hash).toBe(createHash('md5').update(APP_JS).digest('hex'));

      const bucketId = [...state.values()].find((r) => r.type === 'aws_s3_bucket')!.values.id;
      expect(JSON.parse(byKey.get('config.json')!.content)).toEqual({ bucket: bucketId, literal: LITERAL });
    },
    TERRAFORM_TIMEOUT_MS,
  );
});
