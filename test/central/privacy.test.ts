// Personal data settings of the platform config, as the synthesized central stack carries them out.
import type { Json, Synthesized } from '../support/synth';
import { collectorPart, exampleWithCentral, synthCentral } from './central-synth';

const fn = (s: Synthesized, name: string) =>
  s.resourceList('aws_lambda_function').find((f) => f.function_name === name);

test('Sentry personal data is redacted unless central.privacy.redactPersonalData is false', () => {
  expect(
    fn(collectorPart(synthCentral()), 'observability-collector')!.environment.variables.REDACT_PERSONAL_DATA,
  ).toBe('true');
  const off = exampleWithCentral((central) => {
    central.privacy = { redactPersonalData: false };
  });
  expect(
    fn(collectorPart(synthCentral(off)), 'observability-collector')!.environment.variables
      .REDACT_PERSONAL_DATA,
  ).toBe('false');
});

describe('raw payload retention', () => {
  let s: Synthesized;
  beforeAll(() => {
    s = collectorPart(
      synthCentral(
        exampleWithCentral((central) => {
          central.privacy = { rawRetentionDays: 30 };
        }),
      ),
    );
  });

  test('without rawRetentionDays there is no retention function: raw is kept', () => {
    expect(fn(collectorPart(synthCentral()), 'observability-collector-raw-retention')).toBeUndefined();
  });

  test('a daily schedule invokes a function in the collector network, configured with the retention', () => {
    const retention = fn(s, 'observability-collector-raw-retention')!;
    const collector = fn(s, 'observability-collector')!;
    expect(retention.environment.variables).toMatchObject({
      RAW_RETENTION_DAYS: '30',
      PRODUCTS: JSON.stringify(['payments', 'search']),
      DOCDB_SECRET_ARN: collector.environment.variables.DOCDB_SECRET_ARN,
    });
    expect(retention.vpc_config).toEqual(collector.vpc_config);
    expect(retention.reserved_concurrent_executions).toBe(1);
    const schedule = s
      .resourceList('aws_scheduler_schedule')
      .find((r) => r.name === 'observability-collector-raw-retention-daily')!;
    const fnId = s.idOf('aws_lambda_function', (f) => f === retention);
    expect(schedule).toMatchObject({
      schedule_expression: 'rate(1 day)',
      target: { arn: `\${aws_lambda_function.${fnId}.arn}`, retry_policy: { maximum_retry_attempts: 3 } },
    });
    // The scheduler's role may invoke this function and nothing else.
    const roleId = schedule.target.role_arn.split('.')[1];
    const statements = s
      .resourceList('aws_iam_role_policy')
      .filter((p) => p.role === `\${aws_iam_role.${roleId}.id}`)
      .flatMap((p) => JSON.parse(p.policy).Statement);
    expect(statements).toEqual([
      expect.objectContaining({
        Action: ['lambda:InvokeFunction'],
        Resource: `\${aws_lambda_function.${fnId}.arn}`,
      }),
    ]);
    expect(JSON.parse(s.resources('aws_iam_role')[roleId].assume_role_policy).Statement[0].Principal).toEqual(
      {
        Service: 'scheduler.amazonaws.com',
      },
    );
  });

  test('its role may read the database secret and nothing else', () => {
    const retention = fn(s, 'observability-collector-raw-retention')!;
    const roleRef = retention.role;
    const policies = s
      .resourceList('aws_iam_role_policy')
      .filter((p) => roleRef.startsWith(`\${aws_iam_role.`) && roleRef.includes(p.role.split('.')[1]))
      .map((p) => JSON.parse(p.policy).Statement as Json[]);
    const actions = policies.flat().flatMap((st) => [st.Action].flat());
    const read = policies.flat().find((st) => [st.Action].flat().includes('secretsmanager:GetSecretValue'))!;
    expect([read.Resource].flat()).toEqual([
      fn(s, 'observability-collector')!.environment.variables.DOCDB_SECRET_ARN,
    ]);
    expect(new Set(actions)).toEqual(
      new Set([
        'secretsmanager:GetSecretValue',
        'kms:Decrypt',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        'xray:PutTraceSegments',
        'xray:PutTelemetryRecords',
        'ec2:CreateNetworkInterface',
        'ec2:DescribeNetworkInterfaces',
        'ec2:DescribeSubnets',
        'ec2:DeleteNetworkInterface',
        'ec2:AssignPrivateIpAddresses',
        'ec2:UnassignPrivateIpAddresses',
      ]),
    );
  });

  test('a retention below one day names the path', () => {
    expect(() =>
      exampleWithCentral((central) => {
        central.privacy = { rawRetentionDays: 0 };
      }),
    ).toThrow(/central\.privacy\.rawRetentionDays: /);
  });
});
