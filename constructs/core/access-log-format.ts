/**
 * JSON access log line of the collector API. It deliberately holds neither the API key
 * (`$context.identity.apiKey`) nor anything that carries the query string (Sentry sends the key as
 * `?apiKey=`): only the resource path, never the raw request URI. The key *id* is logged, which names the
 * product without being a credential.
 */
export const COLLECTOR_ACCESS_LOG_FORMAT = {
  requestId: '$context.requestId',
  extendedRequestId: '$context.extendedRequestId',
  requestTime: '$context.requestTime',
  httpMethod: '$context.httpMethod',
  resourcePath: '$context.resourcePath',
  stage: '$context.stage',
  protocol: '$context.protocol',
  status: '$context.status',
  responseLength: '$context.responseLength',
  responseLatencyMs: '$context.responseLatency',
  integrationStatus: '$context.integration.status',
  integrationLatencyMs: '$context.integration.latency',
  integrationError: '$context.integration.error',
  authorizerStatus: '$context.authorizer.status',
  authorizerLatencyMs: '$context.authorizer.latency',
  authorizerError: '$context.authorizer.error',
  apiKeyId: '$context.identity.apiKeyId',
  sourceIp: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  errorType: '$context.error.responseType',
  errorMessage: '$context.error.message',
  xrayTraceId: '$context.xrayTraceId',
} as const;

/**
 * Access log variables that must never be logged: the key itself and what holds the query string.
 * `$context.identity.apiKey` is the key; `$context.requestOverride.querystring.*` and `$input.params()`
 * read query parameters.
 */
export const FORBIDDEN_ACCESS_LOG_VARIABLES = [
  /\$context\.identity\.apiKey(?!Id)/,
  /querystring/i,
  /\$input\.params/,
  /\$method\.request/,
] as const;
