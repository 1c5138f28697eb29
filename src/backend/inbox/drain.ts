import { roundState } from './attempts';
import { applyResult, deliver, saveCache, type DeliveryDependencies } from './delivery';
import type { IntentStatus } from './intent';

export interface DrainOptions {
  /** Most intents taken in one run. */
  readonly maxIntents: number;
  /** Stop taking new intents after this long (a job run has a time limit too). */
  readonly budgetMs: number;
  /** How often the job runs: an intent that fails in this run waits at least this long (one attempt per run). */
  readonly intervalMs: number;
}

export const DEFAULT_DRAIN_OPTIONS: DrainOptions = { maxIntents: 500, budgetMs: 4 * 60 * 1000, intervalMs: 55 * 60 * 1000 };

export interface DrainReport {
  readonly taken: number;
  readonly byStatus: Readonly<Record<IntentStatus, number>>;
  /** Intents another worker was already delivering (left to it). */
  readonly contended: number;
  /** Intents whose attempt failed unexpectedly (a bug or an outbox failure); they stay queued. */
  readonly failed: number;
  /** Intents whose round had ended (a web call delivered them): only their outbox cache was brought up to date. */
  readonly refreshed: number;
}

/** Intents listed per outbox query: well under wix-data's 1,000, however many intents a run takes. */
const PAGE = 50;

/**
 * Delivers what the outbox still holds: every intent whose next attempt is due gets one attempt, or — when the
 * delivery records show its round already ended (the cache lags: a web call records its outcome, not the cache) —
 * its cache is brought up to date. Pages through the due intents by (nextAttemptAt, key), reading the records of a
 * whole page in one query. Safe beside web methods sending the same keys (every attempt is claimed by an insert).
 * One intent failing never stops the run.
 */
export async function drainOutbox(deps: DeliveryDependencies, options: Partial<DrainOptions> = {}): Promise<DrainReport> {
  const { maxIntents, budgetMs, intervalMs } = { ...DEFAULT_DRAIN_OPTIONS, ...options };
  const startedAt = deps.clock.now().getTime();
  const byStatus: Record<IntentStatus, number> = { pending: 0, retrying: 0, sent: 0, skipped: 0, dead: 0 };
  let after: { nextAttemptAt: Date; key: string } | undefined;
  let taken = 0;
  let contended = 0;
  let failed = 0;
  let refreshed = 0;
  while (taken < maxIntents && deps.clock.now().getTime() - startedAt < budgetMs) {
    const page = await deps.outbox.due(deps.clock.now(), Math.min(PAGE, maxIntents - taken), after);
    const last = page[page.length - 1];
    if (!last) break;
    after = { nextAttemptAt: last.nextAttemptAt, key: last.key };
    const records = await deps.deliveries.ofIntents(page.map((i) => i.key));
    for (const intent of page) {
      try {
        const state = roundState(intent, records);
        if (state.outcome) {
          // Delivered (or ended) by a web call, which records the outcome but leaves the cache to this job.
          refreshed += 1;
          applyResult(intent, state.outcome);
          await saveCache(deps, intent);
          continue;
        }
        taken += 1;
        const result = await deliver(deps, intent, { budgetMs: 0, minRetryDelayMs: intervalMs }, undefined, state);
        if (result.contended) contended += 1;
        else byStatus[result.intent.status] += 1;
      } catch (error) {
        failed += 1;
        console.error('velo-inbox: outbox attempt failed unexpectedly', error instanceof Error ? error.name : typeof error);
      }
    }
  }
  return { taken, byStatus, contended, failed, refreshed };
}
