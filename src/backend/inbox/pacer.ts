import { isInboxError } from './errors';
import type { Clock, Inbox } from './ports';

/** How a broadcast paces its Inbox calls. */
export interface PacerSettings {
  /** Calls in flight at the start. */
  readonly initial: number;
  /** Never more than this many in flight. */
  readonly max: number;
  /** Never fewer (one call at a time still makes progress). */
  readonly min: number;
}

/** Spans of a learned rate without a 429 before the rate is raised by one. */
const PROBE_SPANS = 20;

export const DEFAULT_PACER_SETTINGS: PacerSettings = { initial: 16, max: 48, min: 1 };

/**
 * Bounded concurrency that slows down when Wix says so (AIMD, as TCP does): each call that succeeds widens the window by
 * 1/window (one more call in flight per window's worth of successes); a 429 halves it (once per pause: the calls that
 * were already in flight do not halve it again) and holds every call back until its Retry-After has passed (a 429
 * without one holds for `fallbackPauseMs`).
 *
 * A 429 also teaches a rate: the calls that succeeded within the Retry-After span before it are what the limit lets
 * through in such a span, so from then on at most that many calls start in any span of that length (a token bucket
 * refilled by Retry-After), plus one more after every span that passes without a 429. Bursts then stop hitting the
 * limit, and the pauses (and the retries they cost) stop. Waits go through one shared sleep per instant.
 */
