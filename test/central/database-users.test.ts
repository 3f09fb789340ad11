// Least-privilege database users in the synthesized central stack: each function connects as its own
// user, whose password is generated during apply and written only to its own secret, which only that
// function (and the deploy-time bootstrap) may read; the bootstrap runs at deploy and again when its
// input changes.
import { DATABASE_USERS } from '../../lambda-src/db-bootstrap/roles';
import { exampleConfig, type Json, type Synthesized } from '../support/synth';
import { exampleWithCentral, synthCentral } from './central-synth';

const SECRET = 'aws_secretsmanager_secret';
let s: Synthesized;
beforeAll(() => {
  s = synthCentral();
});

const fnNamed = (name: string) =>
  s.resourceList('aws_lambda_function').find((f) => f.function_name === name)!;
const secretRef = (name: string) => s.ref(SECRET, 'arn', (x) => x.name === name);
const rolePolicyOf = (fn: Json) => {
  const roleId = /aws_iam_role\.([\w-]+)\.arn/.exec(fn.role)![1];
  const policy = s
    .resourceList('aws_iam_role_policy')
    .find((p) => p.role === `\${aws_iam_role.${roleId}.id}`)!;
  return { roleArn: `\${aws_iam_role.${roleId}.arn}`, doc: JSON.parse(policy.policy) };
};
const readable = (doc: Json) =>
  doc.Statement.filter((st: Json) => st.Action.includes('secretsmanager:GetSecretValue')).flatMap(
    (st: Json) => [st.Resource].flat(),
  );

const COLLECTOR = 'observability-collector';
const QUERY = 'observability-dashboard';
const MASTER = 'observability-collector/master';
const userSecret = (user: string) => `observability-collector/${user}`;

test('each user has its own secret with a password generated during apply, never in the state', () => {
  const ephemeral = Object.keys(s.json.ephemeral.aws_secretsmanager_random_password);
  for (const spec of DATABASE_USERS) {
    const secretId = s.idOf(SECRET, (x) => x.name === userSecret(spec.user));
    const version = s
      .resourceList('aws_secretsmanager_secret_version')
      .find((v) => v.secret_id === `\${${SECRET}.${secretId}.id}`)!;
    expect(version.secret_string).toBeUndefined();
    const password = ephemeral.find((id) => id.includes(`Password-${spec.id}`))!;
    expect(version.secret_string_wo).toContain(
      `"password" = ephemeral.aws_secretsmanager_random_password.${password}.random_password`,
    );
    expect(version.secret_string_wo).toContain(`"username" = "${spec.user}"`);
    expect(version.secret_string_wo_version).toBe(1);
  }
});

test('the collector and the query API connect as their own users, and may not read the master secret', () => {
  const fns = [
    [COLLECTOR, 'observability_collector'],
    [QUERY, 'observability_query'],
  ] as const;
  for (const [name, user] of fns) {
    const fn = fnNamed(name);
    expect(fn.environment.variables.DOCDB_SECRET_ARN).toBe(secretRef(userSecret(user)));
    const readableByIt = readable(rolePolicyOf(fn).doc);
    expect(readableByIt).toContain(secretRef(userSecret(user)));
    expect(readableByIt).not.toContain(secretRef(MASTER));
    const other = DATABASE_USERS.find((u) => u.user !== user)!;
    expect(readableByIt).not.toContain(secretRef(userSecret(other.user)));
  }
});

test("each user's secret denies every principal but its function, the bootstrap and the deploy role", () => {
  const bootstrap = rolePolicyOf(fnNamed('observability-collector-db-bootstrap')).roleArn;
  for (const [fnName, user] of [
    [COLLECTOR, 'observability_collector'],
    [QUERY, 'observability_query'],
  ]) {
    const policy = s
      .resourceList('aws_secretsmanager_secret_policy')
      .find((p) => p.secret_arn === secretRef(userSecret(user)))!;
    expect(JSON.parse(policy.policy).Statement).toEqual([
      {
        Sid: 'OnlyItsFunctionReads',
        Effect: 'Deny',
        Principal: '*',
        Action: ['secretsmanager:GetSecretValue'],
        Resource: '*',
        Condition: {
          // The deploy role refreshes the secret version (GetSecretValue) on every plan.
          ArnNotEquals: {
            'aws:PrincipalArn': [
              rolePolicyOf(fnNamed(fnName)).roleArn,
              bootstrap,
              'arn:aws:iam::111111111111:role/observability-deploy',
            ],
          },
        },
      },
    ]);
  }
});

test('the bootstrap connects as master and is invoked at deploy, after the cluster, the passwords and its network', () => {
  const fn = fnNamed('observability-collector-db-bootstrap');
  expect(fn.environment.variables.DOCDB_SECRET_ARN).toBe(secretRef(MASTER));
  expect(readable(rolePolicyOf(fn).doc).sort()).toEqual(
    [MASTER, ...DATABASE_USERS.map((u) => userSecret(u.user))].map(secretRef).sort(),
  );
  const invocation = s.only('aws_lambda_invocation');
  expect(invocation.function_name).toBe(s.ref('aws_lambda_function', 'function_name', (f) => f === fn));
  for (const spec of DATABASE_USERS) {
    expect(invocation.input).toContain(`"${spec.id}" = ${secretRef(userSecret(spec.user)).slice(2, -1)}`);
  }
  const deps: string[] = invocation.depends_on;
  expect(deps.filter((d) => d.startsWith('aws_docdb_cluster_instance.'))).toHaveLength(2);
  expect(deps.filter((d) => d.startsWith('aws_secretsmanager_secret_version.'))).toHaveLength(3);
  expect(deps.filter((d) => d.startsWith('aws_vpc_security_group_'))).toHaveLength(4);
});

test('raising documentDb.userPasswordVersion writes new passwords and invokes the bootstrap again', () => {
  const before = s.only('aws_lambda_invocation');
  const raw = exampleConfig();
  const after = synthCentral(
    exampleWithCentral((central) => {
      central.documentDb = { ...central.documentDb, userPasswordVersion: 2 };
    }),
  );
  expect(raw.central.documentDb.userPasswordVersion).toBe(1);
  expect(after.only('aws_lambda_invocation').triggers.revision).not.toBe(before.triggers.revision);
  expect(after.only('aws_lambda_invocation').input).not.toBe(before.input);
  const versions = after
    .resourceList('aws_secretsmanager_secret_version')
    .filter((v) => String(v.secret_string_wo ?? '').includes('"username" = "observability_'));
  expect(versions.map((v) => v.secret_string_wo_version)).toEqual([2, 2, 2]);
});
