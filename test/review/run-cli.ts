import { run } from '../../review/cli';

/** Runs `review <args>` in-process and captures what it prints. */
export function runReview(args: readonly string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = run(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}
