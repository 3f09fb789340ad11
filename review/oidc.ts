// Credentials per stack through GitHub OIDC: one job works on many accounts, so each stack gets a fresh
// OIDC token and assumes the role of its own account. Terraform's AWS provider and S3 backend read
// AWS_ROLE_ARN + AWS_WEB_IDENTITY_TOKEN_FILE themselves (AssumeRoleWithWebIdentity), and the provider
// then assumes the stack's deploy role as configured.
import { writeFileSync } from 'node:fs';
import { ReviewInputError } from './errors';
import type { StackTarget } from './stack-targets';

/** Environment variables that would win over the web identity in the AWS SDK's credential chain. */
const STATIC_CREDENTIALS = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE'];

export type Credentials = (
  target: StackTarget,
  tokenFile: string,
) => Promise<Record<string, string | undefined>>;

/** Asks GitHub for an OIDC token with the audience AWS STS expects. */
async function githubToken(env: NodeJS.ProcessEnv): Promise<string> {
  const url = env.ACTIONS_ID_TOKEN_REQUEST_URL;
  const bearer = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
  if (!url || !bearer) {
    throw new ReviewInputError(
      '--oidc-role needs a GitHub Actions job with `permissions: id-token: write` (ACTIONS_ID_TOKEN_REQUEST_URL is unset)',
    );
  }
  const res = await fetch(`${url}&audience=sts.amazonaws.com`, {
    headers: { authorization: `bearer ${bearer}` },
  });
  if (!res.ok) throw new Error(`GitHub OIDC token request answered ${res.status}`);
  const body = (await res.json()) as { value?: unknown };
  if (typeof body.value !== 'string') throw new Error('GitHub OIDC token answer has no "value"');
  return body.value;
}

/** Credentials that assume `arn:aws:iam::<stack's account>:role/<roleName>` with a GitHub OIDC token. */
export function githubOidc(roleName: string, sessionPrefix: string, env = process.env): Credentials {
  return async (target, tokenFile) => {
    if (!target.account) {
      throw new ReviewInputError(
        `stack "${target.stack}" names no AWS account (provider.aws.allowed_account_ids)`,
      );
    }
    writeFileSync(tokenFile, await githubToken(env), { mode: 0o600 });
    return {
      ...Object.fromEntries(STATIC_CREDENTIALS.map((k) => [k, undefined])),
      AWS_ROLE_ARN: `arn:aws:iam::${target.account}:role/${roleName}`,
      AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile,
      // 64 characters at most, [\w+=,.@-] only.
      AWS_ROLE_SESSION_NAME: `${sessionPrefix}-${target.stack}`.replace(/[^\w+=,.@-]/g, '-').slice(0, 64),
      ...(target.region ? { AWS_REGION: target.region } : {}),
    };
  };
}
