import { parsePlatformConfigYaml } from '../../stacks/config/load';
import { yamlProblems } from '../support/config';
import { exampleConfig, exampleConfigText } from '../support/synth';

/** The example config with the payments product's eventForwarding block replaced. */
function withPaymentsForwarding(block: string): string {
  const text = exampleConfigText();
  const start = text.indexOf('    eventForwarding:\n      guardDutyMinSeverity');
  const end = text.indexOf('    # Toil automation');
  if (start < 0 || end < start)
    throw new Error('example config layout changed: payments eventForwarding not found');
  return text.slice(0, start) + block + text.slice(end);
}

test('defaults: enabled, medium severities, 20/s, EventBridge maximum retries, 14-day retention', () => {
  const config = parsePlatformConfigYaml(withPaymentsForwarding('    eventForwarding: {}\n'));
  expect(config.products[0].eventForwarding).toEqual({
    enabled: true,
    guardDutyMinSeverity: 4,
    inspectorMinSeverity: 'MEDIUM',
    securityHubMinSeverity: 'MEDIUM',
    toilSource: 'observability.toil',
    healthEvents: false,
    unauthorizedApiCalls: { enabled: false, createTrail: false, trailRetentionDays: 365 },
    devOpsGuru: {
      enabled: false,
      coverage: 'stacks',
      stackNames: ['*'],
      tagValues: ['*'],
      logAnomalyDetection: true,
    },
    rateLimitPerSecond: 20,
    maxEventAgeSeconds: 86_400,
    maxRetryAttempts: 185,
    deadLetterRetentionSeconds: 1_209_600,
  });
});

test('the example config sets forwarding for both products', () => {
  const [payments, search] = exampleConfig().products;
  expect(payments.eventForwarding).toMatchObject({ healthEvents: true, toilSource: 'acme.toil' });
  expect(search.eventForwarding).toMatchObject({ inspectorMinSeverity: 'HIGH', healthEvents: false });
});

test('accepts the limits of EventBridge exactly', () => {
  const config = parsePlatformConfigYaml(
    withPaymentsForwarding(
      '    eventForwarding:\n      maxEventAgeSeconds: 60\n      maxRetryAttempts: 0\n      rateLimitPerSecond: 300\n      deadLetterRetentionSeconds: 60\n',
    ),
  );
  expect(config.products[0].eventForwarding).toMatchObject({
    maxEventAgeSeconds: 60,
    maxRetryAttempts: 0,
    rateLimitPerSecond: 300,
    deadLetterRetentionSeconds: 60,
  });
});

test('fails with the path, the allowed values and the bad value of every wrong setting', () => {
  const text = withPaymentsForwarding(
    [
      '    eventForwarding:',
      '      guardDutyMinSeverity: 12',
      '      inspectorMinSeverity: SEVERE',
      '      securityHubMinSeverity: medium',
      '      toilSource: aws.toil',
      '      healthEvents: yes',
      '      rateLimitPerSecond: 0',
      '      maxEventAgeSeconds: 86401',
      '      maxRetryAttempts: 186',
      '      deadLetterRetentionSeconds: 2000000',
      '      retries: 3',
      '',
    ].join('\n'),
  );
  const at = 'products[0].eventForwarding';
  expect(yamlProblems(text)).toEqual([
    `${at}.guardDutyMinSeverity: must be from 1 to 10 (GuardDuty severity), got 12`,
    `${at}.inspectorMinSeverity: must be one of INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL, got "SEVERE"`,
    `${at}.securityHubMinSeverity: must be one of INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL (did you mean "MEDIUM"?), got "medium"`,
    `${at}.toilSource: must not start with "aws." (reserved for AWS services), got "aws.toil"`,
    `${at}.healthEvents: must be true or false, got "yes"`,
    `${at}.rateLimitPerSecond: must be from 1 to 300 invocations per second, got 0`,
    `${at}.maxEventAgeSeconds: must be from 60 to 86400 seconds, got 86401`,
    `${at}.maxRetryAttempts: must be from 0 to 185 attempts, got 186`,
    `${at}.deadLetterRetentionSeconds: must be from 60 to 1209600 seconds, got 2000000`,
    `${at}.retries: unknown key; allowed keys: enabled, guardDutyMinSeverity, inspectorMinSeverity, securityHubMinSeverity, toilSource, healthEvents, unauthorizedApiCalls, devOpsGuru, rateLimitPerSecond, maxEventAgeSeconds, maxRetryAttempts, deadLetterRetentionSeconds`,
  ]);
});

test('fails on fractional retry settings and a toil source with spaces', () => {
  const text = withPaymentsForwarding(
    '    eventForwarding:\n      maxRetryAttempts: 2.5\n      toilSource: "acme toil"\n',
  );
  expect(yamlProblems(text)).toEqual([
    'products[0].eventForwarding.toilSource: must be an event source of A-Z a-z 0-9 . _ / - (at most 256 characters), such as acme.toil, got "acme toil"',
    'products[0].eventForwarding.maxRetryAttempts: must be a whole number of attempts from 0 to 185, got 2.5',
  ]);
});

test('the example config: payments forwards denials through its existing trail and covers its stacks; search creates a trail and covers by tag', () => {
  const [payments, search] = exampleConfig().products;
  expect(payments.eventForwarding.unauthorizedApiCalls).toEqual({
    enabled: true,
    createTrail: false,
    trailRetentionDays: 365,
  });
  expect(payments.eventForwarding.devOpsGuru).toMatchObject({
    enabled: true,
    coverage: 'stacks',
    stackNames: ['*'],
  });
  expect(search.eventForwarding.unauthorizedApiCalls).toMatchObject({ enabled: true, createTrail: true });
  expect(search.eventForwarding.devOpsGuru).toMatchObject({ coverage: 'tags', tagKey: 'DevOps-Guru-search' });
});

test('DevOps Guru and trail settings: each wrong one named with what is allowed', () => {
  const text = withPaymentsForwarding(
    [
      '    eventForwarding:',
      '      unauthorizedApiCalls: { enabled: true, createTrail: maybe, trailRetentionDays: 0 }',
      '      devOpsGuru: { enabled: true, coverage: everything }',
      '',
    ].join('\n'),
  );
  const at = 'products[0].eventForwarding';
  expect(yamlProblems(text)).toEqual([
    `${at}.unauthorizedApiCalls.createTrail: must be true or false, got "maybe"`,
    `${at}.unauthorizedApiCalls.trailRetentionDays: must be from 1 to 3650 days, got 0`,
    `${at}.devOpsGuru.coverage: must be stacks or tags, got "everything"`,
  ]);
  const tags = withPaymentsForwarding(
    '    eventForwarding:\n      devOpsGuru: { enabled: true, coverage: tags }\n',
  );
  expect(yamlProblems(tags)).toEqual([
    `${at}.devOpsGuru.tagKey: is required when coverage is tags, got nothing`,
  ]);
  const badKey = withPaymentsForwarding(
    '    eventForwarding:\n      devOpsGuru: { enabled: true, coverage: tags, tagKey: app }\n',
  );
  expect(yamlProblems(badKey)).toEqual([
    `${at}.devOpsGuru.tagKey: must start with DevOps-Guru- (any case), as AWS requires, got "app"`,
  ]);
});
