import { createHash } from 'node:crypto';
import { ApiGatewayApiKey } from '@cdktf/provider-aws/lib/api-gateway-api-key';
import { ApiGatewayAuthorizer } from '@cdktf/provider-aws/lib/api-gateway-authorizer';
import type { ApiGatewayDeployment } from '@cdktf/provider-aws/lib/api-gateway-deployment';
import { ApiGatewayGatewayResponse } from '@cdktf/provider-aws/lib/api-gateway-gateway-response';
import { ApiGatewayIntegration } from '@cdktf/provider-aws/lib/api-gateway-integration';
import { ApiGatewayMethod } from '@cdktf/provider-aws/lib/api-gateway-method';
import { ApiGatewayResource } from '@cdktf/provider-aws/lib/api-gateway-resource';
import { ApiGatewayRestApi } from '@cdktf/provider-aws/lib/api-gateway-rest-api';
import type { ApiGatewayStage } from '@cdktf/provider-aws/lib/api-gateway-stage';
import { ApiGatewayUsagePlan } from '@cdktf/provider-aws/lib/api-gateway-usage-plan';
import { ApiGatewayUsagePlanKey } from '@cdktf/provider-aws/lib/api-gateway-usage-plan-key';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { Fn, type ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { WEBHOOK_ROUTES, type WebhookRoute } from '../../lambda-src/collector/sources';
import { suppressCheckov } from '../core/checkov';
import type { EncryptedLogGroup } from '../core/encrypted-log-group';
import { addRestApiStage } from '../core/rest-api-stage';
import { checkSettings } from '../core/setting-error';
import { COLLECTOR_BINARY_MEDIA_TYPES } from './binary-media-types';

/** Webhook senders the API accepts at `POST /webhooks/<source>`: the source registry's webhook routes. */
export const WEBHOOK_SOURCES: readonly WebhookRoute[] = WEBHOOK_ROUTES;
export type WebhookSource = WebhookRoute;

/** Where the authorizer looks for the key, in order. Also the stage variable used as identity source. */
export const API_KEY_LOCATIONS = 'header.x-api-key,querystring.apiKey';
const API_KEY_LOCATIONS_VARIABLE = 'apiKeyLocations';

/** The function an API route or authorizer invokes. */
export interface InvokedFunction {
  readonly functionName: string;
  readonly invokeArn: string;
}

export interface ProductUsagePlan {
  readonly product: string;
  readonly throttleRateLimit: number;
  readonly throttleBurstLimit: number;
  readonly quotaLimit: number;
  readonly quotaPeriod: 'DAY' | 'WEEK' | 'MONTH';
}

export interface CollectorApiProps {
  /** API name, also the prefix of key and usage plan names. */
  readonly name: string;
  readonly collector: InvokedFunction;
  readonly authorizer: InvokedFunction;
  /** One API key and one usage plan per product. */
  readonly products: readonly ProductUsagePlan[];
  /** Webhook routes. @default WEBHOOK_SOURCES */
  readonly webhookSources?: readonly WebhookSource[];
  /** Stage name, the last segment of the base URL. @default v1 */
  readonly stageName?: string;
  /** Stage-wide steady rate, requests per second: `central.api.throttle.rateLimit`. */
  readonly throttleRateLimit: number;
  /** Stage-wide burst: `central.api.throttle.burstLimit`. */
  readonly throttleBurstLimit: number;
  readonly logRetentionDays: number;
  readonly logsKmsKeyArn: string;
  /** Resources the stage must wait for (the account's CloudWatch role setting). @default [] */
  readonly stageDependsOn?: readonly ITerraformDependable[];
}

/** One method of the API. */
export interface CollectorRoute {
  readonly method: 'POST';
  readonly path: string;
}

/**
 * The collector's REST API: `POST /events` and `POST /webhooks/<source>` (one resource per accepted source,
 * so API Gateway itself refuses any other source), every method requiring an API key that a REQUEST Lambda
 * authorizer supplies (`api_key_source = AUTHORIZER`) from the `x-api-key` header or the `apiKey` query
 * parameter. One key and one usage plan per product; a stage with throttling, tracing and JSON access logs;
 * a deployment redone whenever the API's definition changes.
 */
export class CollectorApi extends Construct {
  public readonly restApi: ApiGatewayRestApi;
  public readonly stage: ApiGatewayStage;
  public readonly deployment: ApiGatewayDeployment;
  public readonly authorizer: ApiGatewayAuthorizer;
  public readonly accessLogs: EncryptedLogGroup;
  public readonly routes: readonly CollectorRoute[];
  public readonly stageName: string;
  /** Base URL, e.g. `https://abc123.execute-api.ap-northeast-1.amazonaws.com/v1`. */
  public readonly url: string;
  public readonly apiKeys: ReadonlyMap<string, ApiGatewayApiKey>;
  public readonly usagePlans: ReadonlyMap<string, ApiGatewayUsagePlan>;

  constructor(scope: Construct, id: string, props: CollectorApiProps) {
    super(scope, id);
    const stageName = props.stageName ?? 'v1';
    this.stageName = stageName;
    const sources = props.webhookSources ?? WEBHOOK_SOURCES;
    const unknown = sources.filter((s) => !(WEBHOOK_SOURCES as readonly string[]).includes(s));
    const names = props.products.map((p) => p.product);
    checkSettings(this, [
      unknown.length > 0 && {
        setting: 'webhookSources',
        value: unknown,
        allowed: `must be among ${WEBHOOK_SOURCES.join(', ')}`,
      },
      new Set(names).size !== names.length && {
        setting: 'products',
        value: names,
        allowed: 'must name each product once',
      },
    ]);

    this.restApi = new ApiGatewayRestApi(this, 'Resource', {
      name: props.name,
      description: 'Observability collector: events from EventBridge API destinations and SaaS webhooks',
      apiKeySource: 'AUTHORIZER',
      binaryMediaTypes: [...COLLECTOR_BINARY_MEDIA_TYPES],
      endpointConfiguration: { types: ['REGIONAL'] },
      lifecycle: { createBeforeDestroy: true },
    });
    const restApiId = this.restApi.id;

    this.authorizer = new ApiGatewayAuthorizer(this, 'Authorizer', {
      restApiId,
      name: `${props.name}-api-key`,
      type: 'REQUEST',
      authorizerUri: props.authorizer.invokeArn,
      // The key may be in a header *or* the query string. API Gateway answers 401 without calling the
      // authorizer when any identity source is missing, so neither can be one. The provider cannot leave the
      // identity source empty (it defaults to the Authorization header), so it is a stage variable that is
      // always set. With caching off (TTL 0) the identity source is never a cache key.
      identitySource: `stageVariables.${API_KEY_LOCATIONS_VARIABLE}`,
      authorizerResultTtlInSeconds: 0,
    });

    const routes: CollectorRoute[] = [
      { method: 'POST', path: '/events' },
      ...sources.map((s) => ({ method: 'POST' as const, path: `/webhooks/${s}` })),
    ];
    this.routes = routes;

    const resources = new Map<string, ApiGatewayResource>();
    const resourceFor = (path: string): ApiGatewayResource => {
      const existing = resources.get(path);
      if (existing) return existing;
      const parts = path.split('/').filter(Boolean);
      const parentPath = `/${parts.slice(0, -1).join('/')}`;
      const parentId = parts.length === 1 ? this.restApi.rootResourceId : resourceFor(parentPath).id;
      const resource = new ApiGatewayResource(this, `Path${toId(path)}`, {
        restApiId,
        parentId,
        pathPart: parts[parts.length - 1],
      });
      resources.set(path, resource);
      return resource;
    };

    const methods: ApiGatewayMethod[] = [];
    const integrations: ApiGatewayIntegration[] = [];
    for (const route of routes) {
      const resource = resourceFor(route.path);
      const method = new ApiGatewayMethod(this, `${route.method}${toId(route.path)}`, {
        restApiId,
        resourceId: resource.id,
        httpMethod: route.method,
        authorization: 'CUSTOM',
        authorizerId: this.authorizer.id,
        apiKeyRequired: true,
      });
      suppressCheckov(
        method,
        'CKV2_AWS_53',
        'the collector validates every payload and quarantines what it does not recognize; a request model would reject (and lose) payloads the contract says must be kept',
      );
      methods.push(method);
      integrations.push(
        new ApiGatewayIntegration(this, `${route.method}${toId(route.path)}Integration`, {
          restApiId,
          resourceId: resource.id,
          httpMethod: method.httpMethod,
          type: 'AWS_PROXY',
          integrationHttpMethod: 'POST',
          uri: props.collector.invokeArn,
        }),
      );
    }

    // An unknown path or source is a client mistake, not an authentication problem (API Gateway's default 403).
    const notFound = new ApiGatewayGatewayResponse(this, 'UnknownRoute', {
      restApiId,
      responseType: 'MISSING_AUTHENTICATION_TOKEN',
      statusCode: '404',
      responseTemplates: {
        'application/json': JSON.stringify({
          message: `unknown route; POST ${routes.map((r) => r.path).join(', ')}`,
        }),
      },
    });

    const deployed = addRestApiStage(this, {
      restApiId,
      apiName: props.name,
      stageName,
      stageDescription: 'Collector stage',
      variables: { [API_KEY_LOCATIONS_VARIABLE]: API_KEY_LOCATIONS },
      deploymentTriggers: {
        // The definition as written here (routes, auth, integration type)...
        definition: apiDefinitionHash({
          routes,
          authorizer: { type: 'REQUEST', identitySource: API_KEY_LOCATIONS_VARIABLE, ttl: 0 },
          apiKeyRequired: true,
          apiKeySource: 'AUTHORIZER',
          integration: 'AWS_PROXY',
          gatewayResponses: { MISSING_AUTHENTICATION_TOKEN: '404' },
        }),
        // ...and what terraform only knows at apply time (replaced resources, new function or authorizer ARNs).
        resources: Fn.sha1(
          Fn.jsonencode([
            ...[...resources.values()].map((r) => r.id),
            ...methods.map((m) => m.id),
            ...integrations.map((i) => [i.id, i.uri]),
            this.authorizer.id,
            this.authorizer.authorizerUri,
            notFound.id,
          ]),
        ),
      },
      deploymentDependsOn: [...methods, ...integrations, notFound],
      throttleRateLimit: props.throttleRateLimit,
      throttleBurstLimit: props.throttleBurstLimit,
      logRetentionDays: props.logRetentionDays,
      logsKmsKeyArn: props.logsKmsKeyArn,
      stageDependsOn: props.stageDependsOn ?? [],
    });
    this.deployment = deployed.deployment;
    this.accessLogs = deployed.accessLogs;
    this.stage = deployed.stage;
    suppressCheckov(
      this.stage,
      'CKV_AWS_120',
      'every request is a POST delivering a new event: nothing to cache',
    );
    suppressCheckov(
      this.stage,
      'CKV2_AWS_51',
      'SaaS senders (Datadog, PagerDuty, Sentry) and EventBridge API destinations cannot present client certificates; every request needs a per-product API key',
    );
    suppressCheckov(
      this.stage,
      'CKV2_AWS_29',
      'every method needs a valid per-product API key and is throttled per key (usage plan) and per stage; bodies are untrusted input the collector parses defensively',
    );
    suppressCheckov(
      this.stage,
      'CKV2_AWS_4',
      'execution logging is off on purpose: execution logs can hold request parameters, so the query-string API key; JSON access logs are on',
    );

    suppressCheckov(
      deployed.methodSettings,
      'CKV_AWS_225',
      'every request is a POST delivering a new event: nothing to cache',
    );

    new LambdaPermission(this, 'InvokeCollector', {
      functionName: props.collector.functionName,
      action: 'lambda:InvokeFunction',
      principal: 'apigateway.amazonaws.com',
      sourceArn: `${this.restApi.executionArn}/${stageName}/POST/*`,
    });
    new LambdaPermission(this, 'InvokeAuthorizer', {
      functionName: props.authorizer.functionName,
      action: 'lambda:InvokeFunction',
      principal: 'apigateway.amazonaws.com',
      sourceArn: `${this.restApi.executionArn}/authorizers/${this.authorizer.id}`,
    });

    const apiKeys = new Map<string, ApiGatewayApiKey>();
    const usagePlans = new Map<string, ApiGatewayUsagePlan>();
    for (const plan of props.products) {
      const key = new ApiGatewayApiKey(this, `Key-${plan.product}`, {
        name: `${props.name}-${plan.product}`,
        description: `Collector API key of ${plan.product} (value generated by API Gateway)`,
        enabled: true,
      });
      const usagePlan = new ApiGatewayUsagePlan(this, `UsagePlan-${plan.product}`, {
        name: `${props.name}-${plan.product}`,
        description: `Throttle and quota of ${plan.product}`,
        apiStages: [{ apiId: restApiId, stage: this.stage.stageName }],
        throttleSettings: { rateLimit: plan.throttleRateLimit, burstLimit: plan.throttleBurstLimit },
        quotaSettings: { limit: plan.quotaLimit, period: plan.quotaPeriod },
      });
      new ApiGatewayUsagePlanKey(this, `UsagePlanKey-${plan.product}`, {
        keyId: key.id,
        keyType: 'API_KEY',
        usagePlanId: usagePlan.id,
      });
      apiKeys.set(plan.product, key);
      usagePlans.set(plan.product, usagePlan);
    }
    this.apiKeys = apiKeys;
    this.usagePlans = usagePlans;
    this.url = this.stage.invokeUrl;
  }
}

/** Stable hash of the parts of the API definition written in this construct. */
export function apiDefinitionHash(definition: unknown): string {
  return createHash('sha256').update(JSON.stringify(definition)).digest('hex');
}

/** `/webhooks/datadog` -> `WebhooksDatadog` (construct ids stay stable as long as the path does). */
function toId(path: string): string {
  return path
    .split('/')
    .filter(Boolean)
    .map((p) => p[0].toUpperCase() + p.slice(1))
    .join('');
}
