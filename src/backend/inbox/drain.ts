import { roundState } from './attempts';
import { applyResult, deliver, saveFinished, type DeliveryDependencies } from './delivery';
import type { Intent, IntentStatus } from './intent';
import type { DeliveryRecord } from './ports';
import { DEFAULT_PACER_SETTINGS, Pacer, pacedInbox, sharedSleeps } from './pacer';
import { SentBatch } from './sent-batch';

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
 * Intents attempted at once. Each attempt is claimed by an insert, so attempts of different intents never contend;
 * Inbox calls go through the same AIMD pacers as a broadcast (pacer.ts), which slow down on a 429. An attempt to a
 * contact is four calls one after another (resolve, look up, read the contact again, send): at 100 ms a call, 24 keep
 * well over 10 sends a second in flight, so Wix's limit, not this number, bounds a run (with 16, 2,246–2,276 of a run's
 * 2,400 once the contact's read was added; with 24, 2,284–2,320: `npm run bench`).
 */
const JOB_CONCURRENCY = 24;

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
/** Sent attempts whose results and rows are written together (one bulk insert, one bulk update), as a broadcast's. */
const SENT_BATCH = 200;

function groupOf(intent: Intent): string {
  return `${intent.direction}:${intent.signature}`;
}

/**
 * Delivers what the outbox still holds: every intent whose next attempt is due gets one attempt, or — when the
 * delivery records show its round already ended (the cache write beside the result failed) — its cache is brought up
 * to date. Pages through the due intents by (nextAttemptAt, key), reading the records of a whole page in one query
 * and listing the next page while the last one is attempted, JOB_CONCURRENCY intents at a time; sent attempts write
 * their results and rows in bulk (sent-batch.ts). Wix's rate limits bound a run, not one call after another.
 * Safe beside web methods sending the same keys (every attempt is claimed by an insert). One intent failing never
 * stops the run.
 */
export async function drainOutbox(deps: DeliveryDependencies, options: Partial<DrainOptions> = {}): Promise<DrainReport> {
  const { maxIntents, budgetMs, intervalMs } = { ...DEFAULT_DRAIN_OPTIONS, ...options };
  const startedAt = deps.clock.now().getTime();
  const byStatus: Record<IntentStatus, number> = { pending: 0, retrying: 0, sent: 0, skipped: 0, dead: 0 };
  let after: { nextAttemptAt: Date; key: string } | undefined;
  let listed = 0;
  let taken = 0;
  let contended = 0;
  let failed = 0;
  let refreshed = 0;
  const clock = sharedSleeps(deps.clock);
  const paced: DeliveryDependencies = { ...deps, clock, inbox: pacedInbox(deps.inbox, () => new Pacer(clock, DEFAULT_PACER_SETTINGS)) };
  const batch = new SentBatch(deps, SENT_BATCH, deps.settings.leaseMs / 4);
  const overBudget = () => clock.now().getTime() - startedAt >= budgetMs;

  // Intents listed and not yet attempted, with their page's records. The next page is listed while the last one is
  // still being attempted, so the workers never stand idle between pages.
  const waiting: { intent: Intent; records: readonly DeliveryRecord[] }[] = [];
  let exhausted = false;
  let listing: Promise<void> | undefined;
  let listingFailure: { error: unknown } | undefined;
  const listMore = async () => {
    const page = await deps.outbox.due(clock.now(), Math.min(PAGE, maxIntents - listed), after);
    const last = page[page.length - 1];
    if (!last) {
      exhausted = true;
      return;
    }
    after = { nextAttemptAt: last.nextAttemptAt, key: last.key };
    listed += page.length;
    if (listed >= maxIntents) exhausted = true;
    const records = await deps.deliveries.ofIntents(page.map((i) => i.key));
    for (const intent of page) waiting.push({ intent, records });
  };
  const listAhead = (): Promise<void> | undefined => {
    if (!listing && !exhausted && !listingFailure && waiting.length < PAGE) {
      listing = listMore()
        .catch((error: unknown) => {
          listingFailure = { error };
        })
        .finally(() => {
          listing = undefined;
        });
    }
    return listing;
  };
  // Look-alikes (the same words in the same direction, maybe to one person however named) are taken one after
  // another: attempted at once, each would see the other mid-attempt and leave the decision to a later run. Who each
  // reaches is known only once resolved, so the same words to many people wait for each other too.
  const busy = new Set<string>();
  let changed: { promise: Promise<void>; wake: () => void } | undefined;
  const somethingChanged = () => {
    changed?.wake();
    changed = undefined;
  };
  const nextChange = (): Promise<void> => {
    if (!changed) {
      let wake = () => undefined as void;
      const promise = new Promise<void>((resolve) => (wake = resolve));
      changed = { promise, wake };
    }
    return changed.promise;
  };
  const attempts: Promise<void>[] = [];
  const worker = async () => {
    for (;;) {
      // Past the budget, what is listed and not taken waits for the next run (still due, nothing claimed). Writes this
      // worker handed to the batch go now: no worker may tick it again, and look-alikes waiting for its intent to
      // finish would wait for ever (the run never ended).
      if (overBudget() || listingFailure) {
        batch.flush();
        return;
      }
      const pending = listAhead();
      const index = waiting.findIndex((w) => !busy.has(groupOf(w.intent)));
      if (index < 0) {
        if (waiting.length === 0 && !pending && (exhausted || listingFailure)) return;
        // Everything listed is a look-alike of an intent under way, or nothing is listed yet: wait for either to change.
        // An intent under way may only wait for its batched writes: they go now, so its look-alikes can follow.
        batch.flush();
        await Promise.race([pending ?? nextChange(), nextChange()]);
        continue;
      }
      const [{ intent, records }] = waiting.splice(index, 1) as [(typeof waiting)[number]];
      const group = groupOf(intent);
      busy.add(group);
      let handOff = () => undefined as void;
      const out = new Promise<void>((resolve) => (handOff = resolve));
      const done = attempt(intent, records, handOff).finally(() => {
        busy.delete(group);
        somethingChanged();
      });
      attempts.push(done);
      // Free for the next intent once this one's message is out and only its batched writes wait (or once it is done).
      await Promise.race([done, out]);
      batch.tick();
    }
  };
  await Promise.all(Array.from({ length: JOB_CONCURRENCY }, worker));
  batch.close();
  await Promise.all(attempts);
  if (listingFailure) throw listingFailure.error;
  return { taken, byStatus, contended, failed, refreshed };

  async function attempt(intent: Intent, records: readonly DeliveryRecord[], handOff: () => void): Promise<void> {
    try {
      const state = roundState(intent, records);
      if (state.outcome) {
        // Ended, but its cache was not written (a web call whose cache write failed, or one from before web calls
        // wrote it): only the cache is brought up to date.
        // Read when the page was listed, maybe minutes ago: an admin's retry or a resend may have started a newer
        // round since, whose row this write would hide (saveFinished reads the records back and puts it back).
        refreshed += 1;
        applyResult(intent, state.outcome);
        await saveFinished(paced, intent);
        return;
      }
      taken += 1;
      const sentWrites = {
        write: (...args: Parameters<SentBatch['write']>) => {
          handOff();
          return batch.write(...args);
        },
      };
      const result = await deliver(paced, intent, { budgetMs: 0, minRetryDelayMs: intervalMs, sentWrites }, undefined, state);
      if (result.contended) contended += 1;
      else byStatus[result.intent.status] += 1;
    } catch (error) {
      failed += 1;
      console.error('velo-inbox: outbox attempt failed unexpectedly', error instanceof Error ? error.name : typeof error);
    }
  }
}
