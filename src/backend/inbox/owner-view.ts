import type { Intent, IntentStatus } from './intent';

/** What the owner panel reads of the outbox beyond what delivery needs (its own port: reads only). */
export interface OwnerView {
  /** Intents whose cached status is this (the cache is true for sent, skipped and dead; see intent.ts). */
  countByStatus(status: IntentStatus): Promise<number>;
  /** Intents the cache calls pending or retrying, the longest waiting first. */
  unfinished(limit: number): Promise<Intent[]>;
  /** Intents the cache calls dead, the latest first. */
  dead(limit: number): Promise<Intent[]>;
  /** The broadcasts started most recently (their `broadcast:<id>` records). */
  recentBroadcasts(limit: number): Promise<{ readonly broadcastId: string; readonly startedAt: Date }[]>;
}
