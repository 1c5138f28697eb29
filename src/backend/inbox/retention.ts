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
