/**
 * A controllable clock. Time only moves when told to (advance/set) or when emulated work waits (sleep, latency),
 * so retries, backoff, rate windows and "once a day" rules are tested without real waiting.
 */
export class Clock {
  #now: number;
  readonly #listeners = new Set<(now: Date) => void>();

  constructor(start: Date = new Date('2026-01-01T09:00:00.000Z')) {
    this.#now = start.getTime();
  }

  now(): Date {
    return new Date(this.#now);
  }

  nowMs(): number {
    return this.#now;
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`Clock.advance needs a non-negative duration, got ${ms}`);
    this.#now += ms;
    this.#notify();
  }

  set(date: Date): void {
    this.#now = date.getTime();
    this.#notify();
  }

  /**
   * Site code reads time with `new Date()`, as on Wix. A test that moves this clock can keep the process's Date in step
   * (jest fake timers for Date only) by listening here. Returns the unsubscribe function.
   */
  onChange(listener: (now: Date) => void): () => void {
    this.#listeners.add(listener);
    listener(this.now());
    return () => this.#listeners.delete(listener);
  }

  #notify(): void {
    for (const listener of this.#listeners) listener(this.now());
  }

  /**
   * Emulated latency: the call that started at `startMs` answers at `startMs + ms`. Yielding first lets calls made
   * together all start at the same instant, so parallel calls overlap in emulated time, as they would on Wix.
   */
  async elapse(startMs: number, ms: number): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    const target = startMs + ms;
    if (target > this.#now) {
      this.#now = target;
      this.#notify();
    }
  }

  /** Waiting costs no real time: it advances the clock and yields once to the event loop. */
  async sleep(ms: number): Promise<void> {
    this.advance(Math.max(0, ms));
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
