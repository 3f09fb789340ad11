import { parsePlatformConfig, parsePlatformConfigYaml } from '../../stacks/config';
import { exampleRaw, problemsOf } from '../support/config';
import { buildTestPlatform, exampleConfig, exampleConfigText, Synthesized } from '../support/synth';

test('the example central section is valid and fills in the defaults', () => {
  const central = parsePlatformConfigYaml(exampleConfigText()).central;
  expect(central.documentDb.backupRetentionDays).toBeGreaterThanOrEqual(7);
  expect(central.documentDb.deletionProtection).toBe(true);
  expect(central.lambda.runtime).toBe('nodejs22.x');
  expect(central.api.maxBodyBytes).toBe(1048576);
  expect(central.network.existingVpcId).toBeUndefined();
});

test('fails on backups kept less than 7 days', () => {
  const raw = exampleRaw();
  raw.central.documentDb = { backupRetentionDays: 3 };
  expect(problemsOf(raw)).toEqual([
    'central.documentDb.backupRetentionDays: must be at least 7 (days; DocumentDB keeps 1-35, this platform requires at least 7), got 3',
  ]);
});

test('fails on an instance class DocumentDB does not have, listing the allowed ones', () => {
  const raw = exampleRaw();
  raw.central.documentDb = { instanceClass: 'db.m5.large' };
  const [problem] = problemsOf(raw);
  expect(problem).toMatch(
    /^central\.documentDb\.instanceClass: must be a DocumentDB instance class \(one of db\.t3\.medium, /,
  );
  expect(problem).toMatch(/, got "db\.m5\.large"$/);
});

test('fails on a log retention CloudWatch Logs does not offer', () => {
  const raw = exampleRaw();
  raw.central.lambda = { logRetentionDays: 10 };
  expect(problemsOf(raw)).toEqual([
    'central.lambda.logRetentionDays: must be a CloudWatch Logs retention (one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653), got 10',
  ]);
});

test('fails on a Lambda timeout API Gateway would not wait for', () => {
  const raw = exampleRaw();
  raw.central.lambda = { timeoutSeconds: 60 };
  expect(problemsOf(raw)).toEqual([
    'central.lambda.timeoutSeconds: must be at most 28 (seconds; API Gateway gives up after 29), got 60',
  ]);
});

test('fails on an existing VPC without its subnets, and on subnets without their VPC', () => {
  const raw = exampleRaw();
  raw.central.network = {
    existingVpcId: 'vpc-0123456789abcdef0',
    existingSubnetIds: ['subnet-0123456789abcdef0'],
  };
  expect(problemsOf(raw)).toEqual([
    'central.network.existingSubnetIds: must list at least two private subnets (in different availability zones) of existingVpcId, got ["subnet-0123456789abcdef0"]',
  ]);
  raw.central.network = { existingSubnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'] };
  expect(problemsOf(raw)).toEqual([
    'central.network.existingVpcId: must name the VPC of existingSubnetIds, got nothing',
  ]);
});

test('fails on zone ids that are malformed, repeated, or given with an existing VPC', () => {
  const raw = exampleRaw();
  raw.central.network = { zoneIds: ['apne1-az1', 'ap-northeast-1a'] };
  expect(problemsOf(raw)).toEqual([
    'central.network.zoneIds[1]: must be an availability zone id such as apne1-az1, got "ap-northeast-1a"',
  ]);
  raw.central.network = { zoneIds: ['apne1-az1', 'apne1-az1'] };
  expect(problemsOf(raw)).toEqual([
    'central.network.zoneIds: must not repeat a zone id, got ["apne1-az1","apne1-az1"]',
  ]);
  raw.central.network = {
    zoneIds: ['apne1-az1', 'apne1-az4'],
    existingVpcId: 'vpc-0123456789abcdef0',
    existingSubnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'],
  };
  expect(problemsOf(raw)).toEqual([
    'central.network.zoneIds: applies to the VPC created for the collector, not to existingVpcId (its subnets name their zones), got ["apne1-az1","apne1-az4"]',
  ]);
});

test('without zone ids, the subnets take the first zones by name and never move afterwards', () => {
  const raw = exampleRaw();
  raw.central.network = { availabilityZones: 3 };
  const s = Synthesized.of(buildTestPlatform(parsePlatformConfig(raw)).central);
  const subnets = s
    .resourceList('aws_subnet')
    .filter((x) => x.tags.Name.startsWith('observability-collector-'));
  const [zones] = Object.keys(s.dataSources('aws_availability_zones'));
  expect(subnets.map((x) => x.availability_zone)).toEqual(
    [0, 1, 2].map((i) => `\${element(data.aws_availability_zones.${zones}.names, ${i})}`),
  );
  for (const subnet of subnets) expect(subnet.lifecycle).toEqual({ ignore_changes: ['availability_zone'] });
});

test('fails on a malformed subnet id', () => {
  const raw = exampleRaw();
  raw.central.network = {
    existingVpcId: 'vpc-0123456789abcdef0',
    existingSubnetIds: ['subnet-1', 'subnet-0123456789abcdef1'],
  };
  expect(problemsOf(raw)).toEqual([
    'central.network.existingSubnetIds[0]: must be a subnet id such as subnet-0123456789abcdef0, got "subnet-1"',
  ]);
});

test('fails on alarm emails combined with an existing topic', () => {
  const raw = exampleRaw();
  raw.central.alarms = {
    emails: ['sre@example.com'],
    topicArn: 'arn:aws:sns:ap-northeast-1:111111111111:alarms',
  };
  expect(problemsOf(raw)).toEqual([
    'central.alarms.emails: cannot be combined with topicArn: subscribe the addresses to that topic instead, got ["sre@example.com"]',
  ]);
});

test('fails on a quarantine alarm period CloudWatch cannot evaluate, naming the path', () => {
  const raw = exampleRaw();
  raw.central.alarms = { quarantine: { periodMinutes: 2880 } };
  expect(problemsOf(raw)).toEqual([expect.stringMatching(/^central\.alarms\.quarantine\.periodMinutes: /)]);
});

test('fails on a usage plan override for a product that does not exist', () => {
  const raw = exampleRaw();
  raw.central.api = { products: { paymnets: { quota: { limit: 10, period: 'DAY' } } } };
  // Refused with the config's other problems, before any stack is built.
  expect(problemsOf(raw)).toEqual([
    'central.api.products.paymnets: unknown product "paymnets" (did you mean "payments"?); products: payments, search',
  ]);
});

test('an existing VPC is used as is: no VPC, subnet or route table is created', () => {
  const raw = exampleRaw();
  const subnets = ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'];
  raw.central.network = { existingVpcId: 'vpc-0123456789abcdef0', existingSubnetIds: subnets };
  const s = Synthesized.of(buildTestPlatform(parsePlatformConfig(raw)).central);
  for (const type of ['aws_vpc', 'aws_subnet', 'aws_route_table']) expect(s.resourceList(type)).toEqual([]);
  expect(s.only('aws_docdb_subnet_group').subnet_ids).toEqual(subnets);
  for (const group of s.resourceList('aws_security_group'))
    expect(group.vpc_id).toBe('vpc-0123456789abcdef0');
  expect(
    s.resourceList('aws_lambda_function').find((f) => f.function_name === 'observability-collector')!
      .vpc_config.subnet_ids,
  ).toEqual(subnets);
});

test('the example config names no key, password or secret value', () => {
  expect(exampleConfigText()).not.toMatch(/apiKey|password|secret/i);
  expect(exampleConfig().central).not.toHaveProperty('apiKeys');
});
