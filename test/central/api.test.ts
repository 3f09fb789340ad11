import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import {
  API_KEY_LOCATIONS,
  CollectorApi,
  type CollectorApiProps,
} from '../../constructs/collector/collector-api';
import { FORBIDDEN_ACCESS_LOG_VARIABLES } from '../../constructs/core/access-log-format';
import { apiKeyOf } from '../../lambda-src/authorizer/index';
import { matchesBinaryMediaType } from '../../lambda-src/dev-server/binary-media';
import { type Json, Synthesized } from '../support/synth';
import { collectorPart, exampleWithCentral, synthCentral } from './central-synth';

// The collector's part of the central stack (the stack also holds the dashboard and its own API).
let s: Synthesized;
beforeAll(() => {
  s = collectorPart(synthCentral());
});

/** Full path of every API Gateway resource, from the parent links. */
function resourcePaths(synth: Synthesized): Map<string, string> {
  const byId = synth.resources('aws_api_gateway_resource');
  const pathOf = (id: string): string => {
    const r = byId[id];
    const parent = /aws_api_gateway_resource\.([\w-]+)\.id/.exec(r.parent_id)?.[1];
    return `${parent ? pathOf(parent) : ''}/${r.path_part}`;
  };
  return new Map(Object.keys(byId).map((id) => [`\${aws_api_gateway_resource.${id}.id}`, pathOf(id)]));
}

describe('routes', () => {
  test('POST /events and POST /webhooks/<source> for the webhook senders, and nothing else', () => {
    const paths = resourcePaths(s);
    const routes = s
      .resourceList('aws_api_gateway_method')
      .map((m) => `${m.http_method} ${paths.get(m.resource_id)}`)
      .sort();
    expect(routes).toEqual([
      'POST /events',
      'POST /webhooks/datadog',
      'POST /webhooks/drift',
      'POST /webhooks/fluentbit',
      'POST /webhooks/pagerduty',
      'POST /webhooks/sentry',
    ]);
  });

  test('every method requires an API key and the REQUEST authorizer', () => {
    const authorizer = s.ref('aws_api_gateway_authorizer', 'id');
    for (const method of s.resourceList('aws_api_gateway_method')) {
      expect(method).toMatchObject({
        api_key_required: true,
        authorization: 'CUSTOM',
        authorizer_id: authorizer,
      });
    }
  });

  test('every route is a Lambda proxy integration of the collector', () => {
    const collector = s.ref(
      'aws_lambda_function',
      'invoke_arn',
      (f) => f.function_name === 'observability-collector',
    );
    const integrations = s.resourceList('aws_api_gateway_integration');
    expect(integrations).toHaveLength(6);
    for (const i of integrations) {
      expect(i).toMatchObject({ type: 'AWS_PROXY', integration_http_method: 'POST', uri: collector });
    }
  });

  test('gzip Fluent Bit bodies (application/json + Content-Encoding: gzip) reach the collector as exact bytes', () => {
    // API Gateway base64-encodes a body only when its Content-Type matches a binary media type.
    const types = s.only('aws_api_gateway_rest_api').binary_media_types as string[];
    expect(matchesBinaryMediaType('application/json', types)).toBe(true);
    expect(matchesBinaryMediaType('text/plain; charset=utf-8', types)).toBe(true);
  });

  test('the API takes its key from the authorizer', () => {
    expect(s.only('aws_api_gateway_rest_api').api_key_source).toBe('AUTHORIZER');
  });

  test('the authorizer is uncached and its identity source is a stage variable that is always set', () => {
    const authorizer = s.only('aws_api_gateway_authorizer');
    expect(authorizer).toMatchObject({ type: 'REQUEST', authorizer_result_ttl_in_seconds: 0 });
    // Neither the header nor the query parameter may be an identity source: either may be absent.
    expect(authorizer.identity_source).not.toMatch(/method\.request/);
    const variable = /^stageVariables\.(\w+)$/.exec(authorizer.identity_source)?.[1];
    expect(variable).toBeDefined();
    const stage = s.only('aws_api_gateway_stage');
    expect(stage.variables[variable!]).toMatch(/header\.x-api-key/);
    expect(stage.variables[variable!]).toMatch(/querystring\.apiKey/);
  });

  test('the authorizer code reads the key from exactly the places the stage variable names', () => {
    const locations = API_KEY_LOCATIONS.split(',').map((l) => l.split('.') as [string, string]);
    expect(locations.map(([where]) => where).sort()).toEqual(['header', 'querystring']);
    const methodArn = 'arn:aws:execute-api:ap-northeast-1:111111111111:abc123/v1/POST/events';
    for (const [where, name] of locations) {
      const event =
        where === 'header'
          ? { methodArn, headers: { [name]: 'k-123' } }
          : { methodArn, queryStringParameters: { [name]: 'k-123' } };
      expect(apiKeyOf(event)).toBe('k-123');
    }
    expect(apiKeyOf({ methodArn, headers: { authorization: 'k-123' } })).toBeUndefined();
  });

  test('API Gateway may invoke the authorizer only as this authorizer, and the collector only from the stage', () => {
    const permissions = s.resourceList('aws_lambda_permission');
    const apiArn = s.ref('aws_api_gateway_rest_api', 'execution_arn');
    expect(permissions.map((p) => p.source_arn).sort()).toEqual(
      [`${apiArn}/authorizers/${s.ref('aws_api_gateway_authorizer', 'id')}`, `${apiArn}/v1/POST/*`].sort(),
    );
  });
});

