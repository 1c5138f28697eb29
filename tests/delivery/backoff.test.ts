import { describe, expect, it } from '@jest/globals';
import { backoffDelay, DEFAULT_DELIVERY_SETTINGS } from 'backend/inbox/backoff';
import { sendToParticipant } from 'backend/inbox/send';
import { callers } from '../support/emulator';
import { seedContact } from '../support/people';
import { siteDependencies, startSiteWithCode } from '../support/site-with-code';

const settings = { ...DEFAULT_DELIVERY_SETTINGS, baseDelayMs: 100, maxDelayMs: 1_000 };

describe('retry backoff', () => {
  it('draws a delay below a ceiling that doubles with each attempt (full jitter)', () => {
    expect([1, 2, 3, 4].map((attempt) => backoffDelay(settings, attempt, () => 0.999))).toEqual([99, 199, 399, 799]);
    expect(backoffDelay(settings, 3, () => 0)).toBe(0);
  });

  it('never lets the ceiling pass the maximum delay', () => {
    expect(backoffDelay(settings, 30, () => 0.999)).toBe(999);
  });

  it('waits at least as long as Retry-After asks', () => {
    expect(backoffDelay(settings, 1, () => 0.5, 5_000)).toBe(5_000);
  });
});

describe('a web-method call that keeps failing', () => {
  it("gives up retrying well inside Wix's 14 s limit and answers queued", async () => {
    const site = startSiteWithCode();
    const contactId = seedContact(site, { email: 'wes@example.com' });
    site.faults.inject('inbox.sendMessage', { status: 503, times: 1_000 });
    site.kernel.latencyMs = 300; // every Wix call costs time too
    const before = site.clock.nowMs();
    const result = await site.as(callers.eventHandler(), () => sendToParticipant(siteDependencies(site), { contactId }, 'Hi'));
    const spent = site.clock.nowMs() - before;

    expect(result).toMatchObject({ status: 'queued' });
    expect(spent).toBeLessThan(14_000);
    expect(site.journal.count('inbox.sendMessage')).toBeGreaterThan(2);
  });
});
