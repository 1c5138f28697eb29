import { beforeEach, expect, it } from '@jest/globals';
import { sendAsCaller, type AccessDependencies } from 'backend/inbox/access';
import { InboxError } from 'backend/inbox/errors';
import { RATE_LIMITS_COLLECTION } from 'backend/wix/collections';
import type { RateLimiter, RateStanding } from 'backend/inbox/ports';
import type { Site } from 'wix-emulator';
import { callers } from '../support/emulator';
import { seedContact } from '../support/people';
import { siteDependencies, startSiteWithCode } from '../support/site-with-code';

// Found by a seeded sweep (skewed containers, wix-data faults, double clicks). A double click sends two identical
// submits A and C at once. A wins the double-submit slot; C collides with it and becomes a resubmit of A, sending under
// A's slot name (decision 0005: "Two racing first submits collide on the same _id: one wins, the other reads the
// winner's slot from the collision"). Then another of A's slot inserts fails (a 503: nothing written) and A gives back
// every slot it took — the double-submit slot included (access.ts, `if (failed || denied.length > 0) await
// giveBack(taken)`) — although C stores the intent under that very slot's name and sends it. The double-submit window
// is open again: the same submit a minute later is a new first, and the person gets the acknowledgement twice within
// ten minutes. README: "The same visitor submitting the same message to the same email again within 10 minutes of their
// first submit gets one acknowledgement".
let site: Site;
beforeEach(() => {
  site = startSiteWithCode();
  site.clock.set(new Date('2030-06-01T09:00:00Z'));
  seedContact(site, { email: 'kim@example.com' });
});

const ACK = { template: 'form-received', vars: { name: 'Kim' } };
const submit = (deps: AccessDependencies) =>
  site.as(callers.visitor('v-1'), () => sendAsCaller(deps, { email: 'kim@example.com' }, ACK, undefined)).then(
    (r) => r.status,
    (e: { code?: string }) => e.code ?? 'error',
  );
const messages = () => site.journal.count('inbox.sendMessage', 'ok');

/** The same backend with its limiter's takes adjusted per key (how one call's own wix-data insert fails or lags). */
function withTakes(deps: AccessDependencies, adjust: (key: string, take: () => ReturnType<Extract<RateStanding, { open: true }>['take']>) => ReturnType<Extract<RateStanding, { open: true }>['take']>): AccessDependencies {
  const limiter: RateLimiter = {
    ...deps.rateLimiter,
    look: async (requests) => {
      const standings = await deps.rateLimiter.look(requests);
      return standings.map((s, i) => (s.open ? { open: true as const, take: (owner?: string) => adjust(requests[i]?.key ?? '', () => s.take(owner)) } : s));
    },
  };
  return { ...deps, rateLimiter: limiter };
}

it('a double click whose winning call fails after taking its slot is still acknowledged once within ten minutes', async () => {
  const base = siteDependencies(site);
  let aTookItsSlot!: () => void;
  const aTook = new Promise<void>((resolve) => (aTookItsSlot = resolve));
  // A: wins the double-submit slot; its visitor slot insert fails with a 503.
  const a = withTakes(base, (key, take) => {
    if (key.startsWith('submit:')) return take().finally(aTookItsSlot);
    if (key.startsWith('visitor:')) return Promise.reject(new InboxError('INBOX_UNAVAILABLE', 'claim in InboxRateLimits failed (HTTP 503).', { retryable: true }));
    return take();
  });
  // C: the same submit, its double-submit insert a moment after A's: it collides and goes on as A's resubmit.
  const c = withTakes(base, (key, take) => (key.startsWith('submit:') ? aTook.then(take) : take()));
  const answers = await Promise.all([submit(a), submit(c)]);
  expect(answers).toEqual(['INBOX_UNAVAILABLE', 'sent']);
  expect(messages()).toBe(1);

  // The same submit a minute later: a double submit of the first, answered from it.
  site.clock.advance(60 * 1000);
  await expect(submit(base)).resolves.toBe('sent');
  // Today: 2 — the double-submit slot the sent message is keyed by was given back by A.
  expect(messages()).toBe(1);
});

it('a visitor who clicks again after INBOX_UNAVAILABLE is acknowledged once: the kept submission slot names the retry', async () => {
  const base = siteDependencies(site);
  // The first click wins the double-submit slot; its visitor slot insert fails with a 503 and it answers
  // INBOX_UNAVAILABLE, keeping that slot (nothing was stored under its name).
  let failures = 1;
  const first = withTakes(base, (key, take) => {
    if (key.startsWith('visitor:') && failures > 0) {
      failures -= 1;
      return Promise.reject(new InboxError('INBOX_UNAVAILABLE', 'claim in InboxRateLimits failed (HTTP 503).', { retryable: true }));
    }
    return take();
  });
  await expect(submit(first)).resolves.toBe('INBOX_UNAVAILABLE');
  expect(messages()).toBe(0);
  // The person clicks again: not refused for ten minutes, but sent, under the kept slot's name.
  site.clock.advance(5 * 1000);
  await expect(submit(base)).resolves.toBe('sent');
  expect(messages()).toBe(1);
  // And once only: a third click is answered from that send.
  site.clock.advance(60 * 1000);
  await expect(submit(base)).resolves.toBe('sent');
  expect(messages()).toBe(1);
  // Each limit counts the one acknowledgement that went out (the failed click gave its limit slots back).
  const live = (prefix: string) => (site.data.inspectCollection(RATE_LIMITS_COLLECTION) as { key: string; released?: boolean }[]).filter((r) => r.key.startsWith(prefix) && !r.released).length;
  expect(live('visitor:v-1')).toBe(1);
  expect(live('recipient:contact:')).toBe(1);
  expect(live('submit:')).toBe(1);
});
