import type { NormalizedEvent } from '../normalized-event';
import type { QuarantineDocument } from './documents';

export interface SaveResult {
  /** Documents written for the first time. */
  readonly inserted: number;
  /** Documents that were already there (a retried delivery, or the same id twice in it): left untouched. */
  readonly duplicates: number;
  /** Documents the database refused for good (e.g. a field name it cannot store), with its reason. */
  readonly refused: readonly { readonly id: string; readonly reason: string }[];
}

/**
 * How many of the documents handed to a save the database answered for: written, already there, or refused.
 * When this is less than the number sent, the fate of the rest is unknown (a connection lost mid-write) and
 * the delivery must be answered with a retryable error, never as stored.
 */
export function acknowledged(result: SaveResult): number {
  return result.inserted + result.duplicates + result.refused.length;
}

/**
 * Where the collector writes. Each call is one unordered bulk of upserts: one round trip. A save either
 * accounts for every document it was given ({@link acknowledged} equals their number), or returns fewer only
 * when some were refused for good, or throws `DatabaseUnavailableError`.
 */
export interface EventStore {
  saveEvents(product: string, events: readonly NormalizedEvent[]): Promise<SaveResult>;
  saveQuarantine(docs: readonly QuarantineDocument[]): Promise<SaveResult>;
}
