import { z } from 'zod';

const https = (what: string) =>
  z
    .string({ error: `must be an https:// URL (${what})` })
    .regex(/^https:\/\/[^\s/$.?#][^\s]*$/, { error: `must be an https:// URL (${what})` });

/** Cognito allows 1-32 of letters, digits, space, `.`, `_`, `-` for provider names. */
const providerName = z
  .string({ error: 'must be a name of 1-32 characters: letters, digits, space . _ -' })
  .regex(/^[\w\s.-]{1,32}$/, { error: 'must be a name of 1-32 characters: letters, digits, space . _ -' })
  .refine((s) => !/^(cognito|google|facebook|amazon|apple|signinwithapple|loginwithamazon)$/i.test(s), {
    error:
      'must not be a name Cognito reserves (Cognito, Google, Facebook, LoginWithAmazon, SignInWithApple)',
  });

const samlProvider = z.strictObject({
  type: z.literal('SAML'),
  /** Shown on the hosted UI sign-in page. */
  name: providerName,
  /** URL of the IdP's SAML metadata document. */
  metadataUrl: https('SAML metadata URL'),
});

const oidcProvider = z.strictObject({
  type: z.literal('OIDC'),
  name: providerName,
  /** Issuer URL (its /.well-known/openid-configuration is read by Cognito). */
  issuer: https('OIDC issuer'),
  clientId: z.string({ error: 'must be the OIDC client id' }).min(1, { error: 'must be the OIDC client id' }),
  /** Secrets Manager secret (ARN) holding the OIDC client secret; never the secret itself. */
  clientSecretArn: z
    .string({ error: 'must be a Secrets Manager secret ARN' })
    .regex(/^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]+$/, {
      error: 'must be a Secrets Manager secret ARN (the client secret itself never goes in the config)',
    }),
});

/** The SRE dashboard in the central account. */
export const dashboardConfig = z.strictObject({
  /**
   * Cognito group whose members may create and change postmortems (the dashboard creates it; an
   * administrator or the IdP adds members). Everyone signed in may read them.
   * @default postmortem-writers
   */
  postmortemWriters: z
    .string({ error: 'must be a Cognito group name: A-Z a-z 0-9 _ -, 1-128 characters' })
    .regex(/^[A-Za-z0-9_-]{1,128}$/, {
      error: 'must be a Cognito group name: A-Z a-z 0-9 _ -, 1-128 characters',
    })
    .optional(),
  /**
   * Cognito hosted UI domain prefix (`<prefix>.auth.<region>.amazoncognito.com`), unique per region.
   * @default observability-dashboard-<central accountId>
   */
  cognitoDomainPrefix: z
    .string({ error: 'must be a domain prefix: a-z 0-9 -, 1-63 characters' })
    .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, {
      error: 'must be a domain prefix: a-z 0-9 -, 1-63 characters, not starting or ending with "-"',
    })
    .refine((s) => !/aws|amazon|cognito/.test(s), { error: 'must not contain "aws", "amazon" or "cognito"' })
    .optional(),
  /** The company's identity provider (SAML or OIDC). @default - users are created in the pool by an admin */
  identityProvider: z
    .discriminatedUnion('type', [samlProvider, oidcProvider], { error: 'type must be SAML or OIDC' })
    .optional(),
  /**
   * Custom host name with its ACM certificate (in us-east-1). Needed to enforce TLS 1.2+ to browsers.
   * @default - the distribution's *.cloudfront.net name
   */
  domain: z
    .strictObject({
      domainName: z
        .string({ error: 'must be a host name such as dashboard.example.com' })
        .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, {
          error: 'must be a host name such as dashboard.example.com',
        }),
      certificateArn: z
        .string({ error: 'must be an ACM certificate ARN in us-east-1' })
        .regex(/^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]{36}$/, {
          error: 'must be an ACM certificate ARN in us-east-1 (CloudFront only uses certificates from there)',
        }),
    })
    .optional(),
});

export type DashboardConfig = z.infer<typeof dashboardConfig>;
