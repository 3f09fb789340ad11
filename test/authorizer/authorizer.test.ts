import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { allMethodsOf, handler, type RequestAuthorizerEvent } from '../../lambda-src/authorizer';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function fixture(name: string): Mutable<RequestAuthorizerEvent> {
  return JSON.parse(readFileSync(path.join(__dirname, '..', 'fixtures', 'events', 'apigw', name), 'utf8'));
}
const LAMBDA_GO = 'rest-request-authorizer-event.aws-lambda-go.json';
const POWERTOOLS = 'rest-request-authorizer-event.powertools-python.json';

describe('REST REQUEST authorizer', () => {
  test('allows every method of the stage and hands the header key to API Gateway', async () => {
    const event = fixture(LAMBDA_GO);
    event.headers = { ...event.headers, 'X-Api-Key': 'k-payments-123' };

    const result = await handler(event);

    expect(result.usageIdentifierKey).toBe('k-payments-123');
    expect(result.policyDocument.Statement).toEqual([
      {
        Action: 'execute-api:Invoke',
        Effect: 'Allow',
        Resource: 'arn:aws:execute-api:us-east-1:123456789012:s4x3opwd6i/test/*/*',
      },
    ]);
    expect(result.principalId).not.toContain('k-payments-123');
  });

  test.each(['x-api-key', 'X-API-KEY', 'X-Api-Key'])('reads the header in any case (%s)', async (name) => {
    const event = fixture(POWERTOOLS);
    event.headers = { ...event.headers, [name]: 'k1' };
    expect((await handler(event)).usageIdentifierKey).toBe('k1');
  });

  test('reads the apiKey query parameter when there is no header (Sentry)', async () => {
    const event = fixture(POWERTOOLS);
    event.queryStringParameters = { ...event.queryStringParameters, apiKey: 'k-query' };

    const result = await handler(event);

    expect(result.usageIdentifierKey).toBe('k-query');
    expect(result.policyDocument.Statement[0].Resource).toBe(
      'arn:aws:execute-api:us-east-1:123456789012:abcdef123/test/*/*',
    );
  });

  test('prefers the header over the query parameter', async () => {
    const event = fixture(POWERTOOLS);
    event.headers = { ...event.headers, 'x-api-key': 'from-header' };
    event.queryStringParameters = { apiKey: 'from-query' };
    expect((await handler(event)).usageIdentifierKey).toBe('from-header');
  });

  test('the same key always gets the same principal, different keys different ones', async () => {
    const withKey = (key: string) => ({ ...fixture(LAMBDA_GO), headers: { 'x-api-key': key } });
    const a1 = await handler(withKey('a'));
    const a2 = await handler(withKey('a'));
    const b = await handler(withKey('b'));
    expect(a1.principalId).toBe(a2.principalId);
    expect(a1.principalId).not.toBe(b.principalId);
  });

  test.each([LAMBDA_GO, POWERTOOLS])('fails with "Unauthorized" when %s carries no key', async (name) => {
    // The fixtures as captured carry no x-api-key and no apiKey parameter.
    await expect(handler(fixture(name))).rejects.toThrow(/^Unauthorized$/);
  });

  test('fails with "Unauthorized" when the key is blank', async () => {
    const event = {
      ...fixture(LAMBDA_GO),
      headers: { 'x-api-key': '  ' },
      queryStringParameters: { apiKey: '' },
    };
    await expect(handler(event)).rejects.toThrow(/^Unauthorized$/);
  });

  test('keeps the partition of the method ARN (China, GovCloud)', () => {
    expect(allMethodsOf('arn:aws-cn:execute-api:cn-north-1:123456789012:abc/prod/POST/webhooks/sentry')).toBe(
      'arn:aws-cn:execute-api:cn-north-1:123456789012:abc/prod/*/*',
    );
  });

  test('fails on a method ARN that is not an execute-api ARN', () => {
    expect(() => allMethodsOf('arn:aws:lambda:us-east-1:123456789012:function:x')).toThrow(
      'unexpected methodArn "arn:aws:lambda:us-east-1:123456789012:function:x"',
    );
  });
});
