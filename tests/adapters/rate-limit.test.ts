import { beforeEach, describe, expect, it } from '@jest/globals';
import { sendToParticipant } from 'backend/inbox.web';
import { RATE_LIMITS_COLLECTION } from 'backend/wix/collections';
import type { Site } from '../../emulator/site';
import { callers } from '../support/emulator';
import { siteDependencies, startSiteWithCode } from '../support/site-with-code';

let site: Site;
beforeEach(() => {
  site = startSiteWithCode();
});

const HOUR = 60 * 60 * 1000;

describe('the wix-data rate limiter', () => {
  it('allows exactly the limit when 30 calls race for one key, however they interleave', async () => {
    const { rateLimiter } = siteDependencies(site);
    const outcomes = await Promise.all(
      Array.from({ length: 30 }, () => site.as(callers.visitor('v-burst'), () => rateLimiter.take('visitor:v-burst', 5, HOUR))),
    );
    expect(outcomes.filter((o) => o.allowed)).toHaveLength(5);
    expect(site.data.inspectCollection(RATE_LIMITS_COLLECTION)).toHaveLength(5);
  });

  it('gives every allowed call its own slot item, tagged with its bucket and when it expires', async () => {
    site.clock.set(new Date('2030-01-01T10:15:00Z'));
    const { rateLimiter } = siteDependencies(site);
    await site.as(callers.visitor(), () => rateLimiter.take('k', 2, HOUR));
    await site.as(callers.visitor(), () => rateLimiter.take('k', 2, HOUR));
    const windowStart = Date.parse('2030-01-01T10:00:00Z');
    const items = site.data.inspectCollection(RATE_LIMITS_COLLECTION) as { _id: string; bucket: string; expiresAt: unknown }[];
    expect(items.map((i) => i._id).sort()).toEqual([`k:${windowStart}:1`, `k:${windowStart}:2`]);
    for (const item of items) {
      expect(item.bucket).toBe(`k:${windowStart}`);
      expect(new Date(item.expiresAt as string).toISOString()).toBe('2030-01-01T11:00:00.000Z');
    }
  });

  it('refuses once the window is full, says when it reopens, and allows again in the next window', async () => {
    site.clock.set(new Date('2030-01-01T10:15:00Z'));
    const { rateLimiter } = siteDependencies(site);
    const take = () => site.as(callers.visitor(), () => rateLimiter.take('k', 1, HOUR));
    await expect(take()).resolves.toEqual({ allowed: true, retryAfterMs: 0 });
    await expect(take()).resolves.toEqual({ allowed: false, retryAfterMs: 45 * 60 * 1000 });
    site.clock.advance(45 * 60 * 1000);
    await expect(take()).resolves.toEqual({ allowed: true, retryAfterMs: 0 });
  });

  it('counts each key separately', async () => {
    const { rateLimiter } = siteDependencies(site);
    const take = (key: string) => site.as(callers.visitor(), () => rateLimiter.take(key, 1, HOUR));
    expect((await take('a')).allowed).toBe(true);
    expect((await take('b')).allowed).toBe(true);
    expect((await take('a')).allowed).toBe(false);
  });

  it('reports a failing limiter store as INBOX_UNAVAILABLE instead of allowing the call', async () => {
    const { rateLimiter } = siteDependencies(site);
    site.faults.inject('data.insert', { code: 'WD_PERMISSION_DENIED' });
    await expect(site.as(callers.visitor(), () => rateLimiter.take('k', 5, HOUR))).rejects.toMatchObject({ code: 'INBOX_UNAVAILABLE', retryable: false });
  });
});

describe('the visitor web method sendToParticipant', () => {
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
    const slots = site.data.inspectCollection(RATE_LIMITS_COLLECTION) as { bucket: string }[];
    expect(slots.filter((slot) => slot.bucket.startsWith('visitor:same-id:'))).toHaveLength(5);
  });
});
