import { describe, expect, it } from '@jest/globals';
import { InboxError } from 'backend/inbox/errors';
import { Pacer, sharedSleeps } from 'backend/inbox/pacer';
import type { Clock } from 'backend/inbox/ports';

/** A clock that moves only when slept on, recording each sleep. */
function fakeClock(): Clock & { sleeps: number[]; at: () => number } {
  let now = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    at: () => now,
    now: () => new Date(now),
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
      await new Promise<void>((resolve) => setImmediate(resolve));
    },
  };
}

const rateLimited = (retryAfterMs?: number) => new InboxError('RATE_LIMITED', 'slow down', { retryable: true, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) });

describe('the pacer (AIMD with Retry-After)', () => {
  it('never has more calls in flight than its window', async () => {
    const pacer = new Pacer(fakeClock(), { initial: 3, max: 3, min: 1 });
    let inFlight = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 20 }, () =>
        pacer.run(async () => {
          inFlight += 1;
          most = Math.max(most, inFlight);
          await new Promise<void>((resolve) => setImmediate(resolve));
          inFlight -= 1;
        }),
      ),
    );
    expect(most).toBe(3);
  });

  it('widens by one per window of successes, up to its max', async () => {
    const pacer = new Pacer(fakeClock(), { initial: 2, max: 4, min: 1 });
    // 2 → 2.5 → 2.9 → 3.24: about one more per window's worth of successes.
    for (let i = 0; i < 3; i += 1) await pacer.run(async () => undefined);
    expect(pacer.window).toBe(3);
    for (let i = 0; i < 50; i += 1) await pacer.run(async () => undefined);
    expect(pacer.window).toBe(4);
  });

  it('halves on a 429, holds every call until Retry-After has passed (one shared sleep), then starts no more calls per Retry-After span than went through before the 429', async () => {
    const clock = fakeClock();
    const pacer = new Pacer(clock, { initial: 8, max: 8, min: 1 });
    for (let i = 0; i < 4; i += 1) await pacer.run(async () => undefined);
    await expect(pacer.run(() => Promise.reject(rateLimited(3_000)))).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    expect(pacer.window).toBe(4);
    const startedAt: number[] = [];
    await Promise.all(Array.from({ length: 6 }, () => pacer.run(async () => void startedAt.push(clock.at()))));
    expect(startedAt).toEqual([3_000, 3_000, 3_000, 3_000, 6_000, 6_000]);
    expect(clock.sleeps).toEqual([3_000, 3_000]);
  });

  it('429s from calls already in flight halve the window once, not once each', async () => {
    const pacer = new Pacer(fakeClock(), { initial: 8, max: 8, min: 1 });
    await Promise.all(Array.from({ length: 6 }, () => pacer.run(() => Promise.reject(rateLimited(1_000))).catch(() => undefined)));
    expect(pacer.window).toBe(4);
  });

  it('a 429 without Retry-After still pauses (for the fallback), and the window never drops below its min', async () => {
    const clock = fakeClock();
    const pacer = new Pacer(clock, { initial: 2, max: 2, min: 1 }, 500);
    for (let i = 0; i < 3; i += 1) await pacer.run(() => Promise.reject(rateLimited())).catch(() => undefined);
    expect(pacer.window).toBe(1);
    expect(clock.at()).toBeGreaterThanOrEqual(1_000);
  });

  it('passes other failures through without slowing down', async () => {
    const pacer = new Pacer(fakeClock(), { initial: 4, max: 4, min: 1 });
    await expect(pacer.run(() => Promise.reject(new InboxError('INBOX_UNAVAILABLE', 'down', { retryable: true })))).rejects.toMatchObject({ code: 'INBOX_UNAVAILABLE' });
    expect(pacer.window).toBe(4);
  });

  it('refuses settings that cannot work', () => {
    expect(() => new Pacer(fakeClock(), { initial: 0, max: 4, min: 0 })).toThrow(RangeError);
    expect(() => new Pacer(fakeClock(), { initial: 5, max: 4, min: 1 })).toThrow(RangeError);
  });
});

describe('shared sleeps', () => {
  it('callers sleeping at once advance the clock to the latest wake-up, not the sum', async () => {
    const clock = fakeClock();
    const shared = sharedSleeps(clock);
    const woke: number[] = [];
    await Promise.all([1_000, 1_000, 2_000, 500].map((ms) => shared.sleep(ms).then(() => woke.push(clock.at()))));
    expect(clock.at()).toBe(2_000);
    expect(woke.sort((a, b) => a - b)).toEqual([500, 1_000, 1_000, 2_000]);
  });
});
