// ProductAccount as a product team's app uses it: settings in the config's shape, checked like the config.
import { Testing } from 'cdktf';
import { ProductAccount, type ProductAccountProps } from '../../constructs/accounts/product-account';
import { ConfigError } from '../../stacks/config/problems';
import { Synthesized } from '../support/synth';

const props = (): ProductAccountProps => ({
  deployment: { stateBucket: 'acme-observability-tfstate', stateRegion: 'eu-west-1' },
  central: { accountId: '111111111111', region: 'eu-west-1' },
  product: {
    name: 'checkout',
    team: 'payments',
    slackChannel: 'checkout-alerts',
    services: ['sqs'],
    accounts: [
      { env: 'prod', accountId: '222222222222', region: 'eu-west-1' },
      { env: 'stg', accountId: '333333333333', region: 'eu-west-1' },
    ],
    pagerduty: { pages: false },
  },
});

function refusal(build: () => unknown): ConfigError {
  try {
    build();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

test('deploys into the account of the env it is given, with the config defaults filled in', () => {
  const stack = new ProductAccount(Testing.app(), 'checkout-stg', { ...props(), env: 'stg' });
  const json = Synthesized.of(stack).json;
  expect(json.provider.aws[0].allowed_account_ids).toEqual(['333333333333']);
  expect(json.terraform.backend.s3.key).toBe('observability/checkout-stg.tfstate');
  expect(stack.deployment.roleName).toBe('observability-deploy');
  // pages: false: no PagerDuty service, and monitors do not mention one.
  expect(json.resource.pagerduty_service).toBeUndefined();
  const messages = Object.values(json.resource.datadog_monitor as Record<string, { message: string }>);
  expect(messages.length).toBeGreaterThan(0);
  for (const m of messages) expect(m.message).not.toContain('@pagerduty');
});

test('invalid settings are refused with the construct path, the setting path and what is allowed', () => {
  const bad = props();
  const product = bad.product as { services: string[]; slackChannel: string };
  product.services = ['sqs', 'lamda'];
  product.slackChannel = '#checkout';
  const err = refusal(() => new ProductAccount(Testing.app(), 'checkout-prod', bad));
  expect(err.message).toMatch(/^Invalid platform config ProductAccount checkout-prod \(2 problems\):/);
  expect(err.problems.map((p) => p.path)).toEqual(['product.slackChannel', 'product.services[1]']);
  expect(err.problems[1].message).toContain('(did you mean "lambda"?)');
});

test('an env the product has no account for is refused, listing the envs', () => {
  const err = refusal(() => new ProductAccount(Testing.app(), 'checkout-dev', { ...props(), env: 'dev' }));
  expect(err.problems).toEqual([
    { path: 'env', message: 'no account of checkout has env "dev"; envs: prod, stg' },
  ]);
});
