// `review comment`: one pull request comment however many stacks change. GitHub refuses a comment body
// over 65,536 characters, so the review is cut at section boundaries: every top-level
// `<details>` section (one per stack) that does not fit is left out of the comment, named in a note,
// and kept whole in the overflow file (uploaded as an artifact) and the run summary.
import { code, plural } from './markdown';

/** GitHub's limit on an issue or pull request comment body, in characters. */
export const COMMENT_LIMIT = 65_536;
/** GitHub's limit on one step's job summary, in bytes. */
export const SUMMARY_LIMIT = 1_048_576;

export interface Block {
  readonly text: string;
  /** A collapsible section (`<details>` at the top level) that may move to the overflow. */
  readonly section: boolean;
  /** The section's title without markup, for the note. */
  readonly title?: string;
}

const OPEN = /^<details( open)?><summary>/;
const CLOSE = '</details>';

/**
 * Cuts a review's Markdown into top-level blocks. A section starts at a line beginning with
 * `<details><summary>` and ends at the next line that is exactly `</details>` (the review tools never nest
 * sections, and indent every value they print, so a value cannot end one).
 */
export function splitBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  let plain: string[] = [];
  const lines = markdown.split('\n');
  const flush = () => {
    if (plain.length > 0) blocks.push({ text: plain.join('\n'), section: false });
    plain = [];
  };
  for (let i = 0; i < lines.length; i++) {
    if (!OPEN.test(lines[i])) {
      plain.push(lines[i]);
      continue;
    }
    const end = lines.indexOf(CLOSE, i);
    if (end < 0) {
      plain.push(...lines.slice(i));
      break;
    }
    flush();
    const text = lines.slice(i, end + 1).join('\n');
    blocks.push({ text, section: true, title: titleOf(lines[i]) });
    i = end;
  }
  flush();
  return blocks;
}

function titleOf(line: string): string {
  const summary = /<summary>(.*?)<\/summary>/.exec(line)?.[1] ?? line;
  return summary
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .split(':')[0]
    .trim();
}

export interface CommentParts {
  /** The comment's first line: the marker the workflow finds its own comment by. */
  readonly marker: string;
  /** The review's Markdown documents, in order (diff, plans, parity...). */
  readonly documents: readonly string[];
  /** Where the whole review can be read: the run summary. */
  readonly runUrl?: string;
  /** Name of the artifact that holds the overflow file. */
  readonly artifact?: string;
  /** @default COMMENT_LIMIT */
  readonly limit?: number;
}

export interface SplitComment {
  /** Never longer than the limit. */
  readonly comment: string;
  /** The sections left out of the comment, whole; empty when everything fit. */
  readonly overflow: string;
  /** Titles of the sections left out. */
  readonly omitted: readonly string[];
  /** The whole review: what the run summary shows. */
  readonly full: string;
}

function note(omitted: readonly string[], total: number, parts: CommentParts, shownNames: number): string {
  const where = [
    parts.runUrl ? `the [run summary](${parts.runUrl})` : 'the run summary',
    parts.artifact ? `the artifact ${code(parts.artifact)}` : '',
  ]
    .filter(Boolean)
    .join(' and ');
  const names = omitted.slice(0, shownNames).map(code).join(', ');
  const more = omitted.length > shownNames ? ` and ${omitted.length - shownNames} more` : '';
  return [
    '> [!NOTE]',
    `> ${plural(omitted.length, 'section')} of ${total} did not fit in this comment (GitHub's limit is 65,536 characters) and ${omitted.length === 1 ? 'is' : 'are'} in ${where}${names ? `: ${names}${more}` : ''}.`,
  ].join('\n');
}

/**
 * The comment body within the limit: every block that is not a section is kept (headings, tables,
 * warnings), sections are kept in order while they fit and the others are moved to the overflow, and a
 * note lists them. If even the kept text is too long, it is cut with the same note.
 */
export function buildComment(parts: CommentParts): SplitComment {
  const limit = parts.limit ?? COMMENT_LIMIT;
  const full = `${[parts.marker, ...parts.documents.map((d) => d.trim())].join('\n\n')}\n`;
  if (full.length <= limit) return { comment: full, overflow: '', omitted: [], full };

  const blocks = [
    { text: parts.marker, section: false },
    ...parts.documents.flatMap((d) => splitBlocks(d.trim())),
  ];
  const sections = blocks.filter((b) => b.section);
  const join = (bs: readonly Block[]) => `${bs.map((b) => b.text.trim()).join('\n\n')}\n`;
  // Room for the note, measured with every section named (the longest it can be).
  const reserve = (omitted: readonly string[]) => note(omitted, sections.length, parts, 20).length + 2;

  const fixed = blocks.filter((b) => !b.section);
  const allTitles = sections.map((s) => s.title ?? '');
  let budget = limit - join(fixed).length - reserve(allTitles);
  const kept = new Set<Block>();
  for (const s of sections) {
    const cost = s.text.length + 2;
    if (cost <= budget) {
      kept.add(s);
      budget -= cost;
    }
  }
  const omittedBlocks = sections.filter((s) => !kept.has(s));
  const omitted = omittedBlocks.map((s) => s.title ?? '');
  const shown = blocks.filter((b) => !b.section || kept.has(b));
  // The note goes right after the marker, so that a reader sees it before the first table.
  const withNote = [
    shown[0],
    { text: note(omitted, sections.length, parts, 20), section: false },
    ...shown.slice(1),
  ];
  let comment = join(withNote);
  if (comment.length > limit) {
    // Only when the tables themselves are over the limit (thousands of stacks): cut, keep the note.
    const head = join([withNote[0], withNote[1]]);
    comment = `${head}\n${join(withNote.slice(2)).slice(0, limit - head.length - 40)}\n\n... (cut)\n`;
  }
  return { comment, overflow: join(omittedBlocks), omitted, full };
}

/**
 * What the job summary gets: the whole review when it fits GitHub's summary limit, otherwise the comment
 * (which names what it left out) and where the rest is.
 */
export function summaryText(split: SplitComment, artifact?: string): string {
  if (Buffer.byteLength(split.full) <= SUMMARY_LIMIT) return split.full;
  return `${split.comment}\n> [!NOTE]\n> The whole review is over the job summary's limit too: the sections left out are in the artifact ${code(artifact ?? 'review-overflow')}.\n`;
}
