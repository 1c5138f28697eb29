import { roundState } from './attempts';
import { forEachLimited } from './concurrency';
import { applyResult, deliver, saveCache, type DeliveryDependencies } from './delivery';
import type { Intent, IntentStatus } from './intent';
import type { DeliveryRecord } from './ports';
import { DEFAULT_PACER_SETTINGS, Pacer, pacedInbox, sharedSleeps } from './pacer';

export interface DrainOptions {
  /** Most intents taken in one run. */
  readonly maxIntents: number;
  /** Stop taking new intents after this long (a job run has a time limit too). */
  readonly budgetMs: number;
  /** How often the job runs: an intent that fails in this run waits at least this long (one attempt per run). */
  readonly intervalMs: number;
}

/**
 * 5,000 a run: more than Wix's rate limits let through in the budget (10 sends a second for 4 minutes is 2,400), so
 * the limits, not this count, bound a run.
 */
export const DEFAULT_DRAIN_OPTIONS: DrainOptions = { maxIntents: 5_000, budgetMs: 4 * 60 * 1000, intervalMs: 55 * 60 * 1000 };

/**
 * Intents of one page attempted at once. Each attempt is claimed by an insert, so attempts of different intents never
 * contend; Inbox calls go through the same AIMD pacers as a broadcast (pacer.ts), which slow down on a 429.
 */
const JOB_CONCURRENCY = 16;

export interface DrainReport {
  readonly taken: number;
  readonly byStatus: Readonly<Record<IntentStatus, number>>;
  /** Intents another worker was already delivering (left to it). */
  readonly contended: number;
  /** Intents whose attempt failed unexpectedly (a bug or an outbox failure); they stay queued. */
  readonly failed: number;
  /** Intents whose round had ended but whose cache lagged (its write failed): only the cache was brought up to date. */
  readonly refreshed: number;
}

/** Intents listed per outbox query: well under wix-data's 1,000, however many intents a run takes. */
const PAGE = 50;

/**
 * Delivers what the outbox still holds: every intent whose next attempt is due gets one attempt, or — when the
 * delivery records show its round already ended (the cache write beside the result failed) — its cache is brought up
 * to date. Pages through the due intents by (nextAttemptAt, key), reading the records of a whole page in one query,
 * and attempts a page's intents JOB_CONCURRENCY at a time: Wix's rate limits bound a run, not one call after another.
 * Safe beside web methods sending the same keys (every attempt is claimed by an insert). One intent failing never
 * stops the run.
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
  const clock = sharedSleeps(deps.clock);
  const paced: DeliveryDependencies = { ...deps, clock, inbox: pacedInbox(deps.inbox, () => new Pacer(clock, DEFAULT_PACER_SETTINGS)) };
  const overBudget = () => clock.now().getTime() - startedAt >= budgetMs;
  while (taken < maxIntents && !overBudget()) {
    const page = await deps.outbox.due(clock.now(), Math.min(PAGE, maxIntents - taken), after);
    const last = page[page.length - 1];
    if (!last) break;
    after = { nextAttemptAt: last.nextAttemptAt, key: last.key };
    const records = await deps.deliveries.ofIntents(page.map((i) => i.key));
    // Look-alikes (the same words in the same direction, maybe to one person however named) are taken one after
    // another: attempted at once, each would see the other mid-attempt and leave the decision to a later run. Who each
    // reaches is known only once resolved, so the same words to many people wait for each other too.
    const alike = new Map<string, Intent[]>();
    for (const intent of page) {
      const group = `${intent.direction}:${intent.signature}`;
      alike.set(group, [...(alike.get(group) ?? []), intent]);
    }
    await forEachLimited([...alike.values()], JOB_CONCURRENCY, async (group) => {
      for (const intent of group) await attempt(intent, records);
    });
  }
  return { taken, byStatus, contended, failed, refreshed };

  async function attempt(intent: Intent, records: readonly DeliveryRecord[]): Promise<void> {
    // Past the budget, the rest of the page waits for the next run (still due, nothing claimed).
    if (overBudget()) return;
    try {
      const state = roundState(intent, records);
      if (state.outcome) {
        // Ended, but its cache was not written (a web call whose cache write failed, or one from before web calls
        // wrote it): only the cache is brought up to date.
        refreshed += 1;
        applyResult(intent, state.outcome);
        await saveCache(paced, intent);
        return;
      }
      taken += 1;
      const result = await deliver(paced, intent, { budgetMs: 0, minRetryDelayMs: intervalMs }, undefined, state);
      if (result.contended) contended += 1;
      else byStatus[result.intent.status] += 1;
    } catch (error) {
      failed += 1;
      console.error('velo-inbox: outbox attempt failed unexpectedly', error instanceof Error ? error.name : typeof error);
    }
  }
}
