// Parsing a secret's JSON without ever repeating it. V8's JSON.parse errors quote the text around the bad
// character (`Unexpected token 'w', "whsec_4f…" is not valid JSON`), so its message must never reach a log,
// a stored reason or an answer: a secret that cannot be parsed is reported by its name only.

/** A secret that could not be read as configured; its message names the secret, never its content. */
export class SecretFormatError extends Error {
  override readonly name = 'SecretFormatError';
}

/** The secret's JSON value; throws `SecretFormatError` (without the parser's message or a cause). */
export function parseSecretJson(secretName: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new SecretFormatError(`${secretName} is not valid JSON (content not shown)`);
  }
}

/**
 * What may be said about a failure to read a secret. Our own errors are written to be safe; a
 * `SyntaxError` is a parser message that may quote the secret, so only its kind is kept.
 */
export function secretFailureText(err: unknown): string {
  if (err instanceof SecretFormatError) return err.message;
  if (err instanceof SyntaxError) return 'secret is not valid JSON (content not shown)';
  if (err instanceof Error) return err.message;
  return 'unknown error';
}