describe('keys and usage plans', () => {
  test('one API key and one usage plan per product, linked, on the stage', () => {
    const keys = s.resources('aws_api_gateway_api_key');
    const plans = s.resources('aws_api_gateway_usage_plan');
    expect(
      Object.values(keys)
        .map((k) => k.name)
        .sort(),
    ).toEqual(['observability-collector-payments', 'observability-collector-search']);
    for (const key of Object.values(keys)) expect(key.value).toBeUndefined();
    const links = s.resourceList('aws_api_gateway_usage_plan_key');
    expect(links).toHaveLength(2);
    for (const link of links) {
      const key = keys[/aws_api_gateway_api_key\.([\w-]+)\.id/.exec(link.key_id)![1]];
      const plan = plans[/aws_api_gateway_usage_plan\.([\w-]+)\.id/.exec(link.usage_plan_id)![1]];
      expect(plan.name).toBe(key.name);
      expect(plan.api_stages).toEqual([
        {
          api_id: s.ref('aws_api_gateway_rest_api', 'id'),
          stage: s.ref('aws_api_gateway_stage', 'stage_name'),
        },
      ]);
    }
  });

  test('usage plans take the defaults, or a product override from the config', () => {
    const config = exampleWithCentral((central) => {
      central.api = {
        usagePlan: { throttle: { rateLimit: 5, burstLimit: 10 }, quota: { limit: 1000, period: 'DAY' } },
        products: { search: { quota: { limit: 99, period: 'WEEK' } } },
      };
    });
    const synth = collectorPart(synthCentral(config));
    const plan = (product: string) =>
      synth.resourceList('aws_api_gateway_usage_plan').find((p) => p.name.endsWith(`-${product}`))!;
    expect(plan('payments').throttle_settings).toEqual({ rate_limit: 5, burst_limit: 10 });
    expect(plan('payments').quota_settings).toEqual({ limit: 1000, period: 'DAY' });
    expect(plan('search').throttle_settings).toEqual({ rate_limit: 5, burst_limit: 10 });
    expect(plan('search').quota_settings).toEqual({ limit: 99, period: 'WEEK' });
  });
});

