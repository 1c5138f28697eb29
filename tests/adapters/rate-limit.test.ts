import { beforeEach, describe, expect, it } from '@jest/globals';
import { sendToParticipant } from 'backend/inbox.web';
import { purgeExpired } from 'backend/inbox/retention';
import { RATE_LIMITS_COLLECTION } from 'backend/wix/collections';
import { veloHousekeeping } from 'backend/wix/velo-housekeeping';
import type { RateDecision } from 'backend/inbox/ports';
import { Random, type Site } from 'wix-emulator';
import { callers } from '../support/emulator';
import { siteDependencies, startSiteWithCode } from '../support/site-with-code';

let site: Site;
beforeEach(() => {
  site = startSiteWithCode();
});

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;

function limiter() {
  const { rateLimiter } = siteDependencies(site);
  return (key: string, limit: number, windowMs: number): Promise<RateDecision> =>
    site.as(callers.visitor(), () => rateLimiter.take(key, limit, windowMs));
}

const allowedCount = (outcomes: readonly RateDecision[]) => outcomes.filter((o) => o.allowed).length;

describe('the wix-data rate limiter (sliding windows)', () => {
  it('allows exactly the limit when 30 calls race for one key, however they interleave', async () => {
    const take = limiter();
    const outcomes = await Promise.all(Array.from({ length: 30 }, () => take('visitor:v-burst', 5, HOUR)));
    expect(allowedCount(outcomes)).toBe(5);
    expect(site.data.inspectCollection(RATE_LIMITS_COLLECTION)).toHaveLength(5);
  });

  it('gives every allowed take its own numbered slot row, named with when it was taken, and keeps it a day past its window', async () => {
    site.clock.set(new Date('2030-01-01T10:15:00Z'));
    const take = limiter();
    const first = await take('k', 2, HOUR);
    const second = await take('k', 2, HOUR);
    const at = Date.parse('2030-01-01T10:15:00Z');
    expect([first, second]).toEqual([expect.objectContaining({ allowed: true, slot: `k:1:${at}` }), expect.objectContaining({ allowed: true, slot: `k:2:${at}` })]);
    const items = site.data.inspectCollection(RATE_LIMITS_COLLECTION) as { _id: string; key: string; seq: number; expiresAt: unknown }[];
    expect(items.map((i) => [i._id, i.key, i.seq])).toEqual([['k:1', 'k', 1], ['k:2', 'k', 2]]);
    // The window, the clock-skew bound (a minute), then a day.
    for (const item of items) expect(new Date(item.expiresAt as string).toISOString()).toBe('2030-01-02T11:16:00.000Z');
  });

  it('names a slot apart from the slot that had its number before housekeeping removed it', async () => {
    site.clock.set(new Date('2030-01-01T10:15:00Z'));
    const take = limiter();
    const before = await take('k', 1, HOUR);
    site.clock.set(new Date('2030-01-03T10:15:00Z'));
    await site.as(callers.job(), () => purgeExpired(veloHousekeeping, siteDependencies(site).clock));
    expect(site.data.inspectCollection(RATE_LIMITS_COLLECTION)).toHaveLength(0);
    const after = await take('k', 1, HOUR);
    expect(before).toMatchObject({ allowed: true, slot: expect.stringMatching(/^k:1:/) });
    expect(after).toMatchObject({ allowed: true, slot: expect.stringMatching(/^k:1:/) });
    expect((after as { slot: string }).slot).not.toBe((before as { slot: string }).slot);
  });

  it('counts the last full window, not the clock hour: a take reopens one window after the oldest counted take', async () => {
    site.clock.set(new Date('2030-01-01T10:50:00Z'));
    const take = limiter();
    expect((await take('k', 2, HOUR)).allowed).toBe(true);
    site.clock.set(new Date('2030-01-01T10:59:59.900Z'));
    expect((await take('k', 2, HOUR)).allowed).toBe(true);
    // A fixed window would start afresh at 11:00 and allow two more here.
    site.clock.set(new Date('2030-01-01T11:00:00.100Z'));
    // Reopens one window and the clock-skew bound (a minute) after the oldest counted take.
    await expect(take('k', 2, HOUR)).resolves.toEqual({ allowed: false, retryAfterMs: 51 * MINUTE - 100, heldBy: `k:2:${Date.parse('2030-01-01T10:59:59.900Z')}` });
    site.clock.set(new Date('2030-01-01T11:51:00.001Z'));
    expect((await take('k', 2, HOUR)).allowed).toBe(true);
    expect((await take('k', 2, HOUR)).allowed).toBe(false);
  });

  it('never lets more than the limit through in any span of one window, for random arrival times (seeds swept)', async () => {
    for (let seed = 1; seed <= 20; seed += 1) {
      site = startSiteWithCode();
      const random = new Random(seed);
      const take = limiter();
      const allowedAt: number[] = [];
      const start = Date.parse('2030-01-01T09:00:00Z');
      let t = start;
      for (let i = 0; i < 60; i += 1) {
        t += Math.floor(random.next() * 6 * MINUTE);
        site.clock.set(new Date(t));
        // Bursts of racing takes at the same instant, too.
        const burst = 1 + Math.floor(random.next() * 3);
        const outcomes = await Promise.all(Array.from({ length: burst }, () => take('k', 4, 20 * MINUTE)));
        for (const o of outcomes) if (o.allowed) allowedAt.push(t);
      }
      for (const from of allowedAt) {
        const inWindow = allowedAt.filter((at) => at >= from && at < from + 20 * MINUTE).length;
        if (inWindow > 4) throw new Error(`seed ${seed}: ${inWindow} takes within one window starting ${new Date(from).toISOString()}`);
      }
      expect(allowedAt.length).toBeGreaterThan(4);
    }
  }, 60_000);

  it('frees a slot that is given back at once, and a slot given back twice frees nothing more', async () => {
    const take = limiter();
    const first = await take('k', 1, HOUR);
    expect((await take('k', 1, HOUR)).allowed).toBe(false);
    if (!first.allowed) throw new Error('first take refused');
    await site.as(callers.visitor(), () => first.giveBack());
    const second = await take('k', 1, HOUR);
    expect(second).toMatchObject({ allowed: true, slot: expect.stringMatching(/^k:2:\d+$/) });
    await site.as(callers.visitor(), () => first.giveBack());
    expect((await take('k', 1, HOUR)).allowed).toBe(false);
  });

  it('allows at most the limit when takes race with slots being given back', async () => {
    const take = limiter();
    const held = await Promise.all(Array.from({ length: 3 }, () => take('k', 3, HOUR)));
    const racing = await Promise.all([
      ...held.map(async (h) => {
        if (h.allowed) await site.as(callers.visitor(), () => h.giveBack());
        return undefined;
      }),
      ...Array.from({ length: 10 }, () => take('k', 3, HOUR)),
    ]);
    const outcomes = racing.filter((o): o is RateDecision => o !== undefined);
    expect(allowedCount(outcomes)).toBeLessThanOrEqual(3);
    const live = (site.data.inspectCollection(RATE_LIMITS_COLLECTION) as { released?: boolean }[]).filter((r) => !r.released);
    expect(live.length).toBeLessThanOrEqual(3);
  });

  it('counts a take stamped ahead of this clock (another container, or a clock that jumped back) as still in the window', async () => {
    const take = limiter();
    site.clock.set(new Date('2030-01-01T10:00:00Z'));
    expect((await take('k', 1, HOUR)).allowed).toBe(true);
    site.clock.set(new Date('2030-01-01T09:58:00Z'));
    expect((await take('k', 1, HOUR)).allowed).toBe(false);
    // One window and the clock-skew bound after it.
    site.clock.set(new Date('2030-01-01T11:01:00.001Z'));
    expect((await take('k', 1, HOUR)).allowed).toBe(true);
  });

  it('counts each key separately', async () => {
    const take = limiter();
    expect((await take('a', 1, HOUR)).allowed).toBe(true);
    expect((await take('b', 1, HOUR)).allowed).toBe(true);
    expect((await take('a', 1, HOUR)).allowed).toBe(false);
  });

  it('reports a failing limiter store as INBOX_UNAVAILABLE instead of allowing the call', async () => {
    const take = limiter();
    site.faults.inject('data.insert', { code: 'WD_PERMISSION_DENIED' });
    await expect(take('k', 5, HOUR)).rejects.toMatchObject({ code: 'INBOX_UNAVAILABLE', retryable: false });
  });
});

