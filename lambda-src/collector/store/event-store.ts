import type { NormalizedEvent } from '../normalized-event';
import type { QuarantineDocument } from './documents';

export interface SaveResult {
  /** Documents written for the first time. */
  readonly inserted: number;
  /** Documents that were already there (a retried delivery): left untouched. */
  readonly duplicates: number;
  /** Documents the database refused (e.g. a field name it cannot store), with its reason. */
  readonly refused: readonly { readonly id: string; readonly reason: string }[];
}

/** Where the collector writes. Each call is one unordered bulk of upserts: one round trip. */
export interface EventStore {
  saveEvents(product: string, events: readonly NormalizedEvent[]): Promise<SaveResult>;
  saveQuarantine(docs: readonly QuarantineDocument[]): Promise<SaveResult>;
}
