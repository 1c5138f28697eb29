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

export const DEFAULT_PACER_SETTINGS: PacerSettings = { initial: 8, max: 32, min: 1 };

/**
 * Bounded concurrency that slows down when Wix says so (AIMD, as TCP does): each call that succeeds widens the window by
 * 1/window (one more call in flight per window's worth of successes); a 429 halves it and holds every call back until
 * its Retry-After has passed (a 429 without one holds for `fallbackPauseMs`). Waits go through one shared sleep, so many
 * callers held back together wake together.
 */
export class Pacer {
  #window: number;
  #inFlight = 0;
  #pausedUntil = 0;
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
    try {
      const result = await call();
      this.#window = Math.min(this.settings.max, this.#window + 1 / this.#window);
      return result;
    } catch (error) {
      if (isInboxError(error) && error.code === 'RATE_LIMITED') this.#slowDown(error.retryAfterMs ?? this.fallbackPauseMs);
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
      if (this.#inFlight < this.window) {
        this.#inFlight += 1;
        return;
      }
      await new Promise<void>((resolve) => this.#queue.push(resolve));
    }
  }

  /** Everyone waiting looks again (the window may have grown or shrunk; each re-checks in #acquire). */
  #admit(): void {
    for (const wake of this.#queue.splice(0)) wake();
  }

  #slowDown(retryAfterMs: number): void {
    this.#window = Math.max(this.settings.min, this.#window / 2);
    this.#pausedUntil = Math.max(this.#pausedUntil, this.clock.now().getTime() + retryAfterMs);
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

/** An Inbox whose calls go through `pacer`. */
export function pacedInbox(inbox: Inbox, pacer: Pacer): Inbox {
  return {
    getOrCreateConversation: (participantId) => pacer.run(() => inbox.getOrCreateConversation(participantId)),
    sendMessage: (conversationId, message, options) => pacer.run(() => inbox.sendMessage(conversationId, message, options)),
    recentMessages: (conversationId, limit) => pacer.run(() => inbox.recentMessages(conversationId, limit)),
  };
}
