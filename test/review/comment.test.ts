// The review comment for a change that touches every stack of a 500-account estate: one comment within
// GitHub's 65,536 characters, the rest in the overflow file and the run summary, with a note.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { generatedProductName } from '../../bench/synth';
import { runAsync } from '../../review/cli';
import { buildComment, COMMENT_LIMIT, SUMMARY_LIMIT, splitBlocks, summaryText } from '../../review/comment';
import { parsePlan } from '../../review/plan';
import { renderPlans } from '../../review/plan-markdown';

const PLANS = path.join(__dirname, '..', 'fixtures', 'plans');
const plan = (name: string) => JSON.parse(readFileSync(path.join(PLANS, name), 'utf8'));
const MARKER = '<!-- cdktf-plan-review -->';

/** `review plan` for central and 500 product stacks: real plans, a big one every 50th stack. */
function estateReview(): string {
  const small = plan('tfjson-120-basic.json');
  const big = plan('checkov-aws-55-creates.json');
  const stacks = ['central', ...Array.from({ length: 500 }, (_, i) => `${generatedProductName(i)}-prod`)];
  return renderPlans(stacks.map((s, i) => parsePlan(s, i % 50 === 0 ? big : small)));
}

const sectionsOf = (md: string) => splitBlocks(md).filter((b) => b.section);

describe('500 product accounts', () => {
  const review = estateReview();
  const parity = '## Parity\n\nEvery product account is wired identically.\n';
  const split = buildComment({
    marker: MARKER,
    documents: [review, parity],
    runUrl: 'https://github.com/acme/obs/actions/runs/42',
    artifact: 'review-overflow',
  });

  test('the comment stays within the limit and keeps the marker, the summary table and the parity', () => {
    expect(review.length).toBeGreaterThan(COMMENT_LIMIT * 4);
    expect(split.comment.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(split.comment.startsWith(`${MARKER}\n`)).toBe(true);
    expect(split.comment).toContain('| `product500-prod` |');
    expect(split.comment).toContain('Every product account is wired identically.');
  });

  test('every stack section is either in the comment or in the overflow, whole, once', () => {
    const all = sectionsOf(review).map((s) => s.text);
    const inComment = sectionsOf(split.comment).map((s) => s.text);
    const inOverflow = sectionsOf(split.overflow).map((s) => s.text);
    expect(all).toHaveLength(501);
    expect(inComment.length).toBeGreaterThan(0);
    expect([...inComment, ...inOverflow].sort()).toEqual([...all].sort());
    expect(split.omitted).toHaveLength(inOverflow.length);
  });

  test('a note names what was left out and where it is', () => {
    expect(split.comment).toContain(
      `> ${split.omitted.length} sections of 501 did not fit in this comment (GitHub's limit is 65,536 characters) and are in the [run summary](https://github.com/acme/obs/actions/runs/42) and the artifact \`review-overflow\`: \`${split.omitted[0]}\``,
    );
    expect(split.comment).toContain(`and ${split.omitted.length - 20} more.`);
    expect(split.full).toContain(review.trim());
  });
});

test('a review that fits is posted whole, without a note or overflow', () => {
  const review = renderPlans([parsePlan('payments-prod', plan('tfjson-120-basic.json'))]);
  const split = buildComment({ marker: MARKER, documents: [review] });
  expect(split.comment).toBe(`${MARKER}\n\n${review.trim()}\n`);
  expect([split.overflow, split.omitted]).toEqual(['', []]);
});

test('a section too big on its own is moved while smaller ones after it still fit', () => {
  const section = (name: string, size: number) =>
    `<details><summary><b>${name}</b>: x</summary>\n\n${'y'.repeat(size)}\n\n</details>`;
  const doc = ['## Plan', section('first', 500), section('huge', 5000), section('last', 500)].join('\n\n');
  const split = buildComment({ marker: MARKER, documents: [doc], limit: 2000 });
  expect(split.comment.length).toBeLessThanOrEqual(2000);
  expect(split.omitted).toEqual(['huge']);
  expect(sectionsOf(split.comment).map((s) => s.title)).toEqual(['first', 'last']);
});

test('the job summary gets the whole review when it fits in 1 MiB', () => {
  const review = renderPlans(
    Array.from({ length: 10 }, (_, i) => parsePlan(`s${i}`, plan('checkov-aws-55-creates.json'))),
  );
  const split = buildComment({ marker: MARKER, documents: [review] });
  expect(split.omitted.length).toBeGreaterThan(0);
  expect(summaryText(split)).toBe(split.full);
});

test('review comment writes the comment, the overflow and the job summary', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'comment-'));
  const files = { review: path.join(dir, 'plans.md'), comment: path.join(dir, 'comment.md') };
  writeFileSync(files.review, estateReview());
  const summary = path.join(dir, 'summary.md');
  let out = '';
  const code = await runAsync(
    [
      'comment',
      '--marker',
      MARKER,
      '--comment-file',
      files.comment,
      '--overflow-file',
      path.join(dir, 'overflow.md'),
      '--summary-file',
      summary,
      files.review,
    ],
    { out: (t) => (out += t), err: () => undefined },
  );
  expect(code).toBe(0);
  expect(readFileSync(files.comment, 'utf8').length).toBeLessThanOrEqual(COMMENT_LIMIT);
  expect(readFileSync(path.join(dir, 'overflow.md'), 'utf8')).toContain('<b>product499-prod</b>');
  // This review is over the job summary's 1 MiB as well: the summary gets the comment and says so.
  expect(Buffer.byteLength(estateReview())).toBeGreaterThan(SUMMARY_LIMIT);
  expect(readFileSync(summary, 'utf8')).toBe(
    `${readFileSync(files.comment, 'utf8')}\n> [!NOTE]\n> The whole review is over the job summary's limit too: the sections left out are in the artifact \`review-overflow\`.\n`,
  );
  expect(out).toMatch(/^comment: \d+ characters; \d+ sections moved to the overflow\n$/);
});
