/**
 * A controllable clock. Time only moves when told to (advance/set) or when emulated work waits (sleep, latency),
 * so retries, backoff, rate windows and "once a day" rules are tested without real waiting.
 */
export class Clock {
  #now: number;

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
  }

  set(date: Date): void {
    this.#now = date.getTime();
  }

  /** Waiting costs no real time: it advances the clock and yields once to the event loop. */
  async sleep(ms: number): Promise<void> {
    this.advance(Math.max(0, ms));
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
