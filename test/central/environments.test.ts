// The central stack tells the collector and the dashboard which env each product account is, from the
// platform config: the collector attributes events with it, the dashboard lists quiet envs with it.
import { exampleConfig, type Json } from '../support/synth';
import { synthCentral } from './central-synth';

const s = synthCentral();
const config = exampleConfig();
const environmentOf = (predicate: (vars: Json) => boolean) =>
  s.resourceList('aws_lambda_function').find((f) => predicate(f.environment?.variables ?? {}))!.environment
    .variables;

test('the collector gets product -> account id -> env of every product account', () => {
  const vars = environmentOf((v) => 'PRODUCT_ENVIRONMENTS' in v);
  expect(JSON.parse(vars.PRODUCT_ENVIRONMENTS)).toEqual(
    Object.fromEntries(
      config.products.map((p) => [p.name, Object.fromEntries(p.accounts.map((a) => [a.accountId, a.env]))]),
    ),
  );
  expect(JSON.parse(vars.PRODUCT_ENVIRONMENTS).payments).toEqual({
    '222222222222': 'prod',
    '333333333333': 'stg',
  });
});

test('the query API gets the env names of every product', () => {
  const vars = environmentOf((v) => 'DASHBOARD_ENVIRONMENTS' in v);
  expect(JSON.parse(vars.DASHBOARD_ENVIRONMENTS)).toEqual({ payments: ['prod', 'stg'], search: ['prod'] });
});
