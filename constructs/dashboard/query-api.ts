import * as path from 'node:path';
import { ApiGatewayAuthorizer } from '@cdktf/provider-aws/lib/api-gateway-authorizer';
import { ApiGatewayGatewayResponse } from '@cdktf/provider-aws/lib/api-gateway-gateway-response';
import { ApiGatewayIntegration } from '@cdktf/provider-aws/lib/api-gateway-integration';
import { ApiGatewayMethod } from '@cdktf/provider-aws/lib/api-gateway-method';
import { ApiGatewayResource } from '@cdktf/provider-aws/lib/api-gateway-resource';
import { ApiGatewayRestApi } from '@cdktf/provider-aws/lib/api-gateway-rest-api';
import type { ApiGatewayStage } from '@cdktf/provider-aws/lib/api-gateway-stage';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Fn, type ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { suppressCheckov } from '../core/checkov';
import { LAMBDA_SRC_DIR } from '../core/lambda-bundle';
import { LAMBDA_RUNTIME_CA_BUNDLE, NodeFunction, type NodeRuntime } from '../core/node-function';
import { addRestApiStage } from '../core/rest-api-stage';
import { secretReadStatements } from '../core/secret-read-statements';

export const DEFAULT_QUERY_API_ENTRY = path.join(LAMBDA_SRC_DIR, 'query-api', 'handler.ts');

/** The API answers under this path on the page's own origin (CloudFront routes it to API Gateway). */
export const QUERY_API_PATH = 'api';

export interface QueryApiProps {
  readonly accountId: string;
  readonly region: string;
  /** Name of the function, the API and the security group. */
  readonly name: string;
  readonly vpcId: string;
  /** Private subnets that reach DocumentDB. */
  readonly subnetIds: readonly string[];
  /** The DocumentDB credentials secret (RDS/DocumentDB format) and its KMS key. */
  readonly docdbSecretArn: string;
  readonly docdbSecretKmsKeyArn: string;
  /** ARN of the Cognito user pool whose users may call the API. */
  readonly userPoolArn: string;
  /** Cognito group whose members may write postmortems (the only writes the API takes). */
  readonly postmortemWriters: string;
  /** Products listed in the overview even without events. */
  readonly products: readonly string[];
  /** Env names per product: one overview row each, even without events. @default - one row per product */
  readonly environments?: Readonly<Record<string, readonly string[]>>;
  readonly logRetentionDays: number;
  readonly logsKmsKeyArn: string;
  /** @default lambda-src/query-api/handler.ts */
  readonly entry?: string;
  /** @default nodejs22.x */
  readonly runtime?: NodeRuntime;
  /** @default 512 */
  readonly memorySizeMb?: number;
  /** Function timeout; API Gateway gives up after 29 s. @default 20 */
  readonly timeoutSeconds?: number;
  /** Caps concurrent queries, hence DocumentDB connections. @default 5 */
  readonly reservedConcurrentExecutions?: number;
  /** @default observability */
  readonly eventsDbName?: string;
  /** Stage name. @default v1 */
  readonly stageName?: string;
  /** Stage-wide steady rate, requests per second. @default 20 */
  readonly throttleRateLimit?: number;
  /** @default 40 */
  readonly throttleBurstLimit?: number;
  /** Resources the stage must wait for (the account's API Gateway CloudWatch role). @default [] */
  readonly stageDependsOn?: readonly ITerraformDependable[];
}

/**
 * The dashboard's query API: a Lambda in the VPC reading DocumentDB (and writing postmortems only), behind
 * a REST API whose routes, `GET|POST|PUT /api/{proxy+}`, require a valid Cognito user pool token.
 * Everything else API Gateway answers itself (403/404) without calling the function.
 */
export class QueryApi extends Construct {
  public readonly fn: NodeFunction;
  public readonly securityGroup: SecurityGroup;
  public readonly restApi: ApiGatewayRestApi;
  public readonly authorizer: ApiGatewayAuthorizer;
  public readonly methods: readonly ApiGatewayMethod[];
  public readonly stage: ApiGatewayStage;
  public readonly stageName: string;
  /** Host name of the API, for a CloudFront origin. */
  public readonly domainName: string;

