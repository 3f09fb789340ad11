import { CloudfrontDistribution } from '@cdktf/provider-aws/lib/cloudfront-distribution';
import { CloudfrontOriginAccessControl } from '@cdktf/provider-aws/lib/cloudfront-origin-access-control';
import { CloudfrontResponseHeadersPolicy } from '@cdktf/provider-aws/lib/cloudfront-response-headers-policy';
import { DataAwsCloudfrontCachePolicy } from '@cdktf/provider-aws/lib/data-aws-cloudfront-cache-policy';
import { DataAwsCloudfrontOriginRequestPolicy } from '@cdktf/provider-aws/lib/data-aws-cloudfront-origin-request-policy';
import { Construct } from 'constructs';
import { suppressCheckov } from '../core/checkov';
import { contentSecurityPolicy } from './content-security-policy';
import { QUERY_API_PATH } from './query-api';

/** A custom host name for the page, with its ACM certificate (in us-east-1, as CloudFront requires). */
export interface DashboardDomain {
  readonly domainName: string;
  readonly certificateArn: string;
}

export interface DashboardDistributionProps {
  readonly name: string;
  /** Regional domain name of the site bucket. */
  readonly bucketRegionalDomainName: string;
  /** Host name of the query API (`<id>.execute-api.<region>.amazonaws.com`) and its stage. */
  readonly apiDomainName: string;
  readonly apiStageName: string;
  /** Origins besides the page's own that the page may `fetch` (the Cognito hosted UI). @default [] */
  readonly connectOrigins?: readonly string[];
  /** @default - the distribution's *.cloudfront.net name and certificate */
  readonly domain?: DashboardDomain;
  /** @default PriceClass_100 */
  readonly priceClass?: string;
  /** HSTS max-age, in seconds. @default 63072000 (two years) */
  readonly hstsMaxAgeSeconds?: number;
}

/** The only TLS policy a custom domain gets: TLS 1.2 or newer, modern ciphers. */
export const MINIMUM_TLS_POLICY = 'TLSv1.2_2021';

/**
 * The dashboard's only public endpoint: CloudFront serving the private bucket through origin access control
 * and routing `/api/*` to the query API (uncached, with the viewer's Authorization header), HTTPS only, with
 * security headers on every response (HSTS, CSP, nosniff, frame denial, no referrer).
 */
export class DashboardDistribution extends Construct {
  public readonly distribution: CloudfrontDistribution;
  public readonly originAccessControl: CloudfrontOriginAccessControl;
  public readonly headersPolicy: CloudfrontResponseHeadersPolicy;
  /** The page's URL, e.g. `https://d111111abcdef8.cloudfront.net`. */
  public readonly url: string;

