import { LAMBDA_RUNTIME_CA_BUNDLE } from '../core/node-function';

/**
 * The environment a function needs to reach DocumentDB through `lambda-src/collector/store/connection.ts`:
 * its credentials secret, whether the engine retries writes, the RDS CA bundle of the Lambda runtime, and
 * stack traces through the bundle's source map.
 */
export function databaseClientEnvironment(secretArn: string, retryWrites: boolean): Record<string, string> {
  return {
    DOCDB_SECRET_ARN: secretArn,
    DOCDB_RETRY_WRITES: String(retryWrites),
    NODE_EXTRA_CA_CERTS: LAMBDA_RUNTIME_CA_BUNDLE,
    NODE_OPTIONS: '--enable-source-maps',
  };
}
