import type { Json, Synthesized } from '../support/synth';
import {
  actionsOf,
  collectorPart,
  exampleWithCentral,
  policyDocuments,
  refTarget,
  synthCentral,
} from './central-synth';

// `stack`: the whole central stack, for properties that hold everywhere in it; `s`: the collector's part.
let stack: Synthesized;
let s: Synthesized;
beforeAll(() => {
  stack = synthCentral();
  s = collectorPart(stack);
});

describe('DocumentDB', () => {
  test('storage is encrypted with a customer-managed key that rotates', () => {
    const cluster = s.only('aws_docdb_cluster');
    expect(cluster.storage_encrypted).toBe(true);
    const keyId = refTarget(cluster.kms_key_id);
    expect(keyId).toMatch(/^aws_kms_key\./);
    const key = s.resources('aws_kms_key')[keyId!.split('.')[1]];
    expect(key.enable_key_rotation).toBe(true);
  });

  test('the cluster parameter group requires TLS and turns the audit log on, and the cluster uses it', () => {
    const group = s.only('aws_docdb_cluster_parameter_group');
    const param = (name: string) => group.parameter.find((p: Json) => p.name === name)?.value;
    expect(param('tls')).toBe('enabled');
    expect(param('audit_logs')).toBe('enabled');
    expect(param('profiler')).toBe('enabled');
    expect(s.only('aws_docdb_cluster').db_cluster_parameter_group_name).toBe(
      s.ref('aws_docdb_cluster_parameter_group', 'name'),
    );
  });

  test('deletion protection, a final snapshot and at least 7 days of backups', () => {
    const cluster = s.only('aws_docdb_cluster');
    expect(cluster.deletion_protection).toBe(true);
    expect(cluster.skip_final_snapshot).toBe(false);
    expect(cluster.final_snapshot_identifier).toEqual(expect.any(String));
    expect(cluster.backup_retention_period).toBeGreaterThanOrEqual(7);
  });

  test('audit and profiler logs are exported to log groups created beforehand with retention', () => {
    const cluster = s.only('aws_docdb_cluster');
    expect(cluster.enabled_cloudwatch_logs_exports).toEqual(['audit', 'profiler']);
    const names = s.resourceList('aws_cloudwatch_log_group').map((g) => g.name);
    for (const kind of ['audit', 'profiler']) {
      expect(names).toContain(`/aws/docdb/${cluster.cluster_identifier}/${kind}`);
    }
    expect(cluster.depends_on).toHaveLength(2);
  });

  test('the master password is generated during apply and only written to write-only arguments', () => {
    const cluster = s.only('aws_docdb_cluster');
    expect(cluster.master_password).toBeUndefined();
    // The master's (the functions' users have passwords of their own: test/central/database-users.test.ts).
    const [ephemeralId] = Object.keys(s.json.ephemeral.aws_secretsmanager_random_password).filter((id) =>
      id.includes('MasterPassword'),
    );
    const password = `ephemeral.aws_secretsmanager_random_password.${ephemeralId}.random_password`;
    expect(cluster.master_password_wo).toBe(`\${${password}}`);

    const secretValue = Object.values<Json>(s.resources('aws_secretsmanager_secret_version')).find((v) =>
      String(v.secret_string_wo ?? '').includes(password),
    );
    expect(secretValue).toBeDefined();
    expect(secretValue!.secret_string).toBeUndefined();
    expect(secretValue!.secret_string_wo_version).toBe(cluster.master_password_wo_version);
    // The secret is in the RDS/DocumentDB format the collector reads.
    for (const field of ['username', 'password', 'host', 'port', 'engine', 'dbClusterIdentifier']) {
      expect(secretValue!.secret_string_wo).toContain(`"${field}" =`);
    }
    // Raising the configured version sends a new password to both.
    const next = collectorPart(
      synthCentral(
        exampleWithCentral((central) => {
          central.documentDb = { ...central.documentDb, masterPasswordVersion: 2 };
        }),
      ),
    );
    expect(next.only('aws_docdb_cluster').master_password_wo_version).toBe(2);
    expect(
      next.resourceList('aws_secretsmanager_secret_version').filter((v) => v.secret_string_wo_version === 2),
    ).toHaveLength(1);
    // Ephemeral resources and write-only arguments need terraform 1.11.
    expect(s.json.terraform.required_version).toBe('>= 1.11.0');
  });
});

