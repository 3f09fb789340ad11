// Markdown of `review parity`: a table per stack, then each stack's deviations with their explanation.
import { code, contrast, details, escapeInline, plural, table } from './markdown';
import { maskValue } from './mask';
import type { Deviation, DeviationKind, ParityReport } from './parity';

function deviationLine(d: Deviation): string {
  const what = `${code(d.type)} ${code(d.where)}`;
  const others = d.others.map(code).join(', ');
  let text: string;
  if (d.kind === 'missing') text = `**missing** ${what} (present in ${others})`;
  else if (d.kind === 'extra') text = `**extra** ${what} (not in ${others})`;
  else {
    const masked = (v: unknown) => (v === undefined ? undefined : maskValue(d.attribute ?? '', v, d.type));
    const [here, there] = contrast(masked(d.value), masked(d.reference));
    const show = (v: unknown, text: string) => (v === undefined ? '(absent)' : text);
    text = `**differs** ${what} ${code(d.attribute ?? '')}: ${code(show(d.value, here))} here, ${code(show(d.reference, there))} in ${others}`;
  }
  const why = !d.declared
    ? '**undeclared**'
    : d.declared.by === 'env'
      ? `per env: ${d.declared.text}`
      : `declared by ${d.declared.text}`;
  return `- ${text}: ${why}`;
}

/**
 * The Markdown report of `review parity`. With `onlyUndeclared`, declared deviations are counted but not
 * listed (short enough for a pull request comment).
 */
export function renderParity(report: ParityReport, onlyUndeclared = false): string {
  const undeclared = report.deviations.filter((d) => !d.declared).length;
  const out: string[] = [
    `## Parity of product stacks: ${plural(report.stacks.length, 'stack')}, ${plural(report.deviations.length, 'deviation')} (${undeclared} undeclared)`,
    `Compared ${plural(report.compared, 'resource and block', 'resources and blocks')} by type and construct path, after replacing each stack's own names and ids with ${code('<stack>')}, ${code('<product>')} (name and string settings), ${code('<env>')}, ${code('<account>')}, ${code('<region>')}.${report.configSource ? ` Declared settings from ${code(report.configSource)}.` : ''}`,
  ];
  for (const n of report.notes) out.push(`> ${n}`);
  const count = (s: string, kind: DeviationKind) =>
    report.deviations.filter((d) => d.stack === s && d.kind === kind).length;
  out.push(
    table(
      ['stack', 'missing', 'extra', 'differing', 'undeclared'],
      report.stacks.map((s) => [
        code(s),
        count(s, 'missing'),
        count(s, 'extra'),
        count(s, 'differs'),
        report.deviations.filter((d) => d.stack === s && !d.declared).length,
      ]),
    ),
  );
  for (const s of report.stacks) {
    const mine = report.deviations.filter((d) => d.stack === s);
    const open = mine.filter((d) => !d.declared);
    const listed = onlyUndeclared ? open : mine;
    if (listed.length === 0) continue;
    out.push(
      details(
        `<b>${escapeInline(s)}</b>: ${plural(mine.length, 'deviation')}${open.length ? `, ${open.length} undeclared` : ', all declared'}`,
        listed.map(deviationLine).join('\n'),
      ),
    );
  }
  if (onlyUndeclared && undeclared < report.deviations.length) {
    out.push(
      `${plural(report.deviations.length - undeclared, 'declared deviation')} not listed (\`--only-undeclared\`).`,
    );
  }
  return `${out.join('\n\n')}\n`;
}
