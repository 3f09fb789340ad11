import {
  EXAMPLE_CONFIG_PATH,
  parsePlatformConfig,
  parsePlatformConfigYaml,
  resolveConfigPath,
} from '../../stacks/config';
import { exampleRaw, problemsOf } from '../support/config';
import { EXAMPLE_CONFIG_FILE, exampleConfigText } from '../support/synth';

describe('platform config', () => {
  test('the example config is valid and lists the central account and its products', () => {
    const config = parsePlatformConfigYaml(exampleConfigText());
    expect(config.central.accountId).toMatch(/^\d{12}$/);
    expect(config.products.length).toBeGreaterThanOrEqual(2);
    expect(config.products.some((p) => p.accounts.length >= 2)).toBe(true);
  });

  test('fails on an account id that is not 12 digits, naming the path and the value', () => {
    const raw = exampleRaw();
    raw.products[1].accounts[0].accountId = '12345';
    expect(problemsOf(raw)).toContain('products[1].accounts[0].accountId: must be 12 digits, got "12345"');
  });

  test('fails on an unquoted account id (a YAML number loses leading zeros)', () => {
    const raw = exampleRaw();
    raw.central.accountId = 12345678901;
    const [problem] = problemsOf(raw);
    expect(problem).toMatch(
      /^central\.accountId: must be a 12-digit string \(quote it in YAML.*got 12345678901$/,
    );
  });

  test('fails on an unknown region and lists the allowed ones', () => {
    const raw = exampleRaw();
    raw.products[0].accounts[1].region = 'ap-northeast-9';
    const [problem] = problemsOf(raw);
    expect(problem).toMatch(
      /^products\[0\]\.accounts\[1\]\.region: must be an AWS region \(one of .*ap-northeast-1.*\), got "ap-northeast-9"$/,
    );
  });

  test('fails on duplicate product names', () => {
    const raw = exampleRaw();
    raw.products[1].name = raw.products[0].name;
    expect(problemsOf(raw)).toContainEqual(
      expect.stringMatching(
        /^products\[1\]\.name: duplicate product name "payments" \(already used by products\[0\]\)/,
      ),
    );
  });

  test('fails on a duplicate <product>-<env> within a product', () => {
    const raw = exampleRaw();
    raw.products[0].accounts[1].env = 'prod';
    expect(problemsOf(raw)).toContainEqual(
      expect.stringMatching(
        /^products\[0\]\.accounts\[1\]\.env: duplicate stack "payments-prod" \(already defined at products\[0\]\.accounts\[0\]\)/,
      ),
    );
  });

  // Envs cannot contain "-", so "a-b" + "c" and "a" + "b-c" can never name the same stack.
  test('fails on an env with a "-"', () => {
    const raw = exampleRaw();
    raw.products[0].accounts[0].env = 'prod-eu';
    expect(problemsOf(raw)).toContainEqual(
      expect.stringMatching(/^products\[0\]\.accounts\[0\]\.env: must be 1-10 of a-z 0-9/),
    );
  });

  test('fails on the same account used by two product stacks', () => {
    const raw = exampleRaw();
    raw.products[1].accounts[0].accountId = raw.products[0].accounts[0].accountId;
    expect(problemsOf(raw)).toContainEqual(
      expect.stringMatching(
        /^products\[1\]\.accounts\[0\]\.accountId: account "222222222222" is already used by products\[0\]\.accounts\[0\]/,
      ),
    );
  });

  test.each([
    ['Payments', 'must start with a lower-case letter'],
    ['pay_ments', 'contain only a-z, 0-9 and "-"'],
    ['payments-', 'must not end with "-"'],
    ['a-very-long-product-name-x', 'at most 24 characters'],
  ])('fails on product name %j that cannot be used in resource names', (name, expected) => {
    const raw = exampleRaw();
    raw.products[0].name = name;
    const problems = problemsOf(raw);
    expect(problems).toContainEqual(expect.stringContaining(expected));
    expect(problems.find((p) => p.includes(expected))).toContain(`got ${JSON.stringify(name)}`);
  });

  test('fails on an unknown key (typo), suggesting the closest allowed key', () => {
    const raw = exampleRaw();
    raw.products[1].slackChanel = raw.products[1].slackChannel;
    expect(problemsOf(raw)).toContainEqual(
      expect.stringMatching(
        /^products\[1\]\.slackChanel: unknown key \(did you mean "slackChannel"\?\); allowed keys: name, team, slackChannel/,
      ),
    );
  });

  test('fails on an unknown key at the top level and inside accounts', () => {
    const raw = exampleRaw();
    raw.centrl = {};
    raw.products[0].accounts[0].acountId = '1';
    const problems = problemsOf(raw);
    expect(problems).toContainEqual(
      expect.stringMatching(/^centrl: unknown key \(did you mean "central"\?\)/),
    );
    expect(problems).toContainEqual(
      expect.stringMatching(
        /^products\[0\]\.accounts\[0\]\.acountId: unknown key \(did you mean "accountId"\?\)/,
      ),
    );
  });

  test('fails on a missing required key, saying it is required', () => {
    const raw = exampleRaw();
    delete raw.products[0].team;
    expect(problemsOf(raw)).toContainEqual(expect.stringMatching(/^products\[0\]\.team: is required/));
  });

  test('fails on an unknown AWS service, listing the allowed ones', () => {
    const raw = exampleRaw();
    raw.products[1].services = ['ec2', 'redshift'];
    expect(problemsOf(raw)).toContainEqual(
      expect.stringMatching(/^products\[1\]\.services\[1\]: must be one of ec2, alb, .*, got "redshift"$/),
    );
  });

  test('fails on deployment settings that cannot work', () => {
    const raw = exampleRaw();
    raw.deployment.roleName = 'arn:aws:iam::111111111111:role/x';
    raw.deployment.stateBucket = 'Bad_Bucket';
    const problems = problemsOf(raw);
    expect(problems).toContainEqual(expect.stringMatching(/^deployment\.roleName: must be an IAM role name/));
    expect(problems).toContainEqual(
      expect.stringMatching(/^deployment\.stateBucket: must be an S3 bucket name.*got "Bad_Bucket"$/),
    );
  });

  test('reports every problem at once, not only the first', () => {
    const raw = exampleRaw();
    raw.central.accountId = 'abc';
    raw.products[0].accounts[0].region = 'mars-1';
    raw.products[1].name = raw.products[0].name;
    raw.products[1].typo = true;
    const problems = problemsOf(raw);
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(
      [
        'central.accountId',
        // search, renamed away, still has API limits
        'central.api.products.search',
        'products[0].accounts[0].region',
        'products[1].name',
        // the renamed product's stack now collides with payments-prod as well
        'products[1].accounts[0].env',
        'products[1].typo',
      ].sort(),
    );
  });

  test('fails on YAML that does not parse, with the line', () => {
    expect(() => parsePlatformConfigYaml('central:\n  accountId: "1\nproducts: []\n', 'broken.yaml')).toThrow(
      /Invalid platform config broken\.yaml .*\n\s+- line \d+, column \d+: YAML syntax: /s,
    );
  });

  test('shows the YAML around a syntax error, numbered, with a caret under the bad text', () => {
    const text = 'deployment:\n  stateBucket: acme-state\n  tags: { team: sre: x }\ncentral: {}\n';
    let message = '';
    try {
      parsePlatformConfigYaml(text, 'platform.yaml');
    } catch (err) {
      message = (err as Error).message;
    }
    const lines = message.split('\n');
    const at = lines.findIndex((l) => l.includes('3 |   tags: { team: sre: x }'));
    expect(lines[1]).toMatch(/^ {2}- line 3, column (\d+): YAML syntax: \S/);
    expect(lines[at - 1]).toContain('2 |   stateBucket: acme-state');
    // The caret sits under the column the message names.
    const column = Number(/column (\d+)/.exec(lines[1])?.[1]);
    const caretLine = lines[at + 1];
    const bar = caretLine.indexOf('| ') + 2;
    expect(caretLine.indexOf('^') - bar + 1).toBe(column);
    expect(lines[at].slice(lines[at].indexOf('| ') + 2)).toBe('  tags: { team: sre: x }');
  });

  test('fails on duplicate keys in YAML', () => {
    const text = exampleConfigText().replace('central:\n', 'central:\n  region: us-east-1\n');
    expect(() => parsePlatformConfigYaml(text)).toThrow(/YAML syntax: Map keys must be unique/);
  });

  test('the error message is one bulleted list with the file name', () => {
    const raw = exampleRaw();
    raw.central.accountId = '1';
    expect(() => parsePlatformConfig(raw, 'platform.yaml')).toThrow(
      'Invalid platform config platform.yaml (1 problem):\n  - central.accountId: must be 12 digits, got "1"',
    );
  });
});

describe('where the config comes from', () => {
  test('--config PATH and --config=PATH win over PLATFORM_CONFIG', () => {
    expect(resolveConfigPath(['--config', '/a.yaml'], { PLATFORM_CONFIG: '/b.yaml' })).toBe('/a.yaml');
    expect(resolveConfigPath(['--config=/a.yaml'], { PLATFORM_CONFIG: '/b.yaml' })).toBe('/a.yaml');
  });

  test('PLATFORM_CONFIG is used without --config, the example config without either', () => {
    expect(resolveConfigPath([], { PLATFORM_CONFIG: '/b.yaml' })).toBe('/b.yaml');
    expect(resolveConfigPath([], {})).toBe(EXAMPLE_CONFIG_PATH);
    expect(EXAMPLE_CONFIG_PATH).toBe(EXAMPLE_CONFIG_FILE);
  });

  test('fails when --config has no path', () => {
    expect(() => resolveConfigPath(['--config'], {})).toThrow('--config needs a path: --config PATH');
    expect(() => resolveConfigPath(['--config', '--verbose'], {})).toThrow('--config needs a path');
  });
});
