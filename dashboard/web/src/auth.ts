// Sign-in with the Cognito hosted UI: authorization code flow with PKCE (public client, no secret).
// The ID token is kept in sessionStorage (gone when the tab closes) and sent as the Authorization header
// that the API Gateway Cognito authorizer checks.

export interface AuthConfig {
  /** Hosted UI base URL, e.g. https://acme-observability.auth.ap-northeast-1.amazoncognito.com */
  readonly domain: string;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly scopes: readonly string[];
}

const TOKEN = 'dashboard.idToken';
const VERIFIER = 'dashboard.pkceVerifier';
const STATE = 'dashboard.oauthState';

function base64url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomString(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

function tokenExpired(token: string): boolean {
  try {
    const payload = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))) as {
      exp?: number;
    };
    return !payload.exp || payload.exp * 1000 < Date.now() + 30_000;
  } catch {
    return true;
  }
}

/** Sends the browser to the hosted UI. */
export async function signIn(auth: AuthConfig): Promise<never> {
  const verifier = randomString();
  const state = randomString();
  sessionStorage.setItem(VERIFIER, verifier);
  sessionStorage.setItem(STATE, state);
  const challenge = base64url(
    new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))),
  );
  const url = new URL('/oauth2/authorize', auth.domain);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: auth.clientId,
    redirect_uri: auth.redirectUri,
    scope: auth.scopes.join(' '),
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.toString());
  return new Promise<never>(() => {});
}

let pending: Promise<string> | null = null;

/**
 * The ID token: from storage, from the redirect back from the hosted UI, or by signing in. Concurrent
 * callers share one attempt: an authorization code can be exchanged only once.
 */
export function idToken(auth: AuthConfig): Promise<string> {
  pending ??= obtainToken(auth).finally(() => {
    pending = null;
  });
  return pending;
}

async function obtainToken(auth: AuthConfig): Promise<string> {
  const stored = sessionStorage.getItem(TOKEN);
  if (stored && !tokenExpired(stored)) return stored;
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  if (code && params.get('state') === sessionStorage.getItem(STATE)) {
    const res = await fetch(new URL('/oauth2/token', auth.domain), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: auth.clientId,
        code,
        redirect_uri: auth.redirectUri,
        code_verifier: sessionStorage.getItem(VERIFIER) ?? '',
      }),
    });
    history.replaceState(null, '', location.pathname);
    if (res.ok) {
      const body = (await res.json()) as { id_token: string };
      sessionStorage.setItem(TOKEN, body.id_token);
      return body.id_token;
    }
  }
  return signIn(auth);
}

export function forgetToken(): void {
  sessionStorage.removeItem(TOKEN);
}
