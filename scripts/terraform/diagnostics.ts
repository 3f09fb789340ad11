// Terraform's diagnostics (`validate -json`, `plan -json`) point at a line of cdk.tf.json; a reader knows the
// resource address and, better, the construct path cdktf records in each block's `//` metadata.

export interface Diagnostic {
  readonly severity: 'error' | 'warning';
  readonly summary: string;
  readonly detail: string;
  readonly line?: number;
  /** e.g. `aws_s3_object.Dashboard_Site_File-appjs_1234ABCD`, `var.pagerduty_token` */
  readonly address?: string;
  /** e.g. `central/Dashboard/Site/File-app.js` */
  readonly constructPath?: string;
}

interface RawDiagnostic {
  severity: string;
  summary: string;
  detail?: string;
  range?: { filename?: string; start?: { line?: number } };
}

const KEY_LINE = /^( *)"((?:[^"\\]|\\.)*)": [[{]/;

/** The enclosing blocks of a line, outermost first, as (indent, key) pairs read from the indented JSON. */
function enclosingKeys(lines: readonly string[], line: number): string[] {
  const keys: string[] = [];
  let limit = Number.POSITIVE_INFINITY;
  for (let i = Math.min(line, lines.length) - 1; i >= 0; i--) {
    const match = KEY_LINE.exec(lines[i]);
    const indent = match ? match[1].length : (/^ */.exec(lines[i])?.[0].length ?? 0);
    if (i === line - 1) {
      // Terraform points block-level diagnostics at the block's closing brace: that block is the innermost.
      limit = /^ *[}\]],?$/.test(lines[i]) ? indent + 1 : indent;
      continue;
    }
    if (!match || indent >= limit) continue;
    keys.unshift(JSON.parse(`"${match[2]}"`) as string);
    limit = indent;
    if (indent <= 2) break;
  }
  return keys;
}

const SECTION_PREFIX: Record<string, string> = {
  variable: 'var',
  output: 'output',
  provider: 'provider',
  locals: 'local',
  module: 'module',
};

/** Address and construct path of the block that holds `line` of the stack's cdk.tf.json. */
export function locate(
  text: string,
  json: Record<string, unknown>,
  line: number,
): { address?: string; constructPath?: string } {
  const [section, first, second] = enclosingKeys(text.split('\n'), line);
  if (!section) return {};
  const blocks = json[section] as Record<string, Record<string, unknown>> | undefined;
  if ((section === 'resource' || section === 'data' || section === 'ephemeral') && first && second) {
    const meta = (blocks?.[first]?.[second] as { '//'?: { metadata?: { path?: string } } } | undefined)?.[
      '//'
    ];
    const prefix = section === 'resource' ? '' : `${section}.`;
    return { address: `${prefix}${first}.${second}`, constructPath: meta?.metadata?.path };
  }
  if (SECTION_PREFIX[section] && first) return { address: `${SECTION_PREFIX[section]}.${first}` };
  return { address: section };
}

/** Reads `terraform validate -json` output into located diagnostics. */
export function readDiagnostics(
  output: string,
  stackText: string,
  stackJson: Record<string, unknown>,
): Diagnostic[] {
  const parsed = JSON.parse(output) as { diagnostics?: RawDiagnostic[] };
  return (parsed.diagnostics ?? []).map((d) => {
    const line = d.range?.filename === 'cdk.tf.json' ? d.range.start?.line : undefined;
    return {
      severity: d.severity === 'error' ? 'error' : 'warning',
      summary: d.summary,
      detail: d.detail ?? '',
      line,
      ...(line ? locate(stackText, stackJson, line) : {}),
    };
  });
}

/** One diagnostic as text: severity, summary, where (address, construct path, line), detail indented. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = [d.address, d.constructPath && `(${d.constructPath})`, d.line && `cdk.tf.json:${d.line}`]
    .filter(Boolean)
    .join(' ');
  const detail = d.detail ? `\n      ${d.detail.replace(/\n/g, '\n      ')}` : '';
  return `  ${d.severity}: ${d.summary}${where ? `\n    at ${where}` : ''}${detail}`;
}
