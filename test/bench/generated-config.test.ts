import { readFileSync } from 'node:fs';
import { generatedConfig } from '../../bench/synth';
import { EXAMPLE_CONFIG_PATH, parsePlatformConfigYaml } from '../../stacks/config/load';

describe('the synthesis benchmark config', () => {
  test('is a valid platform config with one account per product, all distinct', () => {
    const config = parsePlatformConfigYaml(generatedConfig(3), 'generated');
    expect(config.products.map((p) => p.name)).toEqual(['product001', 'product002', 'product003']);
    const accounts = config.products.flatMap((p) => p.accounts.map((a) => a.accountId));
    expect(new Set(accounts).size).toBe(3);
    expect(accounts).not.toContain(config.central.accountId);
  });

  test('gives every product the example’s fullest product, apart from its name and account', () => {
    const [first] = parsePlatformConfigYaml(generatedConfig(1), 'generated').products;
    const template = parsePlatformConfigYaml(readFileSync(EXAMPLE_CONFIG_PATH, 'utf8')).products[0];
    expect({ ...first, name: template.name, accounts: template.accounts }).toEqual(template);
  });

  // YAML anchors for the repeated parts would trip the parser's alias limit (a guard against alias bombs).
  test('still parses with 500 products', () => {
    expect(parsePlatformConfigYaml(generatedConfig(500), 'generated').products).toHaveLength(500);
  });
});
