// What the deploy and drift jobs need to know about one synthesized stack: where it lives (account,
// region, product, from its AWS provider) and a hash of everything terraform reads from its directory, so
// that a plan saved at review time can be refused when the stack it was made from is not the one deployed.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { isRecord, ReviewInputError } from './errors';
import { compareText } from './markdown';
import type { SynthOutput } from './synth-output';

export interface StackTarget {
  readonly stack: string;
  /** The AWS account the stack's provider is allowed to touch (`allowed_account_ids[0]`). */
  readonly account?: string;
  readonly region?: string;
  /** The `product` default tag; the collector key the stack's drift is posted with. */
  readonly product?: string;
  /** sha256 of the stack's terraform JSON (without cdktf's `//` comments) and its asset files. */
  readonly synthHash: string;
}

/** Directory of one stack inside a cdktf.out, as cdktf writes it. */
export function stackDir(synthDir: string, stack: string): string {
  return path.join(synthDir, 'stacks', stack);
}

// Keys sorted at every level: the same configuration always hashes the same, whatever the key order.
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (!isRecord(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .filter((k) => k !== '//')
      .sort(compareText)
      .map((k) => [k, canonical(value[k])]),
  );
}

function filesUnder(dir: string, prefix = ''): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.sort(compareText).flatMap((name) => {
    const full = path.join(dir, name);
    const rel = prefix ? `${prefix}/${name}` : name;
    return statSync(full).isDirectory() ? filesUnder(full, rel) : [rel];
  });
}

/**
 * The stack's hash: its `cdk.tf.json` as terraform reads it (cdktf's `//` comments are ignored by
 * terraform, so they are left out) and every file under its `assets/` (Lambda bundles, site files).
 */
export function synthHash(synthDir: string, stack: string): string {
  const dir = stackDir(synthDir, stack);
  const file = path.join(dir, 'cdk.tf.json');
  let tf: unknown;
  try {
    tf = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ReviewInputError(`cannot read stack "${stack}" (${file}): ${(err as Error).message}`);
  }
  const hash = createHash('sha256').update(JSON.stringify(canonical(tf)));
  for (const rel of filesUnder(path.join(dir, 'assets'))) {
    hash.update(`\0${rel}\0`).update(readFileSync(path.join(dir, 'assets', rel)));
  }
  return hash.digest('hex');
}

function firstString(value: unknown): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Account, region, product and hash of one stack of a synthesized output. */
export function stackTarget(synth: SynthOutput, stack: string): StackTarget {
  const entries = synth.stacks.get(stack)?.entries;
  if (!entries) {
    throw new ReviewInputError(
      `stack "${stack}" is not in ${synth.dir}; stacks: ${[...synth.stacks.keys()].join(', ') || '(none)'}`,
    );
  }
  const aws = entries.get('provider.aws')?.attributes;
  const tagBlock = isRecord(aws) ? firstOf(aws.default_tags) : undefined;
  const tags = isRecord(tagBlock) && isRecord(tagBlock.tags) ? tagBlock.tags : {};
  const account = isRecord(aws) ? firstString(aws.allowed_account_ids) : undefined;
  const region = isRecord(aws) ? firstString(aws.region) : undefined;
  const product = firstString(tags.product);
  return {
    stack,
    ...(account ? { account } : {}),
    ...(region ? { region } : {}),
    ...(product ? { product } : {}),
    synthHash: synthHash(synth.dir, stack),
  };
}

function firstOf(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}