describe('network', () => {
  test('subnets are private: no public IPs, no internet or NAT gateway, no route out of the VPC', () => {
    const subnets = s.resourceList('aws_subnet');
    expect(subnets.length).toBeGreaterThanOrEqual(2);
    for (const subnet of subnets) expect(subnet.map_public_ip_on_launch).toBe(false);
    // Each subnet in a different zone of the region.
    // ...each pinned to a different zone (the example config names zone ids), no open-ended zone look-up.
    expect(subnets.map((x) => x.availability_zone_id)).toEqual(['apne1-az1', 'apne1-az4']);
    expect(stack.json.data?.aws_availability_zones).toBeUndefined();
    for (const type of [
      'aws_internet_gateway',
      'aws_nat_gateway',
      'aws_eip',
      'aws_route',
      'aws_egress_only_internet_gateway',
    ]) {
      expect(stack.resourceList(type)).toEqual([]);
    }
    for (const table of s.resourceList('aws_route_table')) expect(table.route ?? []).toEqual([]);
  });

  test('the created VPC records its traffic in flow logs', () => {
    expect(s.only('aws_flow_log')).toMatchObject({
      vpc_id: s.ref('aws_vpc', 'id'),
      traffic_type: 'ALL',
      log_destination_type: 'cloud-watch-logs',
      log_destination: s.ref('aws_cloudwatch_log_group', 'arn', (g) => g.name.endsWith('/flow-logs')),
    });
  });

  test('the collector and DocumentDB live in those subnets', () => {
    const subnetRefs = Object.keys(s.resources('aws_subnet')).map((id) => `\${aws_subnet.${id}.id}`);
    const collector = s
      .resourceList('aws_lambda_function')
      .find((f) => f.function_name === 'observability-collector');
    expect(collector!.vpc_config).toBeDefined();
    expect(collector!.vpc_config.subnet_ids.sort()).toEqual([...subnetRefs].sort());
    expect(s.only('aws_docdb_subnet_group').subnet_ids.sort()).toEqual([...subnetRefs].sort());
  });

  test('only the collector and clients granted by name reach DocumentDB, on 27017 only', () => {
    const dbGroup = s.ref('aws_security_group', 'id', (g) => g.name.endsWith('-docdb'));
    const collectorGroup = s.ref('aws_security_group', 'id', (g) => g.name.endsWith('-collector'));
    const intoDb = s
      .resourceList('aws_vpc_security_group_ingress_rule')
      .filter((r) => r.security_group_id === dbGroup);
    for (const rule of intoDb) {
      expect(rule).toMatchObject({ from_port: 27017, to_port: 27017, ip_protocol: 'tcp' });
      expect(rule.referenced_security_group_id).toMatch(/^\$\{aws_security_group\.[\w-]+\.id\}$/);
    }
    const clients = intoDb.map((r) => r.referenced_security_group_id);
    expect(clients).toContain(collectorGroup);
    // Every client was granted through allowDatabaseClient, which also opens the client's own egress.
    const egressToDb = s
      .resourceList('aws_vpc_security_group_egress_rule')
      .filter((r) => r.referenced_security_group_id === dbGroup)
      .map((r) => r.security_group_id);
    expect([...egressToDb].sort()).toEqual([...clients].sort());
    // With no other client granted, the collector alone.
    const granted = intoDb.filter((r) => r.description === 'DocumentDB from Collector');
    expect(granted.map((r) => r.referenced_security_group_id)).toEqual([collectorGroup]);
    expect(s.only('aws_docdb_cluster').vpc_security_group_ids).toEqual([dbGroup]);
    // No CIDR-based rule anywhere: access is granted group to group.
    for (const type of ['aws_vpc_security_group_ingress_rule', 'aws_vpc_security_group_egress_rule']) {
      for (const rule of s.resourceList(type)) {
        expect(rule.cidr_ipv4).toBeUndefined();
        expect(rule.cidr_ipv6).toBeUndefined();
      }
    }
    for (const group of s.resourceList('aws_security_group')) {
      expect(group.ingress).toBeUndefined();
      expect(group.egress).toBeUndefined();
    }
  });

  test('Secrets Manager is reached through an interface endpoint with private DNS', () => {
    const endpoints = s.resourceList('aws_vpc_endpoint');
    const sm = endpoints.find((e) => e.service_name === 'com.amazonaws.ap-northeast-1.secretsmanager');
    expect(sm).toMatchObject({ vpc_endpoint_type: 'Interface', private_dns_enabled: true });
    expect(s.only('aws_vpc').enable_dns_hostnames).toBe(true);
  });
});

