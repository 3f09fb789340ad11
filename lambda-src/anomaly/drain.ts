// Log template mining in the style of Drain (He et al., "Drain: An Online Log Parsing Approach with Fixed
// Depth Tree", ICWS 2017): a line is masked, split into tokens, routed through a tree of fixed depth
// (token count, then the first tokens) to a leaf of clusters, and joins the most similar cluster of the
// leaf when enough tokens agree; otherwise it starts a new cluster. Joining turns the tokens that differ
// into `<*>`. No state outside the instance: the detector rebuilds the tree from the baseline on each run.
import { createHash } from 'node:crypto';

export const WILDCARD = '<*>';

/** Variable parts replaced before tokenizing, in order (a later rule never sees an earlier one's text). */
const MASKS: readonly [RegExp, string][] = [
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<ID>'],
  [/\b(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?\b/g, '<IP>'],
  [/\b0x[0-9a-f]+\b/gi, '<HEX>'],
  // Hex runs long enough to be ids (commit hashes, trace ids), with at least one digit.
  [/\b(?=[0-9a-f]*\d)[0-9a-f]{12,}\b/gi, '<ID>'],
  [/(?<![\w.])[-+]?\d+(?:\.\d+)?(?![\w.])/g, '<NUM>'],
];

/** A line with its variable parts masked (`<IP>`, `<HEX>`, `<ID>`, `<NUM>`). */
export function maskLine(line: string): string {
  let out = line;
  for (const [re, token] of MASKS) out = out.replace(re, token);
  return out;
}

export function tokenize(line: string): string[] {
  return maskLine(line).trim().split(/\s+/).filter(Boolean);
}

/** A token that varies from line to line: a mask, a wildcard, or anything with a digit left in it. */
function isVariable(token: string): boolean {
  return token === WILDCARD || /^<[A-Z]+>$/.test(token) || /\d/.test(token);
}

export interface DrainOptions {
  /**
   * Depth of the tree as in the Drain paper: root, token count, `depth - 3` first-token levels, leaves.
   * @default 4 (the first token routes)
   */
  readonly depth?: number;
  /** Share of equal tokens needed to join a cluster (0.6 merges BGL's "data storage interrupt" with "data address space"). @default 0.7 */
  readonly similarity?: number;
  /** Children of one tree node before further first tokens share the wildcard child. @default 100 */
  readonly maxChildren?: number;
}

export interface LogCluster {
  /** Assigned in creation order. */
  readonly seq: number;
  tokens: string[];
  size: number;
}

interface Node {
  readonly children: Map<string, Node>;
  readonly clusters: LogCluster[];
}

const newNode = (): Node => ({ children: new Map(), clusters: [] });

export class Drain {
  private readonly depth: number;
  private readonly similarity: number;
  private readonly maxChildren: number;
  private readonly root = newNode();
  private readonly all: LogCluster[] = [];

  constructor(opts: DrainOptions = {}) {
    this.depth = opts.depth ?? 4;
    this.similarity = opts.similarity ?? 0.7;
    this.maxChildren = opts.maxChildren ?? 100;
    if (!Number.isInteger(this.depth) || this.depth < 3)
      throw new Error(`depth must be a whole number, at least 3; got ${this.depth}`);
    if (!(this.similarity > 0 && this.similarity <= 1))
      throw new Error(`similarity must be in (0, 1]; got ${this.similarity}`);
  }

  /** Every cluster, in creation order. */
  get clusters(): readonly LogCluster[] {
    return this.all;
  }

  /** Adds one line; returns its cluster (new, or the one it joined). */
  add(line: string): LogCluster {
    const tokens = tokenize(line);
    const leaf = this.leafFor(tokens);
    const best = this.bestMatch(leaf.clusters, tokens);
    if (best) {
      best.tokens = best.tokens.map((t, i) => (t === tokens[i] ? t : WILDCARD));
      best.size++;
      return best;
    }
    const cluster: LogCluster = { seq: this.all.length, tokens, size: 1 };
    leaf.clusters.push(cluster);
    this.all.push(cluster);
    return cluster;
  }

  /** The cluster a line would join, without changing anything. */
  match(line: string): LogCluster | undefined {
    const tokens = tokenize(line);
    return this.bestMatch(this.leafFor(tokens, false).clusters, tokens);
  }

  private leafFor(tokens: readonly string[], grow = true): Node {
    // The token-count level is never capped: lengths are few and each must keep its own subtree.
    let node = this.step(this.root, String(tokens.length), grow, Number.POSITIVE_INFINITY);
    const levels = Math.min(this.depth - 3, tokens.length);
    for (let i = 0; i < levels; i++) {
      const token = isVariable(tokens[i]) ? WILDCARD : tokens[i];
      node = this.step(node, token, grow, this.maxChildren);
    }
    return node;
  }

  private step(node: Node, key: string, grow: boolean, maxChildren: number): Node {
    const existing = node.children.get(key);
    if (existing) return existing;
    // A full node sends every further key down its wildcard child, so one noisy position cannot grow it.
    const chosen = node.children.size >= maxChildren ? WILDCARD : key;
    const child = node.children.get(chosen);
    if (child) return child;
    if (!grow) return newNode();
    const created = newNode();
    node.children.set(chosen, created);
    return created;
  }

  private bestMatch(clusters: readonly LogCluster[], tokens: readonly string[]): LogCluster | undefined {
    let best: LogCluster | undefined;
    let bestScore = -1;
    let bestWildcards = -1;
    for (const c of clusters) {
      if (c.tokens.length !== tokens.length) continue;
      let same = 0;
      let wildcards = 0;
      for (let i = 0; i < tokens.length; i++) {
        if (c.tokens[i] === WILDCARD) wildcards++;
        else if (c.tokens[i] === tokens[i]) same++;
      }
      const score = tokens.length === 0 ? 1 : same / tokens.length;
      // Ties go to the more specific template (fewer wildcards), as in Drain.
      if (score > bestScore || (score === bestScore && wildcards < bestWildcards)) {
        best = c;
        bestScore = score;
        bestWildcards = wildcards;
      }
    }
    return best && bestScore >= this.similarity ? best : undefined;
  }
}

export function templateOf(cluster: Pick<LogCluster, 'tokens'>): string {
  return cluster.tokens.join(' ');
}

/** Short stable key of a template (part of the anomaly event id). */
export function templateKey(template: string): string {
  return createHash('sha256').update(template).digest('hex').slice(0, 16);
}
