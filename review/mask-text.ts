// Masking inside free text (terraform's error output) before it reaches a run summary or an event:
// the same value patterns as review/mask.ts, applied to every word-like run of a line.
import { isSecretValue, MASKED } from './mask';

const TOKEN = /[^\s"'`,;()[\]{}<>]+/g;

/** The line with every part that looks like a credential replaced by `(sensitive value)`. */
export function maskLine(line: string): string {
  const whole = isSecretValue(line);
  if (!whole) return line;
  // Private keys span the line; tokens and URLs with credentials are single words.
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(line)) return MASKED;
  return line.replace(TOKEN, (word) => (isSecretValue(word) ? MASKED : word));
}

/** Every line of a text masked. */
export function maskText(text: string): string {
  return text.split('\n').map(maskLine).join('\n');
}
