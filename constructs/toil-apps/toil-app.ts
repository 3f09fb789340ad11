import { ServerlessapplicationrepositoryCloudformationStack } from '@cdktf/provider-aws/lib/serverlessapplicationrepository-cloudformation-stack';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { checkSettings } from '../core/setting-error';

/** CloudFormation capabilities a Serverless Application Repository application may need. */
export const SAR_CAPABILITIES = [
  'CAPABILITY_IAM',
  'CAPABILITY_NAMED_IAM',
  'CAPABILITY_RESOURCE_POLICY',
  'CAPABILITY_AUTO_EXPAND',
] as const;
export type SarCapability = (typeof SAR_CAPABILITIES)[number];

/** `arn:aws:serverlessrepo:<region>:<account>:applications/<name>` */
export const SAR_APPLICATION_ARN =
  /^arn:aws[a-z-]*:serverlessrepo:[a-z0-9-]+:\d{12}:applications\/[A-Za-z0-9._-]+$/;

/** Semantic version 2.0.0 (as the Serverless Application Repository requires). */
export const SEMANTIC_VERSION =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

/** The deployed CloudFormation stack is named `serverlessrepo-<name>`: 128 characters at most. */
export const TOIL_APP_NAME = /^[a-zA-Z][a-zA-Z0-9-]{0,112}$/;

export interface ToilAppProps {
  /** Name of the deployment; AWS prefixes the CloudFormation stack name with `serverlessrepo-`. */
  readonly name: string;
  /** ARN of the application in the Serverless Application Repository. */
  readonly applicationId: string;
  /** Version to deploy; pinned so that every account runs the same code. */
  readonly semanticVersion: string;
  /** Values of the application's template parameters. @default {} */
  readonly parameters?: Readonly<Record<string, string>>;
  /** Capabilities the application's template needs. @default [] */
  readonly capabilities?: readonly SarCapability[];
}

/**
 * One toil-automation application (patching, log cleanup, Config triage, …) deployed from the Serverless
 * Application Repository at a pinned version, so the same Lambdas run in every product account.
 */
export class ToilApp extends Construct {
  public readonly stack: ServerlessapplicationrepositoryCloudformationStack;

  constructor(scope: Construct, id: string, props: ToilAppProps) {
    super(scope, id);
    checkSettings(this, [
      !TOIL_APP_NAME.test(props.name) && {
        setting: 'name',
        value: props.name,
        allowed: 'must start with a letter, use only A-Z a-z 0-9 - and be at most 113 characters',
      },
      !Token.isUnresolved(props.applicationId) &&
        !SAR_APPLICATION_ARN.test(props.applicationId) && {
          setting: 'applicationId',
          value: props.applicationId,
          allowed: 'must be arn:aws:serverlessrepo:<region>:<account>:applications/<name>',
        },
      !SEMANTIC_VERSION.test(props.semanticVersion) && {
        setting: 'semanticVersion',
        value: props.semanticVersion,
        allowed: 'must be a semantic version such as 1.2.3',
      },
      ...(props.capabilities ?? []).map(
        (capability, i) =>
          !SAR_CAPABILITIES.includes(capability) && {
            setting: `capabilities[${i}]`,
            value: capability,
            allowed: `must be one of ${SAR_CAPABILITIES.join(', ')}`,
          },
      ),
    ]);

    this.stack = new ServerlessapplicationrepositoryCloudformationStack(this, 'Resource', {
      name: props.name,
      applicationId: props.applicationId,
      semanticVersion: props.semanticVersion,
      parameters: { ...(props.parameters ?? {}) },
      capabilities: [...(props.capabilities ?? [])],
    });
  }
}