export class Pacer {
  #window: number;
  #inFlight = 0;
  #pausedUntil = 0;
  /** Bumped at each slow-down: a 429 from a call started before it does not halve the window again. */
  #epoch = 0;
  /** Start times of recent calls, and when they succeeded (for learning a rate). */
  #starts: number[] = [];
  #successes: number[] = [];
  #rate: { count: number; spanMs: number; since: number } | undefined;
  #waking: Promise<void> | undefined;
  readonly #queue: (() => void)[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly settings: PacerSettings = DEFAULT_PACER_SETTINGS,
    private readonly fallbackPauseMs = 1_000,
  ) {
    if (!(settings.min >= 1 && settings.initial >= settings.min && settings.max >= settings.initial)) {
      throw new RangeError('Pacer settings need 1 ≤ min ≤ initial ≤ max');
    }
    this.#window = settings.initial;
  }

  /** Calls allowed in flight now (rounded down). */
  get window(): number {
    return Math.floor(this.#window);
  }

  /** Runs `call` when the window has room and no pause holds; adapts the window to how it ended. */
  async run<T>(call: () => Promise<T>): Promise<T> {
    await this.#acquire();
    const epoch = this.#epoch;
    try {
      const result = await call();
      this.#window = Math.min(this.settings.max, this.#window + 1 / this.#window);
      const at = this.clock.now().getTime();
      this.#successes.push(at);
      // Only the last span matters (a minute covers any Retry-After worth honouring here).
      if (this.#successes.length > 4 * this.settings.max && (this.#successes[0] as number) < at - 60_000) this.#successes = this.#successes.filter((t) => t > at - 60_000);
      return result;
    } catch (error) {
      if (isInboxError(error) && error.code === 'RATE_LIMITED') this.#slowDown(error.retryAfterMs ?? this.fallbackPauseMs, epoch);
      throw error;
    } finally {
      this.#inFlight -= 1;
      this.#admit();
    }
  }

  async #acquire(): Promise<void> {
    for (;;) {
      const now = this.clock.now().getTime();
      if (now < this.#pausedUntil) {
        await this.#wakeAt(this.#pausedUntil);
        continue;
      }
      const rateWait = this.#rateWait(now);
      if (rateWait > now) {
        await this.#wakeAt(rateWait);
        continue;
      }
      if (this.#inFlight < this.window) {
        this.#inFlight += 1;
        this.#starts.push(now);
        return;
      }
      await new Promise<void>((resolve) => this.#queue.push(resolve));
    }
  }

  /** Everyone waiting looks again (the window may have grown or shrunk; each re-checks in #acquire). */
  #admit(): void {
    for (const wake of this.#queue.splice(0)) wake();
  }

  /** When the learned rate lets the next call start (now, when it has room). */
  #rateWait(now: number): number {
    const rate = this.#rate;
    if (!rate) return now;
    // Probe upwards, slowly: one more after every PROBE_SPANS spans without a 429 (a probe that overshoots costs a pause).
    const quiet = Math.floor((now - rate.since) / (rate.spanMs * PROBE_SPANS));
    if (quiet > 0) {
      rate.count += quiet;
      rate.since += quiet * rate.spanMs * PROBE_SPANS;
    }
    this.#starts = this.#starts.filter((t) => t > now - rate.spanMs);
    if (this.#starts.length < rate.count) return now;
    return (this.#starts[this.#starts.length - rate.count] as number) + rate.spanMs;
  }

  #slowDown(retryAfterMs: number, epoch: number): void {
    const now = this.clock.now().getTime();
    this.#pausedUntil = Math.max(this.#pausedUntil, now + retryAfterMs);
    if (epoch !== this.#epoch) return;
    this.#epoch += 1;
    this.#window = Math.max(this.settings.min, this.#window / 2);
    this.#successes = this.#successes.filter((t) => t > now - retryAfterMs);
    // Nothing went through in the span: nothing to learn a rate from (the pause and the halving still apply).
    if (this.#successes.length === 0) return;
    // What went through in the span before the 429; never more than the rate that has just been refused.
    const observed = Math.max(this.settings.min, this.#successes.length);
    const count = this.#rate ? Math.min(observed, this.#rate.count) : observed;
    this.#rate = { count: Math.max(this.settings.min, count), spanMs: retryAfterMs, since: now + retryAfterMs };
  }

  /** One sleep for every caller held by the same pause. */
  #wakeAt(at: number): Promise<void> {
    if (!this.#waking) {
      const ms = Math.max(0, at - this.clock.now().getTime());
      this.#waking = this.clock.sleep(ms).finally(() => {
        this.#waking = undefined;
      });
    }
    return this.#waking;
  }
}

/**
 * A clock whose sleeps overlap: many callers sleeping at once are woken by one underlying sleep per distinct wake-up
 * time, earliest first. (On Wix sleeps overlap anyway; the emulator's clock advances by each sleep it is asked for, so
 * a broadcast's parallel backoffs would otherwise add up.)
 */
export function sharedSleeps(clock: Clock): Clock {
  const waiting: { at: number; wake: () => void }[] = [];
  let driving = false;
  const drive = async () => {
    try {
      while (waiting.length > 0) {
        waiting.sort((a, b) => a.at - b.at);
        const first = waiting[0] as { at: number };
        const now = clock.now().getTime();
        if (first.at > now) await clock.sleep(first.at - now);
        const reached = clock.now().getTime();
        for (let i = waiting.length - 1; i >= 0; i -= 1) {
          const w = waiting[i] as { at: number; wake: () => void };
          if (w.at <= reached) {
            waiting.splice(i, 1);
            w.wake();
          }
        }
        // Let the woken callers run (and start their next calls at this instant) before the clock moves on.
        await clock.sleep(0);
      }
    } finally {
      driving = false;
    }
  };
  return {
    now: () => clock.now(),
    sleep: (ms) =>
      new Promise<void>((resolve) => {
        waiting.push({ at: clock.now().getTime() + Math.max(0, ms), wake: resolve });
        if (driving) return;
        // Start after the callers of this turn have registered: their sleeps count from the same instant.
        driving = true;
        queueMicrotask(() => void drive());
      }),
  };
}

/**
 * An Inbox whose calls are paced, one pacer per operation: Wix limits each API on its own, so a 429 on sendMessage
 * slows sends down without holding back the conversation lookups of the messages that follow.
 */
export function pacedInbox(inbox: Inbox, pacer: (operation: keyof Inbox) => Pacer): Inbox {
  const lookups = pacer('getOrCreateConversation');
  const sends = pacer('sendMessage');
  const reads = pacer('recentMessages');
  return {
    getOrCreateConversation: (participantId) => lookups.run(() => inbox.getOrCreateConversation(participantId)),
    sendMessage: (conversationId, message, options) => sends.run(() => inbox.sendMessage(conversationId, message, options)),
    recentMessages: (conversationId, limit, since) => reads.run(() => inbox.recentMessages(conversationId, limit, since)),
  };
}