describe('stage', () => {
  test('JSON access logs that never contain the key or the query string', () => {
    const stage = s.only('aws_api_gateway_stage');
    const format: Record<string, string> = JSON.parse(stage.access_log_settings.format);
    expect(format).toMatchObject({ requestId: '$context.requestId', status: '$context.status' });
    for (const forbidden of FORBIDDEN_ACCESS_LOG_VARIABLES) {
      expect(stage.access_log_settings.format).not.toMatch(forbidden);
    }
    // The key id (not a credential) is what tells which product sent a request.
    expect(format.apiKeyId).toBe('$context.identity.apiKeyId');
    expect(stage.access_log_settings.destination_arn).toBe(
      s.ref('aws_cloudwatch_log_group', 'arn', (g) => g.name.includes('apigateway')),
    );
  });

  test('the forbidden-variable check catches the key and query-string variables', () => {
    const leaks = [
      '$context.identity.apiKey',
      '$context.requestOverride.querystring.apiKey',
      "$input.params('apiKey')",
    ];
    for (const leak of leaks) {
      expect(FORBIDDEN_ACCESS_LOG_VARIABLES.some((re) => re.test(leak))).toBe(true);
    }
    expect(FORBIDDEN_ACCESS_LOG_VARIABLES.some((re) => re.test('$context.identity.apiKeyId'))).toBe(false);
  });

  test('tracing on, throttling on every method, execution logging off', () => {
    expect(s.only('aws_api_gateway_stage').xray_tracing_enabled).toBe(true);
    const settings = s.only('aws_api_gateway_method_settings');
    expect(settings.method_path).toBe('*/*');
    expect(settings.settings).toMatchObject({
      throttling_rate_limit: 100,
      throttling_burst_limit: 200,
      logging_level: 'OFF',
      data_trace_enabled: false,
      metrics_enabled: true,
    });
  });

  test('the stage waits for the account setting that lets API Gateway write logs', () => {
    expect(s.only('aws_api_gateway_stage').depends_on).toEqual([
      `aws_api_gateway_account.${s.idOf('aws_api_gateway_account')}`,
    ]);
  });
});

describe('deployment', () => {
  function deploymentOf(props: Partial<CollectorApiProps>): Json {
    const stack = new TerraformStack(Testing.app(), 'api');
    new AwsProvider(stack, 'aws', { region: 'ap-northeast-1' });
    new CollectorApi(stack, 'Api', {
      name: 'test-api',
      collector: { functionName: 'collector', invokeArn: 'arn:collector' },
      authorizer: { functionName: 'authorizer', invokeArn: 'arn:authorizer' },
      products: [],
      throttleRateLimit: 100,
      throttleBurstLimit: 200,
      logRetentionDays: 7,
      logsKmsKeyArn: 'arn:key',
      ...props,
    });
    return Synthesized.of(stack).only('aws_api_gateway_deployment');
  }

  test('is recreated before the old one is destroyed, after every method and integration', () => {
    const deployment = s.only('aws_api_gateway_deployment');
    expect(deployment.lifecycle).toEqual({ create_before_destroy: true });
    const deps: string[] = deployment.depends_on;
    for (const id of Object.keys(s.resources('aws_api_gateway_method')))
      expect(deps).toContain(`aws_api_gateway_method.${id}`);
    for (const id of Object.keys(s.resources('aws_api_gateway_integration'))) {
      expect(deps).toContain(`aws_api_gateway_integration.${id}`);
    }
  });

  test('its triggers change when a route changes, and only then', () => {
    const all = deploymentOf({});
    const again = deploymentOf({});
    const fewer = deploymentOf({ webhookSources: ['pagerduty', 'datadog', 'sentry'] });
    expect(again.triggers).toEqual(all.triggers);
    expect(fewer.triggers.definition).not.toBe(all.triggers.definition);
    // Replaced resources or new function ARNs are caught at apply time through their ids and URIs.
    expect(all.triggers.resources).toMatch(
      /^\$\{sha1\(jsonencode\(\[.*aws_api_gateway_integration\.[\w-]+\.uri/,
    );
  });

  test('fails on a webhook source the collector does not know', () => {
    expect(() => deploymentOf({ webhookSources: ['slack' as never] })).toThrow(
      'api/Api: webhookSources = ["slack"]: must be among pagerduty',
    );
  });
});

test('unknown routes answer 404 instead of API Gateway\'s "Missing Authentication Token" 403', () => {
  const response = s.only('aws_api_gateway_gateway_response');
  expect(response).toMatchObject({ response_type: 'MISSING_AUTHENTICATION_TOKEN', status_code: '404' });
});