describe('the visitor web method sendToParticipant', () => {
  it('never sends more than the limit when refused, failing and valid requests race under wix-data and Inbox faults (seeds swept)', async () => {
    for (let seed = 1; seed <= 25; seed += 1) {
      site = startSiteWithCode({ seed });
      site.faults.inject('data.insert', { status: 503, probability: 0.1 });
      site.faults.inject('data.query', { status: 503, probability: 0.05 });
      site.faults.inject('inbox.getOrCreateConversation', { status: 403, probability: 0.15 });
      const random = new Random(seed);
      const outcomes = await Promise.all(
        Array.from({ length: 12 }, (_, i) => {
          const vars: Record<string, string> = random.next() < 0.25 ? { link: 'x' } : {};
          const email = random.next() < 0.3 ? 'same@example.com' : `p${i}@example.com`;
          return site.as(callers.visitor('v-sweep'), () => sendToParticipant({ email }, { template: 'form-received', vars }));
        }),
      );
      site.faults.clear();
      const sent = site.journal.count('inbox.sendMessage', 'ok');
      const live = (site.data.inspectCollection(RATE_LIMITS_COLLECTION) as { key: string; released?: boolean }[]).filter((r) => r.key === 'visitor:v-sweep' && !r.released);
      const answered = outcomes.filter((o) => (o as { ok: boolean }).ok).length;
      if (sent > 5 || live.length > 5 || live.length < Math.min(sent, 5)) {
        throw new Error(`seed ${seed}: ${sent} sent, ${live.length} slots held, ${answered} answered ok`);
      }
    }
  }, 60_000);

  it('lets one visitor through at most 5 times an hour even when 30 requests arrive at once', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        site.as(callers.visitor('same-id'), () => sendToParticipant({ email: `person${i}@example.com` }, { template: 'form-received', vars: { name: 'Hi' } })),
      ),
    );
    const sent = outcomes.filter((o) => (o as { ok: boolean }).ok);
    expect(sent).toHaveLength(5);
    expect(outcomes.filter((o) => !(o as { ok: boolean }).ok)).toEqual(
      Array.from({ length: 25 }, () => expect.objectContaining({ ok: false, error: expect.objectContaining({ code: 'RATE_LIMITED' }) })),
    );
    const slots = site.data.inspectCollection(RATE_LIMITS_COLLECTION) as { key: string; released?: boolean }[];
    expect(slots.filter((slot) => slot.key === 'visitor:same-id' && !slot.released)).toHaveLength(5);
    expect(site.journal.count('inbox.sendMessage', 'ok')).toBe(5);
  });
});
