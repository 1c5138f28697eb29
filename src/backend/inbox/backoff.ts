/** Retry timing for deliveries. Times in milliseconds. */
export interface DeliverySettings {
  /** A second send with a delivered key within this window returns the first result (default 24 h). */
  readonly replayWindowMs: number;
  /** How long one web-method call may spend retrying before it leaves the intent to the job (Wix stops calls at 14 s). */
  readonly callBudgetMs: number;
  /** First backoff ceiling; doubles per attempt up to `maxDelayMs` (full jitter picks a delay below the ceiling). */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Attempts before an intent is dead ("attempts exhausted"). */
  readonly maxAttempts: number;
  /** How long an attempt keeps other workers (the job, a retried call) off its intent. */
  readonly leaseMs: number;
  /**
   * How long a worker whose lease ran out may still be running (a web call stopped at 14 s may keep going; a job
   * run lasts minutes). An attempt fenced less than this after it was claimed may still send: until then a later
   * attempt of the same intent adopts what it finds but does not send anew.
   */
  readonly staleWorkerMs: number;
}

export const DEFAULT_DELIVERY_SETTINGS: DeliverySettings = {
  replayWindowMs: 24 * 60 * 60 * 1000,
  callBudgetMs: 8_000,
  baseDelayMs: 250,
  maxDelayMs: 60 * 60 * 1000,
  maxAttempts: 12,
  leaseMs: 60_000,
  staleWorkerMs: 10 * 60 * 1000,
};

/**
 * Full-jitter exponential backoff (a random delay below min(max, base·2^(attempt−1))), never shorter than what Wix
 * asked for with Retry-After.
 */
export function backoffDelay(settings: DeliverySettings, attempt: number, random: () => number, retryAfterMs?: number): number {
  const ceiling = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.floor(random() * ceiling);
  return Math.max(jittered, retryAfterMs ?? 0);
}
