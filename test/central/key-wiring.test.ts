import { Testing } from 'cdktf';
import { collectorSecretPartialArn } from '../../constructs/core/collector-link';
import { CentralStack } from '../../stacks/central-stack';
import { parsePlatformConfig } from '../../stacks/config';
import type { PlatformStacks } from '../../stacks/platform';
import { exampleRaw } from '../support/config';
import { buildTestPlatform, exampleConfig, type Json, Synthesized } from '../support/synth';

const config = exampleConfig();
let stacks: PlatformStacks;
let central: Synthesized;
beforeAll(() => {
  stacks = buildTestPlatform(config);
  central = Synthesized.of(stacks.central);
});

function centralSecretNamed(name: string): { id: string; secret: Json } {
  const entry = Object.entries(central.resources('aws_secretsmanager_secret')).find(
    ([, s]) => s.name === name,
  );
  if (!entry) throw new Error(`central has no secret named ${name}`);
  return { id: entry[0], secret: entry[1] };
}

describe('each product stack reads the secret the central stack writes for its product', () => {
  test.each(config.products.flatMap((p) => p.accounts.map((a) => [`${p.name}-${a.env}`, p.name] as const)))(
    '%s',
    (stackName, product) => {
      const productStack = stacks.products.find((st) => st.node.id === stackName)!;
      const read = Object.values<Json>(
        Synthesized.of(productStack).dataSources('aws_secretsmanager_secret_version'),
      );
      expect(read).toHaveLength(1);
      const partialArn: string = read[0].secret_id;

      // The partial ARN names the central account, region and a secret that exists there.
      const { arn, name } = parsePartialArn(partialArn);
      expect(arn).toEqual({ region: config.central.region, account: config.central.accountId });
      const { id } = centralSecretNamed(name);
      expect(partialArn).toBe(
        collectorSecretPartialArn({
          centralAccountId: config.central.accountId,
          centralRegion: config.central.region,
          product,
        }),
      );

      // That secret's value is the product's key, the API URL and the secret's own ARN (what Terraform makes
      // of the expression is in test/terraform/product-plan.test.ts: the product reads the keys back).
      const version = central
        .resourceList('aws_secretsmanager_secret_version')
        .find((v) => v.secret_id === `\${aws_secretsmanager_secret.${id}.id}`)!;
      const key = central.idOf('aws_api_gateway_api_key', (k) => k.name.endsWith(`-${product}`));
      for (const reference of [
        central.ref('aws_api_gateway_stage', 'invoke_url').slice(2, -1),
        `aws_api_gateway_api_key.${key}.value`,
        `aws_secretsmanager_secret.${id}.arn`,
      ]) {
        expect(version.secret_string).toContain(reference);
      }
    },
  );
});

function parsePartialArn(partialArn: string) {
  const m = /^arn:aws:secretsmanager:([a-z0-9-]+):(\d{12}):secret:(.+)$/.exec(partialArn);
  if (!m) throw new Error(`not a secret ARN: ${partialArn}`);
  return { arn: { region: m[1], account: m[2] }, name: m[3] };
}

describe("exactly the product's accounts may read its secret", () => {
  test.each(config.products.map((p) => [p.name, p.accounts.map((a) => a.accountId)] as const))(
    '%s',
    (product, accountIds) => {
      const roots = accountIds.map((a) => `arn:aws:iam::${a}:root`).sort();
      const { id, secret } = centralSecretNamed(`observability/collector/${product}`);

      const policy = central
        .resourceList('aws_secretsmanager_secret_policy')
        .find((p) => p.secret_arn === `\${aws_secretsmanager_secret.${id}.arn}`)!;
      expect(policy.block_public_policy).toBe(true);
      const statements: Json[] = JSON.parse(policy.policy).Statement;
      expect(statements).toHaveLength(1);
      expect(statements[0]).toMatchObject({ Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'] });
      expect([].concat(statements[0].Principal.AWS).sort()).toEqual(roots);

      // The secret's own key: the account administers it, the product's accounts decrypt through Secrets Manager.
      const keyId = /aws_kms_key\.([\w-]+)\.arn/.exec(secret.kms_key_id)![1];
      const keyStatements: Json[] = JSON.parse(central.resources('aws_kms_key')[keyId].policy).Statement;
      const others = keyStatements.filter(
        (st) => st.Principal.AWS !== `arn:aws:iam::${config.central.accountId}:root`,
      );
      expect(others).toHaveLength(1);
      expect(others[0].Action).toEqual(['kms:Decrypt']);
      expect([].concat(others[0].Principal.AWS).sort()).toEqual(roots);
      expect(others[0].Condition).toEqual({
        StringEquals: { 'kms:ViaService': `secretsmanager.${config.central.region}.amazonaws.com` },
        ArnLike: {
          'kms:EncryptionContext:SecretARN': `arn:aws:secretsmanager:${config.central.region}:${config.central.accountId}:secret:observability/collector/${product}-??????`,
        },
      });
    },
  );

  test("no product can read another product's key", () => {
    const keys = central.resourceList('aws_kms_key').map((k) => k.policy as string);
    for (const product of config.products) {
      const others = config.products
        .filter((p) => p !== product)
        .flatMap((p) => p.accounts.map((a) => a.accountId));
      const { id, secret } = centralSecretNamed(`observability/collector/${product.name}`);
      const policy = central
        .resourceList('aws_secretsmanager_secret_policy')
        .find((p) => p.secret_arn === `\${aws_secretsmanager_secret.${id}.arn}`)!;
      for (const account of others) expect(policy.policy).not.toContain(account);
      const keyId = /aws_kms_key\.([\w-]+)\.arn/.exec(secret.kms_key_id)![1];
      for (const account of others)
        expect(central.resources('aws_kms_key')[keyId].policy).not.toContain(account);
    }
    // And the other keys of the stack name no product account at all.
    const productAccounts = config.products.flatMap((p) => p.accounts.map((a) => a.accountId));
    const productKeyPolicies = config.products.map((p) => {
      const { secret } = centralSecretNamed(`observability/collector/${p.name}`);
      return central.resources('aws_kms_key')[/aws_kms_key\.([\w-]+)\.arn/.exec(secret.kms_key_id)![1]]
        .policy;
    });
    for (const policy of keys.filter((k) => !productKeyPolicies.includes(k))) {
      for (const account of productAccounts) expect(policy).not.toContain(account);
    }
  });
});

test('the product stacks do not read the central state', () => {
  for (const productStack of stacks.products) {
    const json = Synthesized.of(productStack).json;
    expect(json.data?.terraform_remote_state).toBeUndefined();
  }
});

test('fails on a product whose secret name ends like a random ARN suffix', () => {
  const raw = exampleRaw();
  raw.products[0].name = 'payments-online';
  const config = parsePlatformConfig(raw, 'test.yaml');
  expect(() => new CentralStack(Testing.app(), { platform: config })).toThrow(
    'central/Collector/ProductKey-payments-online: product = "payments-online": must not end with "-" and six characters: its secret name observability/collector/payments-online would look like',
  );
});
