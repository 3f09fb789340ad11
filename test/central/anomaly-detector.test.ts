// The log anomaly detector as the central stack carries out `central.anomalyDetection`: a scheduled
// function in the collector's network with its own database user, and nothing when it is turned off.
import { detectorSchedule } from '../../constructs/collector/log-anomaly-detector';
import { ConfigError } from '../../stacks/config/problems';
import type { Json, Synthesized } from '../support/synth';
import { collectorPart, exampleWithCentral, synthCentral } from './central-synth';

const NAME = 'observability-collector-anomaly-detector';
const fn = (s: Synthesized, name: string) =>
  s.resourceList('aws_lambda_function').find((f) => f.function_name === name);

function rolePolicies(s: Synthesized, roleRef: string): Json[] {
  const roleId = roleRef.split('.')[1];
  return s
    .resourceList('aws_iam_role_policy')
    .filter((p) => p.role === `\${aws_iam_role.${roleId}.id}` || p.role === `\${aws_iam_role.${roleId}.name}`)
    .flatMap((p) => JSON.parse(p.policy).Statement);
}

describe('with the defaults', () => {
  let s: Synthesized;
  beforeAll(() => {
    s = collectorPart(synthCentral());
  });

  test('a function in the collector network reads its own database user and gets the default settings', () => {
    const detector = fn(s, NAME)!;
    const collector = fn(s, 'observability-collector')!;
    expect(detector.vpc_config).toEqual(collector.vpc_config);
    expect(detector.reserved_concurrent_executions).toBe(1);
    expect(JSON.parse(detector.environment.variables.DETECTOR_SETTINGS)).toEqual({
      windowMinutes: 15,
      baselineWindows: 96,
      zThreshold: 3.5,
      minErrors: 5,
      minBaselineWindows: 8,
      minBaselineLines: 100,
      maxNewPatterns: 10,
    });
    const secretRef = detector.environment.variables.DOCDB_SECRET_ARN;
    expect(secretRef).toBe(
      s.ref(
        'aws_secretsmanager_secret',
        'arn',
        (x) => x.name === 'observability-collector/observability_detector',
      ),
    );
    expect(secretRef).not.toBe(collector.environment.variables.DOCDB_SECRET_ARN);
  });

  test('its role reads its secret and nothing else of Secrets Manager; only it (and the bootstrap) may read that secret', () => {
    const detector = fn(s, NAME)!;
    const secretRef = detector.environment.variables.DOCDB_SECRET_ARN;
    const reads = rolePolicies(s, detector.role).filter((st) =>
      [st.Action].flat().some((a: string) => a.startsWith('secretsmanager:')),
    );
    expect(reads.map((st) => [st.Action, st.Resource].flat())).toEqual([
      ['secretsmanager:GetSecretValue', secretRef],
    ]);
    const secretId = secretRef.split('.')[1];
    const policy = s
      .resourceList('aws_secretsmanager_secret_policy')
      .find((p) => p.secret_arn === `\${aws_secretsmanager_secret.${secretId}.arn}`)!;
    const allowed = JSON.parse(policy.policy).Statement[0].Condition.ArnNotEquals['aws:PrincipalArn'];
    expect(allowed).toContain(detector.role);
    expect(allowed).not.toContain(fn(s, 'observability-collector')!.role);
  });

  test('the scheduler runs it 2 minutes after each 15-minute window, on the clock, and may invoke only it', () => {
    const schedule = s.resourceList('aws_scheduler_schedule').find((r) => r.name === `${NAME}-every-window`)!;
    const fnId = s.idOf('aws_lambda_function', (f) => f.function_name === NAME);
    expect(schedule).toMatchObject({
      schedule_expression: 'cron(2/15 * * * ? *)',
      schedule_expression_timezone: 'UTC',
      flexible_time_window: { mode: 'OFF' },
      target: {
        arn: `\${aws_lambda_function.${fnId}.arn}`,
        retry_policy: { maximum_retry_attempts: 2, maximum_event_age_in_seconds: 780 },
      },
    });
    const statements = rolePolicies(s, schedule.target.role_arn);
    expect(statements).toEqual([
      expect.objectContaining({
        Action: ['lambda:InvokeFunction'],
        Resource: `\${aws_lambda_function.${fnId}.arn}`,
      }),
    ]);
  });
});

test('settings from the config reach the function and the schedule', () => {
  const s = collectorPart(
    synthCentral(
      exampleWithCentral((central) => {
        central.anomalyDetection = { windowMinutes: 60, delayMinutes: 5, zThreshold: 6, memoryMb: 2048 };
      }),
    ),
  );
  const detector = fn(s, NAME)!;
  expect(detector.memory_size).toBe(2048);
  expect(JSON.parse(detector.environment.variables.DETECTOR_SETTINGS)).toMatchObject({
    windowMinutes: 60,
    zThreshold: 6,
  });
  expect(
    s.resourceList('aws_scheduler_schedule').find((r) => r.name === `${NAME}-every-window`),
  ).toMatchObject({
    schedule_expression: 'cron(5 * * * ? *)',
  });
});

test('turned off: no function, no schedule (the database user stays, unused)', () => {
  const s = collectorPart(
    synthCentral(
      exampleWithCentral((central) => {
        central.anomalyDetection = { enabled: false };
      }),
    ),
  );
  expect(fn(s, NAME)).toBeUndefined();
  expect(s.resourceList('aws_scheduler_schedule').map((r) => r.name)).not.toContain(`${NAME}-every-window`);
});

test.each([
  [{ windowMinutes: 7 }, 'central.anomalyDetection.windowMinutes', 'must be one of 5, 10, 15, 20, 30, 60'],
  [
    { windowMinutes: 10, delayMinutes: 10 },
    'central.anomalyDetection.delayMinutes',
    'must be less than windowMinutes (10)',
  ],
  [
    { baselineWindows: 6, minBaselineWindows: 8 },
    'central.anomalyDetection.minBaselineWindows',
    'must be at most baselineWindows (6)',
  ],
  [{ zThreshold: 0.5 }, 'central.anomalyDetection.zThreshold', 'must be at least 1'],
  [{ window: 15 }, 'central.anomalyDetection', 'window'],
])('config %j is refused at %s', (value, where, message) => {
  let error: unknown;
  try {
    exampleWithCentral((central) => {
      central.anomalyDetection = value;
    });
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(ConfigError);
  expect(String((error as Error).message)).toContain(where);
  expect(String((error as Error).message)).toContain(message);
});

test('the schedule is aligned to the clock for every allowed window; a delay must fit in the window', () => {
  expect(detectorSchedule(5, 0)).toBe('cron(0/5 * * * ? *)');
  expect(detectorSchedule(30, 29)).toBe('cron(29/30 * * * ? *)');
  expect(() => detectorSchedule(15, 15)).toThrow(
    'delayMinutes must be a whole number from 0 to 14 (less than the window); got 15',
  );
});
