import { ApiGatewayDeployment } from '@cdktf/provider-aws/lib/api-gateway-deployment';
import { ApiGatewayMethodSettings } from '@cdktf/provider-aws/lib/api-gateway-method-settings';
import { ApiGatewayStage } from '@cdktf/provider-aws/lib/api-gateway-stage';
import type { ITerraformDependable } from 'cdktf';
import type { Construct } from 'constructs';
import { COLLECTOR_ACCESS_LOG_FORMAT } from './access-log-format';
import { EncryptedLogGroup } from './encrypted-log-group';

export interface RestApiStageProps {
  readonly restApiId: string;
  /** API name, part of the access log group's name. */
  readonly apiName: string;
  readonly stageName: string;
  readonly stageDescription: string;
  /** Stage variables. @default - none */
  readonly variables?: Readonly<Record<string, string>>;
  /** What redeploys the API when it changes (hashes of its definition and resources). */
  readonly deploymentTriggers: Readonly<Record<string, string>>;
  /** The methods, integrations and gateway responses the deployment must include. */
  readonly deploymentDependsOn: readonly ITerraformDependable[];
  /** Stage-wide steady rate, requests per second. */
  readonly throttleRateLimit: number;
  readonly throttleBurstLimit: number;
  readonly logRetentionDays: number;
  readonly logsKmsKeyArn: string;
  /** Resources the stage must wait for (the account's API Gateway CloudWatch role). */
  readonly stageDependsOn: readonly ITerraformDependable[];
}

export interface RestApiStage {
  readonly deployment: ApiGatewayDeployment;
  readonly accessLogs: EncryptedLogGroup;
  readonly stage: ApiGatewayStage;
  readonly methodSettings: ApiGatewayMethodSettings;
}

/**
 * The deployed side of a REST API, as both the collector and the dashboard query API run it: a deployment
 * redone whenever its triggers change, a stage with X-Ray tracing and JSON access logs in an encrypted log
 * group, and stage-wide metrics and throttling. Created directly in `scope` (ids `Deployment`, `AccessLogs`,
 * `Stage`, `MethodSettings`), so the resources keep the addresses they had when each API built them itself.
 */
export function addRestApiStage(scope: Construct, props: RestApiStageProps): RestApiStage {
  const deployment = new ApiGatewayDeployment(scope, 'Deployment', {
    restApiId: props.restApiId,
    description: 'Redeployed whenever the API definition changes (see triggers)',
    triggers: { ...props.deploymentTriggers },
    lifecycle: { createBeforeDestroy: true },
    dependsOn: [...props.deploymentDependsOn],
  });

  const accessLogs = new EncryptedLogGroup(scope, 'AccessLogs', {
    name: `/aws/apigateway/${props.apiName}/${props.stageName}/access`,
    retentionDays: props.logRetentionDays,
    kmsKeyArn: props.logsKmsKeyArn,
  });

  const stage = new ApiGatewayStage(scope, 'Stage', {
    restApiId: props.restApiId,
    deploymentId: deployment.id,
    stageName: props.stageName,
    description: props.stageDescription,
    xrayTracingEnabled: true,
    variables: props.variables ? { ...props.variables } : undefined,
    accessLogSettings: {
      destinationArn: accessLogs.arn,
      format: JSON.stringify(COLLECTOR_ACCESS_LOG_FORMAT),
    },
    dependsOn: [...props.stageDependsOn],
  });

  const methodSettings = new ApiGatewayMethodSettings(scope, 'MethodSettings', {
    restApiId: props.restApiId,
    stageName: stage.stageName,
    methodPath: '*/*',
    settings: {
      metricsEnabled: true,
      // Execution logs can hold request parameters and headers (the collector's query-string API key, the
      // dashboard's tokens): access logs only.
      loggingLevel: 'OFF',
      dataTraceEnabled: false,
      throttlingRateLimit: props.throttleRateLimit,
      throttlingBurstLimit: props.throttleBurstLimit,
    },
  });

  return { deployment, accessLogs, stage, methodSettings };
}
