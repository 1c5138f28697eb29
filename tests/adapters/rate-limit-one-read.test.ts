import { beforeEach, describe, expect, it } from '@jest/globals';
import { purgeExpired } from 'backend/inbox/retention';
import type { RateDecision, RateLimiter } from 'backend/inbox/ports';
import { MAX_CLOCK_SKEW_MS } from 'backend/inbox/visitor-limits';
import { inboxDependencies } from 'backend/wix/composition';
import { RATE_LIMITS_COLLECTION } from 'backend/wix/collections';
import { veloHousekeeping } from 'backend/wix/velo-housekeeping';
import { Random, type Site } from 'wix-emulator';
import { callers } from '../support/emulator';
import { siteDependencies, startSiteWithCode } from '../support/site-with-code';

// A slot is one read and one insert (decision 0025): one query reads the newest number and the rows in the window of
// every key a request names. These tests hold what that one read must still see.
let site: Site;
beforeEach(() => {
  site = startSiteWithCode();
  site.clock.set(new Date('2030-03-01T09:00:00Z'));
});

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;

/** A backend container whose clock is `skewMs` off the site's (real) time. */
const container = (skewMs = 0): RateLimiter =>
  inboxDependencies({ clock: { now: () => new Date(site.clock.nowMs() + skewMs), sleep: (ms) => site.clock.sleep(ms) } }).rateLimiter;
const as = <T>(work: () => Promise<T>) => site.as(callers.visitor(), work);
const take = (limiter: RateLimiter, key: string, limit: number, windowMs: number) => as(() => limiter.take(key, limit, windowMs));
const spend = async (limiter: RateLimiter, key: string, times: number) => {
  // Slots taken and given back: rows that hold a number and count for nothing.
  for (let i = 0; i < times; i += 1) {
    const slot = await take(limiter, key, 1000, HOUR);
    if (!slot.allowed) throw new Error('a spare slot was refused');
    await as(() => slot.giveBack());
  }
};
const queries = () => site.journal.count('data.query');
const inserts = () => site.journal.count('data.insert');