  constructor(scope: Construct, id: string, props: QueryApiProps) {
    super(scope, id);
    const stageName = props.stageName ?? 'v1';
    this.stageName = stageName;

    this.securityGroup = new SecurityGroup(this, 'SecurityGroup', {
      name: props.name,
      description: 'Dashboard query API: DocumentDB and endpoints only',
      vpcId: props.vpcId,
      // No inline rules: terraform removes the default allow-all egress; the collector network adds
      // egress to DocumentDB and the endpoints (Collector.allowDatabaseClient).
      revokeRulesOnDelete: true,
    });

    this.fn = new NodeFunction(this, 'Function', {
      accountId: props.accountId,
      region: props.region,
      functionName: props.name,
      description: 'Observability dashboard: queries of the collected events, and postmortems',
      entry: props.entry ?? DEFAULT_QUERY_API_ENTRY,
      runtime: props.runtime,
      memorySizeMb: props.memorySizeMb ?? 512,
      timeoutSeconds: props.timeoutSeconds ?? 20,
      logRetentionDays: props.logRetentionDays,
      logsKmsKeyArn: props.logsKmsKeyArn,
      subnetIds: props.subnetIds,
      securityGroupIds: [this.securityGroup.id],
      reservedConcurrentExecutions: props.reservedConcurrentExecutions ?? 5,
      statements: secretReadStatements({
        secretArn: props.docdbSecretArn,
        kmsKeyArn: props.docdbSecretKmsKeyArn,
        region: props.region,
      }),
      environment: {
        DOCDB_SECRET_ARN: props.docdbSecretArn,
        EVENTS_DB_NAME: props.eventsDbName ?? 'observability',
        DASHBOARD_PRODUCTS: JSON.stringify(props.products),
        DASHBOARD_ENVIRONMENTS: JSON.stringify(props.environments ?? {}),
        POSTMORTEM_WRITERS_GROUP: props.postmortemWriters,
        NODE_EXTRA_CA_CERTS: LAMBDA_RUNTIME_CA_BUNDLE,
        NODE_OPTIONS: '--enable-source-maps',
      },
    });

    this.restApi = new ApiGatewayRestApi(this, 'Resource', {
      name: props.name,
      description: 'Observability dashboard query API (Cognito users only)',
      endpointConfiguration: { types: ['REGIONAL'] },
      lifecycle: { createBeforeDestroy: true },
    });
    const restApiId = this.restApi.id;
    this.domainName = `${restApiId}.execute-api.${props.region}.amazonaws.com`;

    this.authorizer = new ApiGatewayAuthorizer(this, 'Authorizer', {
      restApiId,
      name: `${props.name}-cognito`,
      type: 'COGNITO_USER_POOLS',
      providerArns: [props.userPoolArn],
      identitySource: 'method.request.header.Authorization',
    });

    const api = new ApiGatewayResource(this, 'ApiPath', {
      restApiId,
      parentId: this.restApi.rootResourceId,
      pathPart: QUERY_API_PATH,
    });
    const proxy = new ApiGatewayResource(this, 'ProxyPath', {
      restApiId,
      parentId: api.id,
      pathPart: '{proxy+}',
    });
    // GET reads; POST and PUT write postmortems (the function refuses any other write and checks the
    // caller's group). Every method requires a valid Cognito token.
    const routes = (['GET', 'POST', 'PUT'] as const).map((httpMethod) => {
      const name = httpMethod === 'GET' ? 'Get' : httpMethod === 'POST' ? 'Post' : 'Put';
      const method = new ApiGatewayMethod(this, `${name}Proxy`, {
        restApiId,
        resourceId: proxy.id,
        httpMethod,
        authorization: 'COGNITO_USER_POOLS',
        authorizerId: this.authorizer.id,
      });
      const integration = new ApiGatewayIntegration(this, `${name}ProxyIntegration`, {
        restApiId,
        resourceId: proxy.id,
        httpMethod: method.httpMethod,
        type: 'AWS_PROXY',
        integrationHttpMethod: 'POST',
        uri: this.fn.invokeArn,
      });
      suppressCheckov(
        method,
        'CKV2_AWS_53',
        'the function validates every query parameter and body (zod) and answers 400 naming the bad one',
      );
      return { method, integration };
    });
    this.methods = routes.map((r) => r.method);
    // Anything but GET /api/... is not a route: say so, instead of API Gateway's misleading 403.
    const notFound = new ApiGatewayGatewayResponse(this, 'UnknownRoute', {
      restApiId,
      responseType: 'MISSING_AUTHENTICATION_TOKEN',
      statusCode: '404',
      responseTemplates: {
        'application/json': JSON.stringify({
          error: 'unknown route; GET /api/..., POST or PUT /api/postmortems/...',
        }),
      },
    });

    const deployed = addRestApiStage(this, {
      restApiId,
      apiName: props.name,
      stageName,
      stageDescription: 'Dashboard query API stage',
      deploymentTriggers: {
        resources: Fn.sha1(
          Fn.jsonencode([
            api.id,
            proxy.id,
            ...routes.flatMap(({ method, integration }) => [
              method.id,
              method.authorization,
              integration.id,
              integration.uri,
            ]),
            this.authorizer.id,
            this.authorizer.providerArns,
            notFound.id,
          ]),
        ),
      },
      deploymentDependsOn: [...routes.flatMap(({ method, integration }) => [method, integration]), notFound],
      throttleRateLimit: props.throttleRateLimit ?? 20,
      throttleBurstLimit: props.throttleBurstLimit ?? 40,
      logRetentionDays: props.logRetentionDays,
      logsKmsKeyArn: props.logsKmsKeyArn,
      stageDependsOn: props.stageDependsOn ?? [],
    });
    this.stage = deployed.stage;
    suppressCheckov(
      this.stage,
      'CKV2_AWS_51',
      'callers prove who they are with Cognito tokens, not client certificates',
    );
    suppressCheckov(
      this.stage,
      'CKV2_AWS_29',
      'reached through CloudFront only by signed-in users; throttled per stage',
    );
    suppressCheckov(this.stage, 'CKV_AWS_120', 'answers are per user and must be fresh: no API cache');
    suppressCheckov(
      deployed.methodSettings,
      'CKV_AWS_225',
      'answers depend on the signed-in user and must be current: no cache',
    );
    suppressCheckov(
      this.stage,
      'CKV2_AWS_4',
      'execution logging is off on purpose (it would record request headers); JSON access logs are on',
    );
    const fn = this.fn.function;
    suppressCheckov(
      fn,
      'CKV_AWS_116',
      'invoked synchronously by API Gateway only: a DLQ serves asynchronous invocations',
    );
    suppressCheckov(
      fn,
      'CKV_AWS_272',
      'bundled at synth time from the reviewed repository and deployed as a zip asset; no signing profile in this pipeline',
    );
    suppressCheckov(
      fn,
      'CKV_AWS_173',
      'the environment holds no secret (ARNs, names, product names) and is encrypted with the AWS-managed key',
    );
    new LambdaPermission(this, 'InvokeQueryApi', {
      functionName: this.fn.functionName,
      action: 'lambda:InvokeFunction',
      principal: 'apigateway.amazonaws.com',
      sourceArn: `${this.restApi.executionArn}/${stageName}/GET/${QUERY_API_PATH}/*`,
    });
    for (const httpMethod of ['POST', 'PUT'])
      new LambdaPermission(this, `Invoke${httpMethod === 'POST' ? 'Post' : 'Put'}QueryApi`, {
        functionName: this.fn.functionName,
        action: 'lambda:InvokeFunction',
        principal: 'apigateway.amazonaws.com',
        sourceArn: `${this.restApi.executionArn}/${stageName}/${httpMethod}/${QUERY_API_PATH}/*`,
      });
  }
}
