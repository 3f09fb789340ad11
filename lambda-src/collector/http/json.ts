export type JsonResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly reason: string };

/**
 * Nesting allowed in a payload. The stored document wraps the payload one level down, and the MongoDB
 * wire protocol refuses documents nested deeper than 100 levels; no real sender nests more than ~20.
 */
export const MAX_JSON_DEPTH = 64;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Strict UTF-8 + JSON, with the reason a sender can act on. Integers beyond ±2^53 (Datadog event ids, for
 * one) are kept as their exact decimal text, a string: as numbers, two different ids would round to the
 * same double and collide.
 */
export function parseJson(bytes: Buffer): JsonResult {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { ok: false, reason: 'malformed JSON: body is not valid UTF-8' };
  }
  let value: unknown;
  try {
    value = JSON.parse(quoteUnsafeIntegers(text));
  } catch {
    // The error (and its position) as the sender's own text gives it.
    try {
      JSON.parse(text);
    } catch (err) {
      return { ok: false, reason: `malformed JSON: ${(err as Error).message}` };
    }
    return { ok: false, reason: 'malformed JSON' };
  }
  return { ok: true, value };
}

/** Depth of arrays/objects, without recursion (a hostile body must not blow the stack). */
export function jsonDepth(value: unknown, stopAfter = MAX_JSON_DEPTH + 1): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth > max) max = depth;
    if (max >= stopAfter) return max;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return max;
}

/** Sixteen digits in a row: the only way to write an integer beyond 2^53 (9,007,199,254,740,992). */
const LONG_DIGIT_RUN = /\d{16}/;

/**
 * The JSON text with every integer literal beyond Number.MAX_SAFE_INTEGER put in quotes. Text without a
 * 16-digit run is returned as is (one regular-expression test); otherwise one pass that skips strings.
 */
export function quoteUnsafeIntegers(text: string): string {
  if (!LONG_DIGIT_RUN.test(text)) return text;
  let out = '';
  let copied = 0;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      i++;
      while (i < text.length && text.charCodeAt(i) !== 0x22) i += text.charCodeAt(i) === 0x5c /* \ */ ? 2 : 1;
      i++;
    } else if (c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39)) {
      const start = i;
      i++;
      while (i < text.length && /[0-9.eE+-]/.test(text[i])) i++;
      const literal = text.slice(start, i);
      if (/^-?\d{16,}$/.test(literal) && !Number.isSafeInteger(Number(literal))) {
        out += `${text.slice(copied, start)}"${literal}"`;
        copied = i;
      }
    } else {
      i++;
    }
  }
  return copied === 0 ? text : out + text.slice(copied);
}