describe('logs', () => {
  test('every log group of the stack has a retention and a customer-managed key', () => {
    for (const group of stack.resourceList('aws_cloudwatch_log_group')) {
      expect(group.retention_in_days).toBeGreaterThan(0);
      expect(refTarget(group.kms_key_id)).toMatch(/^aws_kms_key\./);
    }
    // The collector's: four functions (with the database bootstrap and the anomaly detector), API access
    // logs, DocumentDB audit and profiler, VPC flow logs.
    const groups = s.resourceList('aws_cloudwatch_log_group');
    expect(groups.length).toBe(8);
    for (const group of groups) expect(group.retention_in_days).toBe(30);
  });

  test('the logs key lets CloudWatch Logs of this account and region use it, and nobody else', () => {
    const group = s.resourceList('aws_cloudwatch_log_group')[0];
    const key = s.resources('aws_kms_key')[refTarget(group.kms_key_id)!.split('.')[1]];
    const statements: Json[] = JSON.parse(key.policy).Statement;
    const logs = statements.find((st) => st.Principal?.Service === 'logs.ap-northeast-1.amazonaws.com');
    expect(logs!.Condition.ArnLike['kms:EncryptionContext:aws:logs:arn']).toBe(
      'arn:aws:logs:ap-northeast-1:111111111111:log-group:*',
    );
    const principals = statements.map((st) => JSON.stringify(st.Principal));
    expect(principals).toEqual([
      JSON.stringify({ AWS: 'arn:aws:iam::111111111111:root' }),
      JSON.stringify({ Service: 'logs.ap-northeast-1.amazonaws.com' }),
    ]);
  });

  test('each function writes to its own pre-created log group', () => {
    const groupNames = Object.entries(s.resources('aws_cloudwatch_log_group')).map(
      ([id]) => `\${aws_cloudwatch_log_group.${id}.name}`,
    );
    for (const fn of s.resourceList('aws_lambda_function')) {
      expect(groupNames).toContain(fn.logging_config.log_group);
    }
  });
});

