// The fields of an API Gateway REST proxy event the collector reads (a subset of aws-lambda's
// APIGatewayProxyEvent, so the dev server can build one without faking the rest).
export interface ProxyEvent {
  readonly httpMethod: string;
  readonly path: string;
  readonly resource?: string | null;
  readonly pathParameters?: Readonly<Record<string, string | undefined>> | null;
  readonly headers?: Readonly<Record<string, string | undefined>> | null;
  readonly body: string | null;
  readonly isBase64Encoded?: boolean;
  readonly requestContext: {
    readonly requestId?: string;
    readonly identity: { readonly apiKeyId?: string | null };
  };
}
