// Reads a synthesized cdktf output directory (`cdktf.out`): manifest.json lists the stacks, each stack's
// cdk.tf.json holds its terraform JSON. Everything is flattened to terraform addresses so that two outputs
// can be compared entry by entry.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { isRecord, type Json, ReviewInputError } from './errors';

export type EntryKind =
  | 'resource'
  | 'data'
  | 'provider'
  | 'module'
  | 'output'
  | 'variable'
  | 'local'
  | 'terraform';

/** One addressable block of a stack: a resource, data source, provider, output... */
export interface SynthEntry {
  /** Terraform address: `aws_sqs_queue.Dlq_1A2B3C`, `data.x.y`, `provider.aws`, `output.url`, `terraform`. */
  readonly address: string;
  readonly kind: EntryKind;
  /** Resource or data source type; the block name for other kinds. */
  readonly type: string;
  /** Construct path inside the stack (without the stack's own name), when cdktf recorded one. */
  readonly constructPath?: string;
  /** The block's arguments, without cdktf's `//` metadata. */
  readonly attributes: Json;
}

export interface SynthStack {
  readonly name: string;
  /** Entries by address. */
  readonly entries: ReadonlyMap<string, SynthEntry>;
}

export interface SynthOutput {
  readonly dir: string;
  /** Stacks by name. */
  readonly stacks: ReadonlyMap<string, SynthStack>;
}

function readJson(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ReviewInputError(
      `cannot read ${what} ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ReviewInputError(`${what} ${file} is not valid JSON: ${(err as Error).message}`);
  }
}

function withoutMetadata(block: unknown): Json {
  if (!isRecord(block)) return {};
  const { '//': _metadata, ...rest } = block;
  return rest;
}

function constructPathOf(block: unknown, stackName: string): string | undefined {
  if (!isRecord(block)) return undefined;
  const meta = block['//'];
  const full = isRecord(meta) && isRecord(meta.metadata) ? meta.metadata.path : undefined;
  if (typeof full !== 'string') return undefined;
  return full.startsWith(`${stackName}/`) ? full.slice(stackName.length + 1) : full;
}

/** Flattens one stack's terraform JSON into entries by address. */
export function stackEntries(stackName: string, tf: Json): Map<string, SynthEntry> {
  const entries = new Map<string, SynthEntry>();
  const add = (entry: SynthEntry) => entries.set(entry.address, entry);

  for (const [blockKind, prefix, kind] of [
    ['resource', '', 'resource'],
    ['data', 'data.', 'data'],
  ] as const) {
    const byType = tf[blockKind];
    if (!isRecord(byType)) continue;
    for (const [type, byName] of Object.entries(byType)) {
      if (!isRecord(byName)) continue;
      for (const [name, block] of Object.entries(byName)) {
        add({
          address: `${prefix}${type}.${name}`,
          kind,
          type,
          constructPath: constructPathOf(block, stackName),
          attributes: withoutMetadata(block),
        });
      }
    }
  }
  if (isRecord(tf.provider)) {
    for (const [type, configs] of Object.entries(tf.provider)) {
      for (const config of Array.isArray(configs) ? configs : [configs]) {
        const alias = isRecord(config) && typeof config.alias === 'string' ? `.${config.alias}` : '';
        add({
          address: `provider.${type}${alias}`,
          kind: 'provider',
          type,
          attributes: withoutMetadata(config),
        });
      }
    }
  }
  for (const [blockKind, prefix, kind] of [
    ['module', 'module.', 'module'],
    ['output', 'output.', 'output'],
    ['variable', 'var.', 'variable'],
    ['locals', 'local.', 'local'],
  ] as const) {
    const byName = tf[blockKind];
    if (!isRecord(byName)) continue;
    for (const [name, block] of Object.entries(byName)) {
      if (name === '//') continue;
      add({
        address: `${prefix}${name}`,
        kind,
        type: name,
        constructPath: constructPathOf(block, stackName),
        attributes: kind === 'local' ? { value: block } : withoutMetadata(block),
      });
    }
  }
  if (isRecord(tf.terraform)) {
    add({
      address: 'terraform',
      kind: 'terraform',
      type: 'terraform',
      attributes: withoutMetadata(tf.terraform),
    });
  }
  return entries;
}

/** Reads `<dir>/manifest.json` and every stack it lists. */
export function readSynthOutput(dir: string): SynthOutput {
  const manifest = readJson(path.join(dir, 'manifest.json'), 'cdktf manifest');
  if (!isRecord(manifest) || !isRecord(manifest.stacks)) {
    throw new ReviewInputError(
      `${path.join(dir, 'manifest.json')} has no "stacks" object: is ${dir} a cdktf.out directory?`,
    );
  }
  const stacks = new Map<string, SynthStack>();
  for (const [key, info] of Object.entries(manifest.stacks)) {
    const name = isRecord(info) && typeof info.name === 'string' ? info.name : key;
    const relative =
      isRecord(info) && typeof info.synthesizedStackPath === 'string'
        ? info.synthesizedStackPath
        : path.join('stacks', name, 'cdk.tf.json');
    const tf = readJson(path.join(dir, relative), `stack "${name}"`);
    if (!isRecord(tf)) throw new ReviewInputError(`stack "${name}" (${relative}) is not a JSON object`);
    stacks.set(name, { name, entries: stackEntries(name, tf) });
  }
  return { dir, stacks };
}