describe('IAM', () => {
  test('no policy in the central stack allows a wildcard action', () => {
    const docs = policyDocuments(stack);
    // Roles, their policies, key policies, secret, topic and endpoint policies are all found.
    const types = new Set(docs.map((d) => d.where.split('.')[0]));
    for (const type of [
      'aws_iam_role',
      'aws_iam_role_policy',
      'aws_kms_key',
      'aws_secretsmanager_secret_policy',
      'aws_sns_topic_policy',
      'aws_vpc_endpoint',
    ]) {
      expect(types).toContain(type);
    }
    // Deny statements may name every action of a service (e.g. refusing plain HTTP): they take, never give.
    const wildcards = docs.flatMap(({ where, doc }) =>
      doc.Statement.filter((st: Json) => st.Effect !== 'Deny').flatMap((st: Json) =>
        actionsOf(st)
          .filter((a) => a.includes('*'))
          .map((a) => `${where}: ${a}`),
      ),
    );
    expect(wildcards).toEqual([]);
    expect(docs.flatMap(({ doc }) => doc.Statement.filter((st: Json) => st.NotAction))).toEqual([]);
  });

  test('no managed policy is attached (managed policies carry wildcard actions)', () => {
    expect(stack.resourceList('aws_iam_role_policy_attachment')).toEqual([]);
    expect(stack.resourceList('aws_iam_policy_attachment')).toEqual([]);
    for (const role of stack.resourceList('aws_iam_role')) expect(role.managed_policy_arns).toBeUndefined();
  });

  test('the collector reads exactly its two secrets and decrypts only through Secrets Manager', () => {
    const collector = s
      .resourceList('aws_lambda_function')
      .find((f) => f.function_name === 'observability-collector')!;
    const roleId = refTarget(collector.role)!.split('.')[1];
    const policy = s
      .resourceList('aws_iam_role_policy')
      .find((p) => p.role === `\${aws_iam_role.${roleId}.id}`)!;
    const statements: Json[] = JSON.parse(policy.policy).Statement;
    const read = statements.find((st) => actionsOf(st).includes('secretsmanager:GetSecretValue'))!;
    expect([...read.Resource].sort()).toEqual(
      [
        collector.environment.variables.DOCDB_SECRET_ARN,
        collector.environment.variables.SIGNING_SECRETS_ARN,
      ].sort(),
    );
    const decrypt = statements.find((st) => actionsOf(st).includes('kms:Decrypt'))!;
    expect(decrypt.Condition.StringEquals['kms:ViaService']).toBe(
      'secretsmanager.ap-northeast-1.amazonaws.com',
    );
  });
});

describe('no secret values in Lambda environments or outputs', () => {
  const secretReference =
    /\.(value|secret_string|secret_string_wo|random_password|master_password\w*|password)\b/;

  test('no Lambda environment variable in the stack references a secret value', () => {
    for (const fn of stack.resourceList('aws_lambda_function')) {
      for (const [name, value] of Object.entries<string>(fn.environment?.variables ?? {})) {
        expect(`${name}=${value}`).not.toMatch(secretReference);
        expect(`${name}=${value}`).not.toMatch(/ephemeral\./);
      }
    }
  });

  test("the collector's and authorizer's environments hold names, numbers and ARNs only", () => {
    for (const fn of s.resourceList('aws_lambda_function')) {
      for (const [name, value] of Object.entries<string>(fn.environment?.variables ?? {})) {
        if (value.startsWith('${')) {
          // References are ARNs of secrets or the API key ids (identifiers, not keys).
          expect(`${name}=${value}`).toMatch(/(\.arn\}$)|(aws_api_gateway_api_key\.[\w-]+\.id)/);
        }
      }
    }
  });

  test('outputs are the API URL and the secrets ARNs, nothing sensitive', () => {
    const outputs: Record<string, Json> = stack.json.output;
    expect(Object.keys(outputs)).toEqual(
      expect.arrayContaining(['collector_key_secret_arns', 'collector_url']),
    );
    const text = JSON.stringify(outputs);
    expect(text).not.toMatch(secretReference);
    expect(outputs.collector_url.value).toMatch(/^\$\{aws_api_gateway_stage\.[\w-]+\.invoke_url\}$/);
    for (const arn of Object.values<string>(outputs.collector_key_secret_arns.value)) {
      expect(arn).toMatch(/^\$\{aws_secretsmanager_secret\.[\w-]+\.arn\}$/);
    }
    for (const output of Object.values(outputs)) expect(output.sensitive).toBeUndefined();
  });

  test('no literal password or key anywhere in the synthesized stack', () => {
    expect(stack.text).not.toMatch(/"master_password"\s*:/);
    expect(stack.text).not.toMatch(/"(password|apiKey)"\s*:\s*"[^$]/);
  });
});

test('every KMS key rotates and every SNS topic is encrypted', () => {
  for (const key of stack.resourceList('aws_kms_key')) expect(key.enable_key_rotation).toBe(true);
  for (const topic of stack.resourceList('aws_sns_topic'))
    expect(refTarget(topic.kms_master_key_id)).toMatch(/^aws_kms_key\./);
});
