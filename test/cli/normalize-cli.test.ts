import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runNormalizeCli } from '../../lambda-src/cli/normalize';
import { FIXTURES, storedDocument } from '../collector/normalize/support';

const ROOT = join(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const CLI = join(ROOT, 'lambda-src', 'cli', 'normalize.ts');

function run(args: string[], input?: string) {
  const result = spawnSync(TSX, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', input, timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const SENTRY_ISSUE = join(FIXTURES, 'sentry', 'webhook.issue.created.sentry-docs.json');
const EC2_EVENT = join(FIXTURES, 'eventbridge', 'generic-envelope.powertools-python.json');

describe('normalize CLI (spawned)', () => {
  test('prints the documents as a JSON array and exits 0', () => {
    const { code, stdout, stderr } = run([
      '--source',
      'sentry',
      '--product',
      'payments',
      '--header',
      'Sentry-Hook-Resource=issue',
      SENTRY_ISSUE,
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const docs = JSON.parse(stdout);
    expect(docs).toHaveLength(1);
    storedDocument.parse(docs[0]);
    expect(docs[0]).toMatchObject({
      product: 'payments',
      source: 'sentry',
      title: 'ReferenceError: blooopy is not defined',
    });
  });

  test('an unrecognized payload prints the reason on stderr and exits 2', () => {
    const { code, stdout, stderr } = run(['--source', 'eventbridge', EC2_EVENT]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'normalize: not recognized: EventBridge event: unsupported source "aws.ec2" with detail-type "EC2 Instance State-change Notification"\n',
    );
  });

  test('fails on malformed JSON with exit 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'normalize-cli-'));
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{"event": ');
    const { code, stderr } = run(['--source', 'pagerduty', file]);
    expect(code).toBe(1);
    expect(stderr).toMatch(
      new RegExp(`^normalize: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not valid JSON: `),
    );
  });

  test('fails on bad arguments with exit 1 and the usage', () => {
    const { code, stdout, stderr } = run(['--source', 'splunk', SENTRY_ISSUE]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(
      /^normalize: unknown --source "splunk"\nusage: npm run -s normalize -- --source <eventbridge\|pagerduty\|datadog\|sentry\|fluentbit\|drift>/,
    );
  });

  test('reads the payload from stdin with -', () => {
    const { code, stdout } = run(
      ['--source', 'fluentbit', '-'],
      '[{"date": 1671000068.5, "log": "ERROR boom"}]',
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject([
      { product: 'local', severity: 'high', occurredAt: '2022-12-14T06:41:08.500Z' },
    ]);
  });
});

describe('normalize CLI (in process)', () => {
  const now = () => new Date('2026-11-26T12:00:00.000Z');
  const read = (text: string) => () => text;

  test('receivedAt is the time of the run', () => {
    const result = runNormalizeCli(
      ['--source', 'fluentbit', 'batch.json'],
      read('[{"log":"x","date":1671000068}]'),
      now,
    );
    expect(JSON.parse(result.stdout)[0].receivedAt).toBe('2026-11-26T12:00:00.000Z');
  });

  test('header names are case-insensitive', () => {
    const payload = JSON.stringify({ action: 'created', data: {} });
    const result = runNormalizeCli(
      ['--source', 'sentry', '--header', 'SENTRY-HOOK-RESOURCE=issue', 'x.json'],
      read(payload),
      now,
    );
    expect(result).toMatchObject({
      code: 2,
      stderr: 'normalize: not recognized: Sentry issue webhook: data.issue: missing (object expected)\n',
    });
  });

  test.each([
    [[], /^normalize: --source is required\n/],
    [['--source', 'datadog'], /^normalize: FILE is required\n/],
    [['--source', 'datadog', 'a.json', 'b.json'], /^normalize: exactly one FILE expected\n/],
    [['--source', 'datadog', '--header', 'novalue', 'a.json'], /^normalize: --header "novalue" is not K=V\n/],
    [['--source', 'datadog', '--product', ' ', 'a.json'], /^normalize: --product must not be empty\n/],
    [['--source', 'datadog', '--verbose', 'a.json'], /^normalize: Unknown option '--verbose'/],
  ])('fails on arguments %p', (args, message) => {
    const result = runNormalizeCli(args, read('{}'), now);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain('usage: npm run -s normalize');
  });

  test('fails on an unreadable file with exit 1', () => {
    const result = runNormalizeCli(['--source', 'datadog', '/no/such/file.json'], undefined, now);
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toMatch(/^normalize: cannot read \/no\/such\/file\.json: ENOENT/);
  });

  test('--help prints the usage and exits 0', () => {
    expect(runNormalizeCli(['--help'])).toMatchObject({ code: 0, stderr: '' });
  });
});
