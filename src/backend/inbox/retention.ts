import { newestRoundRow, type RoundState } from './attempts';
import { endedBy } from './delivery';
import { isFinished, type Intent } from './intent';
import type { Clock, Housekeeping } from './ports';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface RetentionSettings {
  /** How long finished intents (with their message text and recipient) are kept for replays and inspection. */
  readonly finishedIntentsDays: number;
  /** How long delivery records (attempt claims and results, message adoptions) are kept (far longer than any attempt or reconciliation). */
  readonly leasesDays: number;
  /** Most items of each kind removed per run: keeps the hourly job short; the rest goes next hour. */
  readonly perRun: number;
}

export const DEFAULT_RETENTION: RetentionSettings = { finishedIntentsDays: 30, leasesDays: 7, perRun: 200 };

/**
 * Removes what no send will read again. Finished intents outlive the replay window many times over; frequency-cap
 * claims are never removed (a once-per-participant template must stay sent once).
 */
export function purgeExpired(housekeeping: Housekeeping, clock: Clock, settings: RetentionSettings = DEFAULT_RETENTION) {
  const now = clock.now().getTime();
  return housekeeping.purge(
    {
      finishedIntentsBefore: new Date(now - settings.finishedIntentsDays * DAY_MS),
      leasesBefore: new Date(now - settings.leasesDays * DAY_MS),
      rateLimitSlotsBefore: new Date(now),
      now: new Date(now),
    },
    settings.perRun,
  );
}

/**
 * Whether a key's outbox row says what its delivery records say: the newest round, ended, with that outcome. Only then
 * may housekeeping remove the records (item-housekeeping.ts). A row can be behind them for good: a stale finished
 * write of an earlier round that landed over a round an admin's Retry started, every put-back failing (delivery.ts
 * saveFinished). Nothing lists such a row (the job lists only unfinished ones), and the records are the only place that
 * still tells the newer round. Removed, the row would be the only truth: a Retry of the stale `dead` would start the
 * "next" round, whose claim is gone too, and send the message a second time.
 */
export function rowCaughtUp(row: Intent, state: RoundState): boolean {
  if (state.round > row.round) return false;
  if (state.outcome) return row.status === state.outcome.status;
  // The row's own round with no outcome among the records: a finished row is right. It was written finished only from
  // its round's outcome (a stale finished write is of an earlier round, caught above), so the outcome's record is one
  // housekeeping already removed (records go by their stamps, and a container's clock may put an earlier attempt's
  // after it). Read as a round under way, the row would be put back pending and the message sent again. An unfinished
  // row is a round under way: its records wait until it ends.
  return isFinished(row);
}

/**
 * The row that says what the records say, written by housekeeping before it removes them: the newest round as it
 * ended (its outcome, without an earlier round's outcome fields; completed when it ended, so the finished row's own
 * retention counts from then), or, still under way, that round `pending` and due now, so the job lists it (the
 * records are kept until the round ends).
 */
export function caughtUpRow(row: Intent, state: RoundState, now: Date): Intent {
  const newest = newestRoundRow(row, state, now, now);
  return state.outcome ? endedBy(newest, state.outcome) : newest;
}
