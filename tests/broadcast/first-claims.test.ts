import { describe, expect, it } from '@jest/globals';
import { FirstClaims } from 'backend/inbox/first-claims';
import type { DeliveryLog, DeliveryRecord } from 'backend/inbox/ports';
import { InboxError } from 'backend/inbox/errors';
import { Random } from 'wix-emulator';

/**
 * FirstClaims on its own (decision 0028), at random paces and stops, over a store that works, one whose bulk claim
 * sometimes throws (a bug), and one that refuses some items: each person is claimed at most once by the start; every
 * person claimed and not taken is offered to endUntaken, and none taken is; every take settles, and none rejects.
 */
function fakeLog(random: Random, mode: 'ok' | 'throws' | 'partial') {
  const records = new Map<string, DeliveryRecord>();
  const claimCalls: string[][] = [];
  const endCalls: string[][] = [];
  const log = {
    insertMany: async (rs: readonly DeliveryRecord[]) => {
      await new Promise((r) => setImmediate(r));
      const keys = rs.map((r) => ('intentKey' in r ? r.intentKey : r.id));
      if (rs.every((r) => r.kind === 'attempt')) claimCalls.push(keys);
      else endCalls.push(keys);
      if (mode === 'throws' && rs.every((r) => r.kind === 'attempt') && random.next() < 0.3) throw new Error('store bug');
      return rs.map((r) => {
        if (mode === 'partial' && random.next() < 0.2) return { status: 'rejected' as const, reason: new InboxError('INBOX_UNAVAILABLE', 'This item was refused.', { retryable: true }) };
        const there = records.get(r.id);
        if (there) return { status: 'fulfilled' as const, value: there };
        records.set(r.id, r);
        return { status: 'fulfilled' as const, value: undefined };
      });
    },
  } as unknown as DeliveryLog;
  return { log, claimCalls, endCalls, records };
}

describe("a broadcast's first claims, on their own", () => {
  it.each(['ok', 'throws', 'partial'] as const)('at random paces (%s store), no person is claimed twice, every claim is taken or ended, and every take settles', async (mode) => {
    for (let seed = 1; seed <= 300; seed += 1) {
      const random = new Random(seed);
      let t = 1_000_000;
      const clock = { now: () => new Date(t), sleep: async (ms: number) => void (t += ms) };
      const { log, claimCalls, endCalls } = fakeLog(random, mode);
      const n = 1 + Math.floor(random.next() * 300);
      const workers = 1 + Math.floor(random.next() * 100);
      const w = Math.min(workers, n);
      const claims = new FirstClaims({ deliveries: log, clock }, Array.from({ length: n }, (_, i) => `k${i}`), 'tok', { workers: w, perCall: Math.min(w, 100), freshMs: 15_000 });
      const stopAt = random.next() < 0.5 ? n : Math.floor(random.next() * n);
      const takes: Promise<unknown>[] = [];
      for (let i = 0; i < stopAt; i += 1) {
        takes.push(claims.take(i));
        const r = random.next();
        t += r < 0.1 ? Math.floor(random.next() * 40_000) : Math.floor(random.next() * 500);
        if (random.next() < 0.3) await new Promise((res) => setImmediate(res));
      }
      const settled = await Promise.race([Promise.allSettled(takes).then(() => 'settled'), new Promise((res) => setTimeout(() => res('hung'), 2_000).unref())]);
      expect(settled).toBe('settled');
      for (const p of takes) await expect(p).resolves.toBeDefined();
      await expect(claims.endUntaken()).resolves.toBeGreaterThanOrEqual(0);
      const claimed = claimCalls.flat();
      expect(new Set(claimed).size).toBe(claimed.length);
      const taken = new Set(Array.from({ length: stopAt }, (_, i) => `k${i}`));
      const ended = new Set(endCalls.flat());
      // Each claimed, untaken index was offered to endUntaken (unless its claim's own answer failed).
      const untaken = claimed.filter((id) => !taken.has(id));
      if (mode === 'ok') for (const id of untaken) expect(ended.has(id)).toBe(true);
      for (const id of ended) expect(taken.has(id)).toBe(false);
      // What is claimed ahead of the last take is at most one claim's worth.
      expect(untaken.length).toBeLessThanOrEqual(Math.min(w, 100));
    }
  }, 120_000);
});
