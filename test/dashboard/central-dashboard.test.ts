// The dashboard's resources in the central stack: nothing of it is public but CloudFront, and every API
// route needs a signed-in user of the dashboard's user pool.
import { parsePlatformConfig } from '../../stacks/config';
import { exampleRaw, problemsOf } from '../support/config';
import { buildTestPlatform, exampleConfig, type Json, Synthesized } from '../support/synth';

const isDashboard = (id: string) => id.startsWith('Dashboard_');
const dashboardResources = (s: Synthesized, type: string) =>
  Object.entries(s.resources(type)).filter(([id]) => isDashboard(id));

describe('dashboard in the central stack (example config)', () => {
  let s: Synthesized;
  beforeAll(() => {
    s = Synthesized.of(buildTestPlatform().central);
  });

  it('keeps the page bucket private: public access blocked, ACLs off, encrypted, versioned', () => {
    const bucket = s.ref('aws_s3_bucket', 'id', (b) => b.bucket.startsWith('observability-dashboard-'));
    const block = s.resourceList('aws_s3_bucket_public_access_block').find((b) => b.bucket === bucket);
    expect(block).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(s.resourceList('aws_s3_bucket_ownership_controls').find((o) => o.bucket === bucket)?.rule).toEqual(
      {
        object_ownership: 'BucketOwnerEnforced',
      },
    );
    const sse = s
      .resourceList('aws_s3_bucket_server_side_encryption_configuration')
      .find((e) => e.bucket === bucket);
    expect(sse?.rule[0].apply_server_side_encryption_by_default.sse_algorithm).toBe('AES256');
    expect(
      s.resourceList('aws_s3_bucket_versioning').find((v) => v.bucket === bucket)?.versioning_configuration
        .status,
    ).toBe('Enabled');
    expect(s.resourceList('aws_s3_bucket_website_configuration')).toEqual([]);
    expect(s.resourceList('aws_s3_bucket_acl')).toEqual([]);
  });

  it('lets only the distribution read the bucket (origin access control), over TLS only', () => {
    const distributionArn = s.ref('aws_cloudfront_distribution', 'arn');
    const policy = JSON.parse(s.only('aws_s3_bucket_policy').policy);
    const allows = policy.Statement.filter((st: Json) => st.Effect === 'Allow');
    expect(allows).toEqual([
      {
        Sid: 'CloudFrontReadsThePage',
        Effect: 'Allow',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Action: ['s3:GetObject'],
        Resource: expect.stringMatching(/^\$\{aws_s3_bucket\.Dashboard_Site_\w+\.arn\}\/\*$/),
        Condition: { StringEquals: { 'AWS:SourceArn': distributionArn } },
      },
    ]);
    const deny = policy.Statement.find((st: Json) => st.Effect === 'Deny');
    expect(deny.Condition).toEqual({ Bool: { 'aws:SecureTransport': 'false' } });
    expect(deny.Action).toEqual(
      expect.arrayContaining(['s3:GetObject', 's3:PutObject', 's3:PutBucketPolicy']),
    );

    const oac = s.only('aws_cloudfront_origin_access_control');
    expect(oac).toMatchObject({ origin_access_control_origin_type: 's3', signing_behavior: 'always' });
    const origins: Json[] = s.only('aws_cloudfront_distribution').origin;
    const page = origins.find((o) => o.origin_id === 'page')!;
    expect(page.origin_access_control_id).toBe(s.ref('aws_cloudfront_origin_access_control', 'id'));
    expect(page.s3_origin_config).toBeUndefined();
  });

  it('serves only HTTPS, with security headers on every behavior', () => {
    const d = s.only('aws_cloudfront_distribution');
    const behaviors: Json[] = [d.default_cache_behavior, ...d.ordered_cache_behavior];
    const policyId = s.ref('aws_cloudfront_response_headers_policy', 'id');
    for (const b of behaviors) {
      expect(['redirect-to-https', 'https-only']).toContain(b.viewer_protocol_policy);
      expect(b.response_headers_policy_id).toBe(policyId);
    }
    const headers = s.only('aws_cloudfront_response_headers_policy').security_headers_config;
    expect(headers.strict_transport_security.access_control_max_age_sec).toBeGreaterThanOrEqual(31_536_000);
    expect(headers.content_type_options.override).toBe(true);
    expect(headers.frame_options.frame_option).toBe('DENY');
    expect(headers.referrer_policy.referrer_policy).toBe('no-referrer');
    const csp: string = headers.content_security_policy.content_security_policy;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain(
      "connect-src 'self' https://observability-dashboard-111111111111.auth.ap-northeast-1.amazoncognito.com",
    );
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
  });

  it('routes /api/* to the query API uncached, forwarding the viewer Authorization header', () => {
    const d = s.only('aws_cloudfront_distribution');
    const api = d.ordered_cache_behavior.find((b: Json) => b.path_pattern === '/api/*');
    expect(api.target_origin_id).toBe('query-api');
    const cachePolicies = s.dataSources('aws_cloudfront_cache_policy');
    const requestPolicies = s.dataSources('aws_cloudfront_origin_request_policy');
    const byRef = (all: Record<string, Json>, ref: string, type: string) =>
      Object.entries(all).find(([id]) => ref === `\${data.${type}.${id}.id}`)?.[1].name;
    expect(byRef(cachePolicies, api.cache_policy_id, 'aws_cloudfront_cache_policy')).toBe(
      'Managed-CachingDisabled',
    );
    expect(byRef(requestPolicies, api.origin_request_policy_id, 'aws_cloudfront_origin_request_policy')).toBe(
      'Managed-AllViewerExceptHostHeader',
    );
    const origin = d.origin.find((o: Json) => o.origin_id === 'query-api');
    expect(origin.custom_origin_config.origin_protocol_policy).toBe('https-only');
  });

  it('requires a Cognito user of the dashboard pool on every API method; nothing is unauthenticated', () => {
    const restApi = s.ref('aws_api_gateway_rest_api', 'id', (r) => r.name === 'observability-dashboard');
    const methods = s.resourceList('aws_api_gateway_method').filter((m) => m.rest_api_id === restApi);
    expect(methods.length).toBeGreaterThan(0);
    const authorizer = s.resourceList('aws_api_gateway_authorizer').find((a) => a.rest_api_id === restApi)!;
    expect(authorizer.type).toBe('COGNITO_USER_POOLS');
    expect(authorizer.provider_arns).toEqual([s.ref('aws_cognito_user_pool', 'arn')]);
    expect(authorizer.identity_source).toBe('method.request.header.Authorization');
    const authorizerId = s.ref('aws_api_gateway_authorizer', 'id', (a) => a.rest_api_id === restApi);
    for (const m of methods) {
      expect(m.authorization).toBe('COGNITO_USER_POOLS');
      expect(m.authorizer_id).toBe(authorizerId);
    }
    // GET reads; POST and PUT write postmortems (the function checks the writers' group).
    expect(methods.map((m) => m.http_method).sort()).toEqual(['GET', 'POST', 'PUT']);
    // The function can only be invoked by this API's stage, for these methods on /api/*.
    const permissions = dashboardResources(s, 'aws_lambda_permission').map(([, p]) => p);
    expect(permissions.map((p) => p.source_arn.replace(/^.*\/v1\//, '')).sort()).toEqual([
      'GET/api/*',
      'POST/api/*',
      'PUT/api/*',
    ]);
    expect(dashboardResources(s, 'aws_lambda_function_url')).toEqual([]);
  });

  it('lets only invited users or the identity provider in: no self sign-up, MFA, a public PKCE client', () => {
    const pool = s.only('aws_cognito_user_pool');
    expect(pool.admin_create_user_config.allow_admin_create_user_only).toBe(true);
    expect(pool.mfa_configuration).toBe('ON');
    const client = s.only('aws_cognito_user_pool_client');
    expect(client.generate_secret).toBe(false);
    expect(client.allowed_oauth_flows).toEqual(['code']);
    expect(client.callback_urls).toEqual([`https://${s.ref('aws_cloudfront_distribution', 'domain_name')}/`]);
    expect(client.supported_identity_providers).toEqual(['COGNITO']);
    expect(s.resourceList('aws_cognito_identity_provider')).toEqual([]);
  });

  it('runs the query API in the collector subnets, reaching DocumentDB through its own security group', () => {
    const fn = s
      .resourceList('aws_lambda_function')
      .find((f) => f.function_name === 'observability-dashboard')!;
    const sg = s.ref('aws_security_group', 'id', (g) => g.name === 'observability-dashboard');
    expect(fn.vpc_config.security_group_ids).toEqual([sg]);
    const collector = s
      .resourceList('aws_lambda_function')
      .find((f) => f.function_name === 'observability-collector')!;
    expect(fn.vpc_config.subnet_ids).toEqual(collector.vpc_config.subnet_ids);
    const dbGroup = s.ref('aws_security_group', 'id', (g) => g.name === 'observability-collector-docdb');
    const ingress = s
      .resourceList('aws_vpc_security_group_ingress_rule')
      .find((r) => r.security_group_id === dbGroup && r.referenced_security_group_id === sg);
    expect(ingress).toMatchObject({ from_port: 27017, to_port: 27017, ip_protocol: 'tcp' });
    expect(
      s.resourceList('aws_security_group').find((g) => g.name === 'observability-dashboard')?.ingress,
    ).toBeUndefined();
    expect(JSON.parse(fn.environment.variables.DASHBOARD_PRODUCTS)).toEqual(
      exampleConfig().products.map((p) => p.name),
    );
    expect(fn.environment.variables.DOCDB_SECRET_ARN).toMatch(/^\$\{aws_secretsmanager_secret\./);
    // The writers' group the function checks is the one created in the dashboard's pool.
    const group = s.only('aws_cognito_user_group');
    expect(group.user_pool_id).toBe(s.ref('aws_cognito_user_pool', 'id'));
    expect(fn.environment.variables.POSTMORTEM_WRITERS_GROUP).toBe(s.ref('aws_cognito_user_group', 'name'));
    expect(group.name).toBe('postmortem-writers');
  });

  it('uploads the built page and a config.json that names the user pool client and the page URL', () => {
    const objects = dashboardResources(s, 'aws_s3_object').map(([, o]) => o);
    expect(objects.map((o) => o.key).sort()).toEqual(['app.css', 'app.js', 'config.json', 'index.html']);
    const config = JSON.parse(objects.find((o) => o.key === 'config.json')!.content);
    expect(config.auth.clientId).toBe(s.ref('aws_cognito_user_pool_client', 'id'));
    expect(config.auth.redirectUri).toBe(`https://${s.ref('aws_cloudfront_distribution', 'domain_name')}/`);
    expect(objects.find((o) => o.key === 'index.html')!.content_type).toBe('text/html; charset=utf-8');
  });
});

describe('dashboard config', () => {
  it('federates the identity provider and serves a custom domain with TLS 1.2 or newer', () => {
    const config = exampleRaw();
    config.central.dashboard = {
      cognitoDomainPrefix: 'acme-sre',
      identityProvider: {
        type: 'SAML',
        name: 'AcmeSSO',
        metadataUrl: 'https://sso.example.com/saml/metadata',
      },
      domain: {
        domainName: 'dashboard.example.com',
        certificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/12345678-1234-1234-1234-123456789012',
      },
    };
    const s = Synthesized.of(buildTestPlatform(parsePlatformConfig(config)).central);
    const idp = s.only('aws_cognito_identity_provider');
    expect(idp).toMatchObject({
      provider_type: 'SAML',
      provider_name: 'AcmeSSO',
      provider_details: { MetadataURL: 'https://sso.example.com/saml/metadata' },
    });
    expect(s.only('aws_cognito_user_pool_client').supported_identity_providers).toEqual([
      s.ref('aws_cognito_identity_provider', 'provider_name'),
    ]);
    expect(s.only('aws_cognito_user_pool_client').callback_urls).toEqual(['https://dashboard.example.com/']);
    expect(s.only('aws_cognito_user_pool_domain').domain).toBe('acme-sre');
    const d = s.only('aws_cloudfront_distribution');
    expect(d.aliases).toEqual(['dashboard.example.com']);
    expect(d.viewer_certificate).toMatchObject({
      minimum_protocol_version: 'TLSv1.2_2021',
      ssl_support_method: 'sni-only',
    });
  });

  it('fails a certificate outside us-east-1, naming the path', () => {
    const config = exampleRaw();
    config.central.dashboard = {
      domain: {
        domainName: 'dashboard.example.com',
        certificateArn:
          'arn:aws:acm:ap-northeast-1:111111111111:certificate/12345678-1234-1234-1234-123456789012',
      },
    };
    expect(problemsOf(config)).toEqual([
      expect.stringMatching(
        /^central\.dashboard\.domain\.certificateArn: must be an ACM certificate ARN in us-east-1 \(CloudFront only uses certificates from there\)/,
      ),
    ]);
  });

  it('fails an OIDC client secret given in place of a secret ARN', () => {
    const config = exampleRaw();
    config.central.dashboard = {
      identityProvider: {
        type: 'OIDC',
        name: 'Okta',
        issuer: 'https://acme.okta.com',
        clientId: 'abc',
        clientSecretArn: 's3cr3t',
      },
    };
    expect(problemsOf(config)).toEqual([
      expect.stringMatching(
        /^central\.dashboard\.identityProvider\.clientSecretArn: must be a Secrets Manager secret ARN \(the client secret itself never goes in the config\)/,
      ),
    ]);
  });

  it('fails an identity provider of another type and a reserved domain prefix', () => {
    const config = exampleRaw();
    config.central.dashboard = {
      cognitoDomainPrefix: 'my-cognito-login',
      identityProvider: { type: 'LDAP', name: 'x' },
    };
    const problems = problemsOf(config);
    expect(problems).toHaveLength(2);
    expect(problems).toContainEqual(
      expect.stringMatching(
        /^central\.dashboard\.cognitoDomainPrefix: must not contain "aws", "amazon" or "cognito"/,
      ),
    );
    expect(problems).toContainEqual(expect.stringMatching(/^central\.dashboard\.identityProvider\.type: /));
  });
});
