import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import type { NodeRuntime } from '../core/node-function';
import { DashboardDistribution, type DashboardDomain } from './dashboard-distribution';
import { DashboardUserPool, type FederatedIdentityProvider } from './dashboard-user-pool';
import { QUERY_API_PATH, QueryApi } from './query-api';
import { SiteBucket } from './site-bucket';

/** The Cognito group of postmortem writers unless the config names another. */
export const DEFAULT_POSTMORTEM_WRITERS = 'postmortem-writers';

export interface DashboardProps {
  /** Central account and region. */
  readonly accountId: string;
  readonly region: string;
  /** Prefix of every name. @default observability-dashboard */
  readonly namePrefix?: string;
  /** Directory of the built page (`dashboard/build.ts` writes it). */
  readonly siteDirectory: string;
  /** Products listed in the overview even without events. */
  readonly products: readonly string[];
  /** Env names per product: one overview row each, even without events. @default - one row per product */
  readonly environments?: Readonly<Record<string, readonly string[]>>;

  /** The VPC and private subnets that reach DocumentDB (the collector's network). */
  readonly vpcId: string;
  readonly subnetIds: readonly string[];
  /** The DocumentDB credentials secret and its KMS key. */
  readonly docdbSecretArn: string;
  readonly docdbSecretKmsKeyArn: string;
  /** Retention and KMS key of the function's and the API's log groups. */
  readonly logRetentionDays: number;
  readonly logsKmsKeyArn: string;

  /** Hosted UI domain prefix (globally unique per region). @default `<namePrefix>-<accountId>` */
  readonly cognitoDomainPrefix?: string;
  /** The company's identity provider. @default - users are created in the pool by an administrator */
  readonly identityProvider?: FederatedIdentityProvider;
  /**
   * Cognito group whose members may write postmortems (created in the pool); every signed-in user reads
   * them. @default postmortem-writers
   */
  readonly postmortemWriters?: string;
  /** @default - the distribution's *.cloudfront.net name (TLS policy cannot be set then) */
  readonly domain?: DashboardDomain;
  /** Refuse to delete the user pool. @default true */
  readonly userPoolDeletionProtection?: boolean;

  /** @default lambda-src/query-api/handler.ts */
  readonly queryApiEntry?: string;
  /** @default nodejs22.x */
  readonly lambdaRuntime?: NodeRuntime;
  /** Resources the API stage must wait for (the account's API Gateway CloudWatch role). @default [] */
  readonly apiStageDependsOn?: readonly ITerraformDependable[];
}

/**
 * The SRE dashboard in the central account: the page from a private bucket behind CloudFront, the
 * query API (Lambda in the VPC, Cognito-authorized REST API, reached through CloudFront at `/api/`; it
 * writes postmortems only), and the Cognito user pool engineers sign in with, with the postmortem
 * writers' group. CloudFront is the only public endpoint.
 *
 * The query API's security group still needs a way to DocumentDB: call
 * `collector.allowDatabaseClient('Dashboard', dashboard.queryApi.securityGroup.id)`.
 */
export class Dashboard extends Construct {
  public readonly site: SiteBucket;
  public readonly userPool: DashboardUserPool;
  public readonly queryApi: QueryApi;
  public readonly cdn: DashboardDistribution;
  /** The page's URL. */
  public readonly url: string;

  constructor(scope: Construct, id: string, props: DashboardProps) {
    super(scope, id);
    const prefix = props.namePrefix ?? 'observability-dashboard';
    const domainPrefix = props.cognitoDomainPrefix ?? `${prefix}-${props.accountId}`;
    const hostedUi = `https://${domainPrefix}.auth.${props.region}.amazoncognito.com`;

    this.userPool = new DashboardUserPool(this, 'Users', {
      name: prefix,
      region: props.region,
      domainPrefix,
      identityProvider: props.identityProvider,
      deletionProtection: props.userPoolDeletionProtection,
    });
    const writers = this.userPool.addGroup(
      'PostmortemWriters',
      props.postmortemWriters ?? DEFAULT_POSTMORTEM_WRITERS,
      'May create and change postmortems on the SRE dashboard',
    );
    this.queryApi = new QueryApi(this, 'QueryApi', {
      postmortemWriters: writers.name,
      accountId: props.accountId,
      region: props.region,
      name: prefix,
      vpcId: props.vpcId,
      subnetIds: props.subnetIds,
      docdbSecretArn: props.docdbSecretArn,
      docdbSecretKmsKeyArn: props.docdbSecretKmsKeyArn,
      userPoolArn: this.userPool.userPool.arn,
      products: props.products,
      environments: props.environments,
      logRetentionDays: props.logRetentionDays,
      logsKmsKeyArn: props.logsKmsKeyArn,
      entry: props.queryApiEntry,
      runtime: props.lambdaRuntime,
      stageDependsOn: props.apiStageDependsOn,
    });
    this.site = new SiteBucket(this, 'Site', {
      bucketName: `${prefix}-${props.accountId}-${props.region}`,
      siteDirectory: props.siteDirectory,
    });
    this.cdn = new DashboardDistribution(this, 'Cdn', {
      name: prefix,
      bucketRegionalDomainName: this.site.bucket.bucketRegionalDomainName,
      apiDomainName: this.queryApi.domainName,
      apiStageName: this.queryApi.stageName,
      // The page exchanges the authorization code for tokens at the hosted UI's token endpoint.
      connectOrigins: [hostedUi],
      domain: props.domain,
    });
    this.url = this.cdn.url;
    const client = this.userPool.addPageClient([`${this.url}/`]);
    this.site.addFile(
      'config.json',
      JSON.stringify({
        apiBase: `/${QUERY_API_PATH}`,
        auth: {
          domain: hostedUi,
          clientId: client.id,
          redirectUri: `${this.url}/`,
          scopes: ['openid', 'email'],
        },
      }),
    );
    this.site.allowDistribution(this.cdn.distribution.arn);
  }
}
