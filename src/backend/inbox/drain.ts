import { deliver, type DeliveryDependencies } from './delivery';
import { isFinished, type IntentStatus } from './intent';

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
}

const PAGE = 50;

/**
 * Delivers what the outbox still holds: every intent whose next attempt is due gets one attempt. Run by the scheduled
 * job; safe beside web methods sending the same keys (each attempt is claimed atomically, and each intent is read
 * afresh before it is tried). One intent failing never stops the run.
 */
export async function drainOutbox(deps: DeliveryDependencies, options: Partial<DrainOptions> = {}): Promise<DrainReport> {
  const { maxIntents, budgetMs, intervalMs } = { ...DEFAULT_DRAIN_OPTIONS, ...options };
  const startedAt = deps.clock.now().getTime();
  const byStatus: Record<IntentStatus, number> = { pending: 0, retrying: 0, sent: 0, skipped: 0, dead: 0 };
  const tried = new Set<string>();
  let taken = 0;
  let contended = 0;
  let failed = 0;
  while (taken < maxIntents && deps.clock.now().getTime() - startedAt < budgetMs) {
    const due = (await deps.outbox.due(deps.clock.now(), Math.min(PAGE, maxIntents - taken) + tried.size)).filter((i) => !tried.has(i.key));
    if (due.length === 0) break;
    for (const listed of due.slice(0, maxIntents - taken)) {
      tried.add(listed.key);
      taken += 1;
      try {
        // The page may be stale by now (a web method may have delivered it meanwhile): decide on a fresh read.
        const intent = await deps.outbox.get(listed.key);
        if (!intent || isFinished(intent) || intent.nextAttemptAt > deps.clock.now()) continue;
        const result = await deliver(deps, intent, { budgetMs: 0, minRetryDelayMs: intervalMs });
        if (result.contended) contended += 1;
        else byStatus[result.intent.status] += 1;
      } catch (error) {
        failed += 1;
        console.error('velo-inbox: outbox attempt failed unexpectedly', error instanceof Error ? error.name : typeof error);
      }
    }
  }
  return { taken, byStatus, contended, failed };
}