  constructor(scope: Construct, id: string, props: DashboardDistributionProps) {
    super(scope, id);
    this.originAccessControl = new CloudfrontOriginAccessControl(this, 'OriginAccessControl', {
      name: props.name,
      description: 'Dashboard page bucket, read by CloudFront only',
      originAccessControlOriginType: 's3',
      signingBehavior: 'always',
      signingProtocol: 'sigv4',
    });

    this.headersPolicy = new CloudfrontResponseHeadersPolicy(this, 'SecurityHeaders', {
      name: `${props.name}-security-headers`,
      comment: 'Security headers of the observability dashboard',
      securityHeadersConfig: {
        strictTransportSecurity: {
          accessControlMaxAgeSec: props.hstsMaxAgeSeconds ?? 63_072_000,
          includeSubdomains: true,
          preload: true,
          override: true,
        },
        contentSecurityPolicy: {
          contentSecurityPolicy: contentSecurityPolicy(props.connectOrigins ?? []),
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: 'DENY', override: true },
        referrerPolicy: { referrerPolicy: 'no-referrer', override: true },
      },
    });

    const managed = (kind: 'cache' | 'request', name: string) =>
      kind === 'cache'
        ? new DataAwsCloudfrontCachePolicy(this, `Policy${name}`, { name: `Managed-${name}` }).id
        : new DataAwsCloudfrontOriginRequestPolicy(this, `Policy${name}`, { name: `Managed-${name}` }).id;
    const s3Origin = 'page';
    const apiOrigin = 'query-api';

    this.distribution = new CloudfrontDistribution(this, 'Resource', {
      enabled: true,
      comment: `${props.name}: observability dashboard`,
      defaultRootObject: 'index.html',
      httpVersion: 'http2and3',
      priceClass: props.priceClass ?? 'PriceClass_100',
      aliases: props.domain ? [props.domain.domainName] : undefined,
      origin: [
        {
          originId: s3Origin,
          domainName: props.bucketRegionalDomainName,
          originAccessControlId: this.originAccessControl.id,
        },
        {
          originId: apiOrigin,
          domainName: props.apiDomainName,
          originPath: `/${props.apiStageName}`,
          customOriginConfig: {
            httpPort: 80,
            httpsPort: 443,
            originProtocolPolicy: 'https-only',
            originSslProtocols: ['TLSv1.2'],
          },
        },
      ],
      defaultCacheBehavior: {
        targetOriginId: s3Origin,
        viewerProtocolPolicy: 'redirect-to-https',
        allowedMethods: ['GET', 'HEAD'],
        cachedMethods: ['GET', 'HEAD'],
        compress: true,
        cachePolicyId: managed('cache', 'CachingOptimized'),
        responseHeadersPolicyId: this.headersPolicy.id,
      },
      orderedCacheBehavior: [
        {
          pathPattern: `/${QUERY_API_PATH}/*`,
          targetOriginId: apiOrigin,
          viewerProtocolPolicy: 'https-only',
          // Postmortems are written with POST and PUT; CloudFront offers them only with all seven methods.
          // API Gateway has no PATCH or DELETE route and answers those itself.
          allowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'POST', 'PATCH', 'DELETE'],
          cachedMethods: ['GET', 'HEAD'],
          compress: true,
          // Never cached: answers depend on the signed-in user and must be current. With caching off,
          // the all-viewer request policy forwards the Authorization header to API Gateway.
          cachePolicyId: managed('cache', 'CachingDisabled'),
          originRequestPolicyId: managed('request', 'AllViewerExceptHostHeader'),
          responseHeadersPolicyId: this.headersPolicy.id,
        },
      ],
      restrictions: { geoRestriction: { restrictionType: 'none' } },
      viewerCertificate: props.domain
        ? {
            acmCertificateArn: props.domain.certificateArn,
            sslSupportMethod: 'sni-only',
            minimumProtocolVersion: MINIMUM_TLS_POLICY,
          }
        : { cloudfrontDefaultCertificate: true },
    });
    suppressCheckov(
      this.distribution,
      'CKV_AWS_68',
      'every request needs a Cognito user; add a WAF web ACL if the company requires one',
    );
    suppressCheckov(
      this.distribution,
      'CKV_AWS_86',
      'the query API logs every call; the page files are public-by-URL code without data',
    );
    suppressCheckov(
      this.distribution,
      'CKV_AWS_310',
      'one bucket origin; a failover copy of a static page is not worth a second region',
    );
    suppressCheckov(
      this.distribution,
      'CKV_AWS_374',
      'engineers sign in from anywhere; access is decided by the user pool',
    );
    suppressCheckov(
      this.distribution,
      'CKV2_AWS_47',
      'no WAF (see CKV_AWS_68); the API behind it has no Log4j surface',
    );
    if (!props.domain) {
      suppressCheckov(
        this.distribution,
        'CKV_AWS_174',
        'the default *.cloudfront.net certificate cannot set a TLS policy; give a domain to enforce TLS 1.2+',
      );
      suppressCheckov(
        this.distribution,
        'CKV2_AWS_42',
        'no custom domain configured (central.dashboard.domain); the *.cloudfront.net certificate is used',
      );
    }
    this.url = `https://${props.domain?.domainName ?? this.distribution.domainName}`;
  }
}
