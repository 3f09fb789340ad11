import { CognitoIdentityProvider } from '@cdktf/provider-aws/lib/cognito-identity-provider';
import { CognitoUserGroup } from '@cdktf/provider-aws/lib/cognito-user-group';
import { CognitoUserPool } from '@cdktf/provider-aws/lib/cognito-user-pool';
import { CognitoUserPoolClient } from '@cdktf/provider-aws/lib/cognito-user-pool-client';
import { CognitoUserPoolDomain } from '@cdktf/provider-aws/lib/cognito-user-pool-domain';
import { DataAwsSecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/data-aws-secretsmanager-secret-version';
import { Construct } from 'constructs';
import { checkSettings, wholeNumberIn } from '../core/setting-error';

/** The company's identity provider, federated into the user pool. */
export type FederatedIdentityProvider =
  | {
      readonly type: 'SAML';
      /** Name shown on the hosted UI and used as `identity_provider` (1-32 characters). */
      readonly name: string;
      /** URL of the IdP's SAML metadata document. */
      readonly metadataUrl: string;
    }
  | {
      readonly type: 'OIDC';
      readonly name: string;
      /** Issuer URL, e.g. https://login.example.com. */
      readonly issuer: string;
      readonly clientId: string;
      /** Secrets Manager secret whose value is the OIDC client secret (read at plan time, kept in state). */
      readonly clientSecretArn: string;
    };

export interface DashboardUserPoolProps {
  readonly name: string;
  /** Region of the pool (for the hosted UI URL). */
  readonly region: string;
  /** Hosted UI domain prefix: `<prefix>.auth.<region>.amazoncognito.com` (globally unique per region). */
  readonly domainPrefix: string;
  /** @default - engineers are created in the pool by an administrator */
  readonly identityProvider?: FederatedIdentityProvider;
  /** Lifetime of ID and access tokens, in minutes (5-1440). @default 60 */
  readonly tokenValidityMinutes?: number;
  /** Refuse to delete the pool (and its users). @default true */
  readonly deletionProtection?: boolean;
}

/** Attributes an identity provider maps onto the pool's users. */
const ATTRIBUTE_MAPPING = {
  SAML: { email: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress' },
  OIDC: { email: 'email', username: 'sub' },
} as const;

/**
 * Who may open the dashboard: a Cognito user pool without self sign-up, MFA required for local users, and
 * its hosted UI; the page's app client is added with `addPageClient` once the page's URL is known. With
 * `identityProvider`, sign-in goes through the company's IdP.
 */
export class DashboardUserPool extends Construct {
  public readonly userPool: CognitoUserPool;
  /** The page's app client (see `addPageClient`). */
  public client?: CognitoUserPoolClient;
  public readonly domain: CognitoUserPoolDomain;
  /** Base URL of the hosted UI, e.g. `https://acme.auth.ap-northeast-1.amazoncognito.com`. */
  public readonly hostedUiUrl: string;
  public readonly identityProvider?: CognitoIdentityProvider;

  constructor(scope: Construct, id: string, props: DashboardUserPoolProps) {
    super(scope, id);
    const minutes = props.tokenValidityMinutes ?? 60;
    checkSettings(this, [wholeNumberIn('tokenValidityMinutes', minutes, 5, 1440, 'minutes')]);

    this.userPool = new CognitoUserPool(this, 'Resource', {
      name: props.name,
      deletionProtection: (props.deletionProtection ?? true) ? 'ACTIVE' : 'INACTIVE',
      // Only administrators (or the federated IdP) create users: nobody signs themselves up.
      adminCreateUserConfig: { allowAdminCreateUserOnly: true },
      usernameAttributes: ['email'],
      autoVerifiedAttributes: ['email'],
      mfaConfiguration: 'ON',
      softwareTokenMfaConfiguration: { enabled: true },
      passwordPolicy: {
        minimumLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireNumbers: true,
        requireSymbols: true,
        temporaryPasswordValidityDays: 3,
      },
      accountRecoverySetting: { recoveryMechanism: [{ name: 'verified_email', priority: 1 }] },
    });

    this.domain = new CognitoUserPoolDomain(this, 'Domain', {
      domain: props.domainPrefix,
      userPoolId: this.userPool.id,
    });
    this.hostedUiUrl = `https://${this.domain.domain}.auth.${props.region}.amazoncognito.com`;

    const idp = props.identityProvider;
    if (idp) {
      const providerDetails: Record<string, string> =
        idp.type === 'SAML'
          ? { MetadataURL: idp.metadataUrl }
          : {
              oidc_issuer: idp.issuer,
              client_id: idp.clientId,
              client_secret: new DataAwsSecretsmanagerSecretVersion(this, 'OidcClientSecret', {
                secretId: idp.clientSecretArn,
              }).secretString,
              attributes_request_method: 'GET',
              authorize_scopes: 'openid email',
            };
      this.identityProvider = new CognitoIdentityProvider(this, 'IdentityProvider', {
        userPoolId: this.userPool.id,
        providerName: idp.name,
        providerType: idp.type,
        providerDetails,
        attributeMapping: { ...ATTRIBUTE_MAPPING[idp.type] },
      });
    }

    this.name = props.name;
    this.tokenValidityMinutes = minutes;
  }

  private readonly name: string;
  private readonly tokenValidityMinutes: number;

  /**
   * A group of the pool: its members carry it in the `cognito:groups` claim of their tokens, which the
   * query API reads (an administrator, or the IdP sync, adds the members).
   */
  public addGroup(id: string, groupName: string, description: string): CognitoUserGroup {
    return new CognitoUserGroup(this, id, { userPoolId: this.userPool.id, name: groupName, description });
  }

  /**
   * The page's app client: public (a browser cannot keep a secret), authorization code with PKCE only,
   * sending the browser back to `callbackUrls` (the page's URL) only.
   */
  public addPageClient(callbackUrls: readonly string[]): CognitoUserPoolClient {
    if (this.client) throw new Error('the page client exists already');
    if (callbackUrls.length === 0) throw new Error('callbackUrls must list the page URL');
    const minutes = this.tokenValidityMinutes;
    this.client = new CognitoUserPoolClient(this, 'PageClient', {
      name: `${this.name}-page`,
      userPoolId: this.userPool.id,
      generateSecret: false,
      allowedOauthFlowsUserPoolClient: true,
      allowedOauthFlows: ['code'],
      allowedOauthScopes: ['openid', 'email'],
      callbackUrls: [...callbackUrls],
      logoutUrls: [...callbackUrls],
      supportedIdentityProviders: this.identityProvider ? [this.identityProvider.providerName] : ['COGNITO'],
      explicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
      preventUserExistenceErrors: 'ENABLED',
      enableTokenRevocation: true,
      idTokenValidity: minutes,
      accessTokenValidity: minutes,
      refreshTokenValidity: 12,
      tokenValidityUnits: [{ idToken: 'minutes', accessToken: 'minutes', refreshToken: 'hours' }],
    });
    return this.client;
  }
}
