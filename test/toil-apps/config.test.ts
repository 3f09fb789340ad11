import { parsePlatformConfigYaml } from '../../stacks/config/load';
import { yamlProblems } from '../support/config';
import { exampleConfig, exampleConfigText } from '../support/synth';

/** The example config with the search product's toil apps replaced. */
function withSearchToilApps(block: string): string {
  const text = exampleConfigText();
  const start = text.indexOf('    toilApps:\n      - name: toil-log-cleanup');
  if (start < 0) throw new Error('example config layout changed: search toilApps not found');
  const after = text.indexOf('\n    pagerduty:', start);
  const end = after < 0 ? text.length : after + 1;
  return text.slice(0, start) + block + text.slice(end);
}

const ARN = 'arn:aws:serverlessrepo:us-east-1:555555555555:applications/toil-log-cleanup';

test('the example config lists toil apps for every product, parameters passed as text', () => {
  const [payments, search] = exampleConfig().products;
  expect(payments.toilApps.map((a) => a.name)).toEqual(['toil-ssm-patching', 'toil-config-triage']);
  expect(search.toilApps.map((a) => a.name)).toEqual(['toil-log-cleanup', 'toil-unauthorized-api-calls']);
  expect(search.toilApps[0].parameters).toEqual({ RetentionDays: '30', EventSource: 'acme.toil' });
  expect(payments.toilApps[1].parameters.AutoRemediate).toBe('false');
});

test('parameters and capabilities default to none', () => {
  const config = parsePlatformConfigYaml(
    withSearchToilApps(
      `    toilApps:\n      - { name: cleanup, applicationId: "${ARN}", semanticVersion: "1.0.0" }\n`,
    ),
  );
  expect(config.products[1].toilApps).toEqual([
    { name: 'cleanup', applicationId: ARN, semanticVersion: '1.0.0', parameters: {}, capabilities: [] },
  ]);
});

test('fails with the path, the allowed values and the bad value', () => {
  const text = withSearchToilApps(
    [
      '    toilApps:',
      '      - name: 1-cleanup',
      '        applicationId: arn:aws:lambda:us-east-1:555555555555:function:cleanup',
      '        semanticVersion: 1.2',
      '        capabilities: [CAPABILITY_EVERYTHING]',
      '        parameters: { Days: [30] }',
      '        region: us-east-1',
      '',
    ].join('\n'),
  );
  const at = 'products[1].toilApps[0]';
  expect(yamlProblems(text)).toEqual([
    `${at}.name: must start with a letter and use only A-Z a-z 0-9 - (at most 113 characters), got "1-cleanup"`,
    `${at}.applicationId: must be a Serverless Application Repository ARN: arn:aws:serverlessrepo:<region>:<account>:applications/<name>, got "arn:aws:lambda:us-east-1:555555555555:function:cleanup"`,
    `${at}.semanticVersion: must be a semantic version such as 1.4.2 (quote it in YAML), got 1.2`,
    `${at}.parameters.Days: parameter values must be strings, numbers or booleans, got [30]`,
    `${at}.capabilities[0]: must be one of CAPABILITY_IAM, CAPABILITY_NAMED_IAM, CAPABILITY_RESOURCE_POLICY, CAPABILITY_AUTO_EXPAND, got "CAPABILITY_EVERYTHING"`,
    `${at}.region: unknown key; allowed keys: name, applicationId, semanticVersion, parameters, capabilities`,
  ]);
});

test('fails on a parameter name CloudFormation would refuse', () => {
  const text = withSearchToilApps(
    `    toilApps:\n      - { name: cleanup, applicationId: "${ARN}", semanticVersion: "1.0.0", parameters: { Retention-Days: 3 } }\n`,
  );
  expect(yamlProblems(text)).toEqual([
    'products[1].toilApps[0].parameters.Retention-Days: parameter names are 1-255 letters and digits (CloudFormation parameter names), got "Retention-Days"',
  ]);
});

test('fails on two toil apps with the same name in one product', () => {
  const app = `{ name: cleanup, applicationId: "${ARN}", semanticVersion: "1.0.0" }`;
  const text = withSearchToilApps(`    toilApps:\n      - ${app}\n      - ${app}\n`);
  expect(yamlProblems(text)).toEqual([
    'products[1].toilApps[1].name: duplicate toil app name (already used by toilApps[0]); names must be unique within a product, got "cleanup"',
  ]);
});
