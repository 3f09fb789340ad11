import { DataAwsSecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/data-aws-secretsmanager-secret-version';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';

/** Name of the secret, in the central account, that holds one product's collector endpoint and API key. */
export function collectorSecretName(product: string): string {
  return `observability/collector/${product}`;
}

/**
 * Partial ARN (no random suffix) of a product's collector secret. Secrets Manager resolves a partial ARN
 * to the secret, and a secret in another account can only be read by ARN.
 */
export function collectorSecretPartialArn(props: {
  readonly centralAccountId: string;
  readonly centralRegion: string;
  readonly product: string;
}): string {
  return `arn:aws:secretsmanager:${props.centralRegion}:${props.centralAccountId}:secret:${collectorSecretName(props.product)}`;
}

export interface CollectorLinkProps {
  /** Account id of the central (collector) account. */
  readonly centralAccountId: string;
  /** Region of the central account's collector. */
  readonly centralRegion: string;
  /** Product whose API key to read. */
  readonly product: string;
}

/**
 * What a product account needs from the central collector: its base URL and the product's API key.
 *
 * The central stack keeps both in a Secrets Manager secret (JSON `{"endpoint", "apiKey", "arn"}`) encrypted with a
 * customer-managed key, whose resource and key policies let the product's account read it. The product
 * stack reads it at plan time by ARN, so it plans on its own: no remote state, no key in the config.
 */
export class CollectorLink extends Construct {
  /** Base URL of the collector API, without trailing slash (e.g. `https://abc.execute-api.../v1`). */
  public readonly endpoint: string;
  /** The product's API key (sensitive: keep it out of outputs). */
  public readonly apiKey: string;
  /** The secret's ARN that was read (partial: without the random suffix). */
  public readonly secretArn: string;
  /**
   * The secret's full ARN (with its random suffix), which the secret carries itself. ECS reads a secret of
   * another account only by its full ARN (`valueFrom` of a task definition's `secrets`).
   */
  public readonly secretFullArn: string;

  constructor(scope: Construct, id: string, props: CollectorLinkProps) {
    super(scope, id);
    this.secretArn = collectorSecretPartialArn(props);
    const version = new DataAwsSecretsmanagerSecretVersion(this, 'Resource', { secretId: this.secretArn });
    const value = Fn.jsondecode(version.secretString);
    this.secretFullArn = Fn.lookup(value, 'arn');
    this.endpoint = Fn.trimsuffix(Fn.lookup(value, 'endpoint'), '/');
    this.apiKey = Fn.sensitive(Fn.lookup(value, 'apiKey'));
  }

  /** The collector URL of a path such as `/webhooks/datadog`. */
  public url(path: string): string {
    return `${this.endpoint}${path.startsWith('/') ? path : `/${path}`}`;
  }
}
