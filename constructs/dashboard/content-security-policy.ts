// The page's Content Security Policy: its own scripts, styles and API only; no inline code, no frames, no
// third-party origin except the sign-in endpoint it exchanges the authorization code with.

/** `connectOrigins`: origins besides the page's own that `fetch` may reach (the Cognito domain). */
export function contentSecurityPolicy(connectOrigins: readonly string[] = []): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src ${["'self'", ...connectOrigins].join(' ')}`,
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    'upgrade-insecure-requests',
  ].join('; ');
}
