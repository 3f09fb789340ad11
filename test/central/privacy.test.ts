// The collector's personal-data setting goes from the platform config to the function's environment.
import { collectorPart, exampleWithCentral, synthCentral } from './central-synth';

const collectorEnv = (s: ReturnType<typeof synthCentral>) =>
  collectorPart(s)
    .resourceList('aws_lambda_function')
    .find((f) => f.function_name === 'observability-collector')!.environment.variables;

test('Sentry personal data is redacted unless central.privacy.redactPersonalData is false', () => {
  expect(collectorEnv(synthCentral()).REDACT_PERSONAL_DATA).toBe('true');
  const off = exampleWithCentral((central) => {
    central.privacy = { redactPersonalData: false };
  });
  expect(collectorEnv(synthCentral(off)).REDACT_PERSONAL_DATA).toBe('false');
});
