import * as path from 'node:path';
import { Construct } from 'constructs';
import { suppressCheckov } from '../core/checkov';
import { LAMBDA_SRC_DIR } from '../core/lambda-bundle';
import { NodeFunction, type NodeRuntime } from '../core/node-function';
import { suppressFunctionChecks } from './collector-function';

export const DEFAULT_AUTHORIZER_ENTRY = path.join(LAMBDA_SRC_DIR, 'authorizer', 'index.ts');

export interface AuthorizerFunctionProps {
  readonly accountId: string;
  readonly region: string;
  readonly functionName: string;
  /** @default lambda-src/authorizer/index.ts */
  readonly entry?: string;
  /** @default nodejs22.x */
  readonly runtime?: NodeRuntime;
  readonly logRetentionDays: number;
  readonly logsKmsKeyArn: string;
}

/**
 * The REQUEST authorizer: reads the key from the `x-api-key` header or the `apiKey` query parameter and returns
 * it as `usageIdentifierKey`; API Gateway then checks the key against the usage plans. It needs no network
 * access and no secret, so it runs outside the VPC with only logging and tracing permissions.
 */
export class AuthorizerFunction extends Construct {
  public readonly fn: NodeFunction;

  constructor(scope: Construct, id: string, props: AuthorizerFunctionProps) {
    super(scope, id);
    this.fn = new NodeFunction(this, 'Function', {
      accountId: props.accountId,
      region: props.region,
      functionName: props.functionName,
      description:
        'Observability collector API: passes the API key from header or query string to API Gateway',
      entry: props.entry ?? DEFAULT_AUTHORIZER_ENTRY,
      runtime: props.runtime,
      memorySizeMb: 128,
      timeoutSeconds: 5,
      logRetentionDays: props.logRetentionDays,
      logsKmsKeyArn: props.logsKmsKeyArn,
      environment: { NODE_OPTIONS: '--enable-source-maps' },
    });
    suppressFunctionChecks(this.fn);
    suppressCheckov(
      this.fn.function,
      'CKV_AWS_117',
      'reads only the request it is given: no database, no secret, no network access, so nothing to reach inside the VPC',
    );
    suppressCheckov(
      this.fn.function,
      'CKV_AWS_115',
      'runs once per API request, which stage and usage plan throttling already bound; a reservation would only add a way to refuse valid requests',
    );
  }
}
