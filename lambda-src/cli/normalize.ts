// `npm run -s normalize -- --source <route> [--product NAME] [--header K=V]... FILE`
// Normalizes one payload exactly as the collector would, so a team can check a new payload before wiring it.
// Exit codes: 0 documents printed, 1 bad arguments or unreadable/malformed input, 2 payload not recognized.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { normalizeDelivery } from '../collector/normalize';
import { ROUTES, type Route } from '../collector/normalized-event';

const USAGE = `usage: npm run -s normalize -- --source <${ROUTES.join('|')}> [--product NAME] [--header K=V]... FILE

Prints the normalized documents of the JSON payload in FILE (- for stdin) as a JSON array.
  --source   the collector route the payload arrives on (eventbridge = POST /events)
  --product  product name stored in the documents (default: local)
  --header   a request header, repeatable (e.g. --header Sentry-Hook-Resource=issue)
Exit status: 0 normalized, 1 bad arguments or unreadable input, 2 payload not recognized (the reason is printed).`;

export interface CliResult {
  readonly code: 0 | 1 | 2;
  readonly stdout: string;
  readonly stderr: string;
}

/** The whole CLI as a function of its arguments and input, so it can be tested without a process. */
export function runNormalizeCli(
  args: readonly string[],
  readInput: (file: string) => string = (file) => readFileSync(file === '-' ? 0 : file, 'utf8'),
  now: () => Date = () => new Date(),
): CliResult {
  const usageError = (message: string): CliResult => ({
    code: 1,
    stdout: '',
    stderr: `normalize: ${message}\n${USAGE}\n`,
  });

  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    return usageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { code: 0, stdout: `${USAGE}\n`, stderr: '' };
  if (!values.source) return usageError('--source is required');
  if (!isRoute(values.source)) return usageError(`unknown --source "${values.source}"`);
  if (positionals.length !== 1)
    return usageError(positionals.length ? 'exactly one FILE expected' : 'FILE is required');
  const product = values.product ?? 'local';
  if (!product.trim()) return usageError('--product must not be empty');

  const headers: Record<string, string> = {};
  for (const header of values.header ?? []) {
    const eq = header.indexOf('=');
    if (eq <= 0) return usageError(`--header "${header}" is not K=V`);
    headers[header.slice(0, eq).trim().toLowerCase()] = header.slice(eq + 1).trim();
  }

  const file = positionals[0];
  let text: string;
  try {
    text = readInput(file);
  } catch (error) {
    return { code: 1, stdout: '', stderr: `normalize: cannot read ${file}: ${(error as Error).message}\n` };
  }
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch (error) {
    return {
      code: 1,
      stdout: '',
      stderr: `normalize: ${file} is not valid JSON: ${(error as Error).message}\n`,
    };
  }

  const result = normalizeDelivery(values.source, payload, {
    product,
    receivedAt: now().toISOString(),
    headers,
  });
  if (!result.ok) return { code: 2, stdout: '', stderr: `normalize: not recognized: ${result.reason}\n` };
  return { code: 0, stdout: `${JSON.stringify(result.events, null, 2)}\n`, stderr: '' };
}

function parse(args: readonly string[]) {
  return parseArgs({
    args: [...args],
    allowPositionals: true,
    strict: true,
    options: {
      source: { type: 'string' },
      product: { type: 'string' },
      header: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

function isRoute(value: string): value is Route {
  return (ROUTES as readonly string[]).includes(value);
}

if (require.main === module) {
  const { code, stdout, stderr } = runNormalizeCli(process.argv.slice(2));
  process.stdout.write(stdout);
  process.stderr.write(stderr);
  process.exitCode = code;
}
