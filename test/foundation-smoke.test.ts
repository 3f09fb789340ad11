import { buildTestPlatform, Synthesized } from './support/synth';

test('example config builds central and every product account stack', () => {
  const stacks = buildTestPlatform();
  expect(stacks.central.node.id).toBe('central');
  expect(stacks.products.map((s) => s.node.id)).toEqual(['payments-prod', 'payments-stg', 'search-prod']);
  const s = Synthesized.of(stacks.products[0]);
  expect(s.json.provider.aws[0].allowed_account_ids).toEqual(['222222222222']);
});
