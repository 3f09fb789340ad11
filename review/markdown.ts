// Markdown building blocks shared by every review command. Output must be byte-stable for the same
// input (snapshot tests, comment updates that do not churn): no timestamps, no locale-dependent sorting.

/** Code-point order, independent of the machine's locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortedBy<T>(items: Iterable<T>, key: (item: T) => string): T[] {
  return [...items].sort((a, b) => compareText(key(a), key(b)));
}

/** Text safe inside a table cell or a `<summary>`. */
export function escapeInline(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r?\n/g, ' ');
}

/** Inline code that survives backticks in the text. */
export function code(text: string): string {
  const ticks = '`'.repeat(Math.max(1, ...[...text.matchAll(/`+/g)].map((m) => m[0].length + 1)));
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${text.replace(/\|/g, '\\|')}${pad}${ticks}`;
}

export function table(headers: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const line = (cells: readonly (string | number)[]) => `| ${cells.map((c) => String(c)).join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

/** A collapsible section; the blank lines let GitHub render Markdown inside it. */
export function details(summary: string, body: string, open = false): string {
  return `<details${open ? ' open' : ''}><summary>${summary}</summary>\n\n${body.trim()}\n\n</details>`;
}

/** A fenced block; the fence is longer than any backtick run inside. */
export function fence(lines: readonly string[], language = ''): string {
  const text = lines.join('\n');
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}${language}\n${text}\n${ticks}`;
}

const MAX_VALUE_CHARS = 300;

/** One value as a single line (JSON for strings and structures), shortened when huge. */
export function formatValue(value: unknown): string {
  const text = value === undefined ? 'null' : (JSON.stringify(value) ?? String(value));
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 3)}...` : text;
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** Attribute paths in terraform's own notation: `a.b[0]["odd key"]`. */
export function joinPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  const safe = /^[A-Za-z_][\w-]*$/.test(key) ? key : JSON.stringify(key);
  if (parent === '') return safe;
  return safe.startsWith('"') ? `${parent}[${safe}]` : `${parent}.${safe}`;
}

const CONTEXT_CHARS = 40;

/**
 * Two long values, each cut down to where they differ (with some context), so that a one-word change in a
 * long query or message is visible: `…last_10m…` vs `…last_15m…`. Short values come back whole.
 */
export function contrast(before: unknown, after: unknown): [string, string] {
  const a = formatValue(before);
  const b = formatValue(after);
  if (typeof before !== 'string' || typeof after !== 'string' || (a.length <= 120 && b.length <= 120)) {
    return [a, b];
  }
  const x = JSON.stringify(before);
  const y = JSON.stringify(after);
  let start = 0;
  while (start < x.length && start < y.length && x[start] === y[start]) start++;
  let end = 0;
  while (end < x.length - start && end < y.length - start && x[x.length - 1 - end] === y[y.length - 1 - end])
    end++;
  const cut = (s: string) => {
    const from = Math.max(0, start - CONTEXT_CHARS);
    const to = Math.min(s.length, s.length - end + CONTEXT_CHARS);
    const text = `${from > 0 ? '…' : ''}${s.slice(from, to)}${to < s.length ? '…' : ''}`;
    return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 1)}…` : text;
  };
  return [cut(x), cut(y)];
}
