import { parsePlatformConfig } from '../../stacks/config';
import { exampleRaw } from '../support/config';
import { buildTestPlatform, exampleConfig, Synthesized } from '../support/synth';

describe('stacks of the example config', () => {
  const config = exampleConfig();
  const stacks = buildTestPlatform(config);
  const all = [stacks.central, ...stacks.products];
  const synthesized = new Map(all.map((s) => [s.node.id, Synthesized.of(s)]));

  test('one stack named central and one per product account named <product>-<env>', () => {
    const expected = config.products.flatMap((p) => p.accounts.map((a) => `${p.name}-${a.env}`));
    expect([...synthesized.keys()]).toEqual(['central', ...expected]);
  });

  test('each stack assumes the deploy role in its own account, and only that account', () => {
    const accounts = new Map<string, string>([['central', config.central.accountId]]);
    for (const p of config.products)
      for (const a of p.accounts) accounts.set(`${p.name}-${a.env}`, a.accountId);
    for (const [name, s] of synthesized) {
      const [aws] = s.json.provider.aws;
      const account = accounts.get(name)!;
      expect(aws.assume_role[0].role_arn).toBe(`arn:aws:iam::${account}:role/${config.deployment.roleName}`);
      expect(aws.allowed_account_ids).toEqual([account]);
    }
  });

  test('each product stack deploys to its account region', () => {
    for (const p of config.products) {
      for (const a of p.accounts) {
        expect(synthesized.get(`${p.name}-${a.env}`)!.json.provider.aws[0].region).toBe(a.region);
      }
    }
  });

  test('state lives in one encrypted, locked S3 object per stack', () => {
    const keys = new Set<string>();
    for (const [name, s] of synthesized) {
      const backend = s.json.terraform.backend.s3;
      expect(backend.bucket).toBe(config.deployment.stateBucket);
      expect(backend.encrypt).toBe(true);
      expect(backend.use_lockfile).toBe(true);
      expect(backend.key).toContain(name);
      keys.add(backend.key);
    }
    expect(keys.size).toBe(synthesized.size);
  });

  test('default tags name product, env, team and the tool, on top of the configured tags', () => {
    const tags = synthesized.get('payments-stg')!.json.provider.aws[0].default_tags[0].tags;
    expect(tags).toEqual({
      ...config.deployment.tags,
      product: 'payments',
      env: 'stg',
      team: config.products[0].team,
      'managed-by': 'cdktf-observability',
    });
  });

  test('product stacks have Datadog and PagerDuty providers fed by sensitive variables, central has neither', () => {
    for (const s of stacks.products) {
      const json = synthesized.get(s.node.id)!.json;
      expect(json.provider.datadog[0].api_key).toMatch(/^\$\{var\.datadog_api_key_[a-z0-9_]+\}$/);
      expect(json.provider.datadog[0].app_key).toMatch(/^\$\{var\.datadog_app_key_[a-z0-9_]+\}$/);
      expect(json.provider.pagerduty[0].token).toBe('${var.pagerduty_token}');
      for (const [name, variable] of Object.entries<any>(json.variable)) {
        if (!/key|token/.test(name)) continue;
        expect(variable.sensitive).toBe(true);
        expect(variable.default).toBeUndefined();
        expect(variable.nullable).toBe(false);
        // The condition itself is checked by Terraform: test/terraform/credentials.test.ts.
        expect(variable.validation).toHaveLength(1);
        expect(variable.validation[0].error_message).toContain(`TF_VAR_${name}`);
      }
    }
    expect(synthesized.get('central')!.json.provider.datadog).toBeUndefined();
  });

  test('each product uses the Datadog site of its own Datadog account', () => {
    const raw = exampleRaw();
    raw.products[1].datadog = { ...raw.products[1].datadog, site: 'datadoghq.eu' };
    const s = Synthesized.of(buildTestPlatform(parsePlatformConfig(raw)).products[2]);
    expect(s.json.provider.datadog[0].api_url).toBe('https://api.datadoghq.eu/');
  });

  test('the deploy role name is configurable', () => {
    const raw = exampleRaw();
    raw.deployment.roleName = 'platform-terraform';
    const s = Synthesized.of(buildTestPlatform(parsePlatformConfig(raw)).products[0]);
    expect(s.json.provider.aws[0].assume_role[0].role_arn).toMatch(/:role\/platform-terraform$/);
  });
});

describe('no secret in any synthesized stack', () => {
  const secrets = {
    TF_VAR_datadog_api_key_payments: 'dd-api-0123456789abcdef0123456789abcdef',
    TF_VAR_datadog_app_key_payments: 'dd-app-0123456789abcdef0123456789abcdef01234567',
    TF_VAR_pagerduty_token: 'pd-token-u+abcdefghijklmnop',
    DD_API_KEY: 'dd-env-fedcba9876543210fedcba9876543210',
    PAGERDUTY_TOKEN: 'pd-env-token-zyxwvutsrq',
  };
  const saved = { ...process.env };
  beforeAll(() => Object.assign(process.env, secrets));
  afterAll(() => {
    process.env = saved;
  });

  test('credentials set in the environment never reach the synthesized JSON', () => {
    const stacks = buildTestPlatform();
    for (const stack of [stacks.central, ...stacks.products]) {
      const text = Synthesized.of(stack).text;
      for (const value of Object.values(secrets)) expect(text).not.toContain(value);
    }
  });

  test('no output of any stack exposes a credential variable', () => {
    const stacks = buildTestPlatform();
    for (const stack of [stacks.central, ...stacks.products]) {
      const outputs = Synthesized.of(stack).json.output ?? {};
      for (const output of Object.values<any>(outputs)) {
        expect(JSON.stringify(output.value)).not.toMatch(
          /var\.(datadog_api_key|datadog_app_key|pagerduty_token)/,
        );
      }
    }
  });
});
