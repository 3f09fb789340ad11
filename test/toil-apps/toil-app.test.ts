import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import { ToilApp, type ToilAppProps } from '../../constructs/toil-apps/toil-app';
import { Synthesized } from '../support/synth';

const PROPS: ToilAppProps = {
  name: 'toil-log-cleanup',
  applicationId: 'arn:aws:serverlessrepo:us-east-1:555555555555:applications/toil-log-cleanup',
  semanticVersion: '1.0.7',
};

function newStack(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), 'test');
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  return stack;
}

test('deploys the application at its pinned version, with no parameters or capabilities by default', () => {
  const stack = newStack();
  new ToilApp(stack, 'Cleanup', PROPS);
  expect(Synthesized.of(stack).only('aws_serverlessapplicationrepository_cloudformation_stack')).toEqual({
    name: 'toil-log-cleanup',
    application_id: PROPS.applicationId,
    semantic_version: '1.0.7',
    parameters: {},
    capabilities: [],
  });
});

test('passes parameters and capabilities through', () => {
  const stack = newStack();
  new ToilApp(stack, 'Cleanup', {
    ...PROPS,
    semanticVersion: '2.0.0-rc.1',
    parameters: { RetentionDays: '30' },
    capabilities: ['CAPABILITY_IAM', 'CAPABILITY_AUTO_EXPAND'],
  });
  const app = Synthesized.of(stack).only('aws_serverlessapplicationrepository_cloudformation_stack');
  expect(app.parameters).toEqual({ RetentionDays: '30' });
  expect(app.capabilities).toEqual(['CAPABILITY_IAM', 'CAPABILITY_AUTO_EXPAND']);
  expect(app.semantic_version).toBe('2.0.0-rc.1');
});

test('fails on a bad name, application ARN, version and capability, listing all of them', () => {
  expect(
    () =>
      new ToilApp(newStack(), 'Bad', {
        name: 'log_cleanup',
        applicationId: 'arn:aws:lambda:us-east-1:555555555555:function:cleanup',
        semanticVersion: 'latest',
        capabilities: ['CAPABILITY_ALL' as never],
      }),
  ).toThrow(
    [
      'test/Bad:',
      '  - name = "log_cleanup": must start with a letter, use only A-Z a-z 0-9 - and be at most 113 characters',
      '  - applicationId = "arn:aws:lambda:us-east-1:555555555555:function:cleanup": must be arn:aws:serverlessrepo:<region>:<account>:applications/<name>',
      '  - semanticVersion = "latest": must be a semantic version such as 1.2.3',
      '  - capabilities[0] = "CAPABILITY_ALL": must be one of CAPABILITY_IAM, CAPABILITY_NAMED_IAM, CAPABILITY_RESOURCE_POLICY, CAPABILITY_AUTO_EXPAND',
    ].join('\n'),
  );
});
