import { deliver, type DeliveryDependencies } from './delivery';
import type { IntentStatus } from './intent';

export interface DrainOptions {
  /** Most intents taken in one run. */
  readonly maxIntents: number;
  /** Stop taking new intents after this long (a job run has a time limit too). */
  readonly budgetMs: number;
}

export const DEFAULT_DRAIN_OPTIONS: DrainOptions = { maxIntents: 500, budgetMs: 4 * 60 * 1000 };

export interface DrainReport {
  readonly taken: number;
  readonly byStatus: Readonly<Record<IntentStatus, number>>;
}

const PAGE = 50;

/**
 * Delivers what the outbox still holds: every intent whose next attempt is due gets one attempt (plus the short
 * retries that fit its own budget). Run by the scheduled job; safe to run while web methods send (leases).
 */
export async function drainOutbox(deps: DeliveryDependencies, options: DrainOptions = DEFAULT_DRAIN_OPTIONS): Promise<DrainReport> {
  const startedAt = deps.clock.now().getTime();
  const byStatus: Record<IntentStatus, number> = { pending: 0, retrying: 0, sent: 0, skipped: 0, dead: 0 };
  let taken = 0;
  while (taken < options.maxIntents && deps.clock.now().getTime() - startedAt < options.budgetMs) {
    const due = await deps.outbox.due(deps.clock.now(), Math.min(PAGE, options.maxIntents - taken));
    if (due.length === 0) break;
    for (const intent of due) {
      const now = deps.clock.now();
      // Take a lease first, so a web method retrying the same key (or an overlapping run) leaves it alone.
      intent.status = 'pending';
      intent.nextAttemptAt = new Date(now.getTime() + deps.settings.leaseMs);
      intent.updatedAt = now;
      await deps.outbox.save(intent);
      // One attempt per run: the job comes back in an hour, that is its backoff.
      const { intent: after } = await deliver(deps, intent, 0);
      byStatus[after.status] += 1;
      taken += 1;
    }
  }
  return { taken, byStatus };
}