describe('a slot taken in one read and one insert', () => {
  it('reads every limit of a request in one query and takes nothing', async () => {
    const limiter = siteDependencies(site).rateLimiter;
    await take(limiter, 'visitor:v-1', 5, HOUR);
    site.journal.clear();
    const standings = await as(() => limiter.look([{ key: 'submit:v-1:x', limit: 1, windowMs: 10 * MINUTE }, { key: 'visitor:v-1', limit: 5, windowMs: HOUR }, { key: 'recipient:email:y', limit: 5, windowMs: 24 * HOUR }]));
    expect(standings.map((s) => s.open)).toEqual([true, true, true]);
    expect({ queries: queries(), inserts: inserts() }).toEqual({ queries: 1, inserts: 0 });
  });

  it('lets exactly one of two callers racing for the last slot through, and names the winner to the other', async () => {
    const limiter = siteDependencies(site).rateLimiter;
    for (let i = 0; i < 2; i += 1) await take(limiter, 'k', 3, HOUR);
    // Both read the same state (two taken, one open), then both insert the same next number.
    const readings = await as(() => Promise.all([limiter.look([{ key: 'k', limit: 3, windowMs: HOUR }]), limiter.look([{ key: 'k', limit: 3, windowMs: HOUR }])]));
    const open = readings.map(([standing]) => {
      if (!standing?.open) throw new Error('the last slot read as taken');
      return standing;
    });
    const outcomes: RateDecision[] = await as(() => Promise.all(open.map((standing) => standing.take())));
    const winner = outcomes.find((o) => o.allowed);
    expect(outcomes.filter((o) => o.allowed)).toHaveLength(1);
    expect(outcomes.find((o) => !o.allowed)).toEqual({ allowed: false, retryAfterMs: HOUR + MAX_CLOCK_SKEW_MS, heldBy: winner?.allowed && winner.slot });
  });

  it('reads the window again on its own when the page is full of slots given back, and counts the taken ones below them', async () => {
    const limiter = siteDependencies(site).rateLimiter;
    expect((await take(limiter, 'k', 2, HOUR)).allowed).toBe(true);
    expect((await take(limiter, 'k', 2, HOUR)).allowed).toBe(true);
    // Sixty numbers above the two taken rows, all given back: a one-page read holds none of the taken rows.
    await spend(limiter, 'k', 60);
    site.journal.clear();
    expect(await take(limiter, 'k', 2, HOUR)).toMatchObject({ allowed: false });
    // The page, then the newest number and the window on their own.
    expect(queries()).toBe(3);
  });

  it('ends a page only at a row stamped more than the clock-skew bound before the window: rows from a clock behind do not hide a taken row below them', async () => {
    const ahead = container(MAX_CLOCK_SKEW_MS / 2);
    const behind = container(-MAX_CLOCK_SKEW_MS / 2);
    // Taken at 09:00 real time on a clock half a minute ahead, then sixty numbers given back a moment later on a clock
    // half a minute behind: stamped a minute before the taken row.
    expect((await take(ahead, 'k', 1, 10 * MINUTE)).allowed).toBe(true);
    site.clock.advance(1);
    await spend(behind, 'k', 60);
    // 11 minutes later, on time: the window (10 minutes and the bound) starts at 09:00:00.001, after every row given
    // back and before the taken one. No row of the page is a minute before the window, so the window is read again.
    site.clock.set(new Date('2030-03-01T09:11:00.001Z'));
    site.journal.clear();
    expect(await take(container(), 'k', 1, 10 * MINUTE)).toMatchObject({ allowed: false });
    expect(queries()).toBe(3);
  });

  it('never lets more than the limit through in any window of real time, across skewed clocks and pages full of slots given back (seeds swept)', async () => {
    for (let seed = 1; seed <= 6; seed += 1) {
      site = startSiteWithCode();
      site.clock.set(new Date('2030-03-01T09:00:00Z'));
      const random = new Random(seed);
      const containers = Array.from({ length: 3 }, () => container(Math.round((random.next() - 0.5) * MAX_CLOCK_SKEW_MS)));
      const pick = () => containers[Math.floor(random.next() * containers.length)] as RateLimiter;
      const allowedAt: number[] = [];
      for (let i = 0; i < 30; i += 1) {
        if (random.next() < 0.15) await spend(pick(), 'k', 20 + Math.floor(random.next() * 20));
        const burst = 1 + Math.floor(random.next() * 3);
        const outcomes = await Promise.all(Array.from({ length: burst }, () => take(pick(), 'k', 3, 10 * MINUTE)));
        for (const o of outcomes) if (o.allowed) allowedAt.push(site.clock.nowMs());
        site.clock.advance(random.next() < 0.5 ? Math.floor(random.next() * 60_000) : 10 * MINUTE - Math.floor(random.next() * 90_000));
      }
      for (const from of allowedAt) {
        const inWindow = allowedAt.filter((t) => t >= from && t < from + 10 * MINUTE).length;
        if (inWindow > 3) throw new Error(`seed ${seed}: ${inWindow} takes within ten minutes of ${new Date(from).toISOString()}`);
      }
      expect(allowedAt.length).toBeGreaterThan(3);
    }
  }, 120_000);

  it('counts at the window edge: refused a millisecond before one window and the skew bound after the oldest, allowed at it', async () => {
    const limiter = siteDependencies(site).rateLimiter;
    expect((await take(limiter, 'k', 1, HOUR)).allowed).toBe(true);
    site.clock.set(new Date('2030-03-01T10:00:59.999Z'));
    expect(await take(limiter, 'k', 1, HOUR)).toMatchObject({ allowed: false, retryAfterMs: 1 });
    site.clock.set(new Date('2030-03-01T10:01:00.000Z'));
    expect((await take(limiter, 'k', 1, HOUR)).allowed).toBe(true);
  });

  it('honours rows written before the one read (stamped when their take read): they count, and never end a page', async () => {
    const limiter = siteDependencies(site).rateLimiter;
    const stamp = (ms: number) => new Date(Date.parse('2030-03-01T09:00:00Z') + ms);
    // As the earlier code wrote them: no `stampedAtInsert`. One taken at 08:59, sixty given back after it.
    site.data.seedItems(RATE_LIMITS_COLLECTION, [
      { _id: 'k:1', key: 'k', seq: 1, at: stamp(-MINUTE), expiresAt: stamp(DAY) },
      ...Array.from({ length: 60 }, (_, i) => ({ _id: `k:${i + 2}`, key: 'k', seq: i + 2, at: stamp(-2 * HOUR), expiresAt: stamp(DAY), released: true })),
    ]);
    site.journal.clear();
    expect(await take(limiter, 'k', 1, HOUR)).toMatchObject({ allowed: false, heldBy: `k:1:${stamp(-MINUTE).getTime()}` });
    expect(queries()).toBe(3);
    // Once it leaves the window, the next number follows the old chain.
    site.clock.set(stamp(HOUR));
    expect(await take(limiter, 'k', 1, HOUR)).toMatchObject({ allowed: true, slot: `k:62:${stamp(HOUR).getTime()}` });
  });

  it('after housekeeping removes a key’s expired rows, continues from the newest row left, in one read', async () => {
    const limiter = siteDependencies(site).rateLimiter;
    expect((await take(limiter, 'old', 1, HOUR)).allowed).toBe(true);
    site.clock.set(new Date('2030-03-03T09:00:00Z'));
    expect((await take(limiter, 'k', 1, HOUR)).allowed).toBe(true);
    await site.as(callers.job(), () => purgeExpired(veloHousekeeping, siteDependencies(site).clock));
    expect((site.data.inspectCollection(RATE_LIMITS_COLLECTION) as { key: string }[]).map((r) => r.key)).toEqual(['k']);
    site.clock.advance(HOUR + MAX_CLOCK_SKEW_MS);
    site.journal.clear();
    expect(await take(limiter, 'k', 1, HOUR)).toMatchObject({ allowed: true, slot: expect.stringMatching(/^k:2:/) });
    expect(await take(limiter, 'old', 1, HOUR)).toMatchObject({ allowed: true, slot: expect.stringMatching(/^old:1:/) });
    expect({ queries: queries(), inserts: inserts() }).toEqual({ queries: 2, inserts: 2 });
  });
});

const DAY = 24 * HOUR;
