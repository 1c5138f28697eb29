import { describe, expect, it } from '@jest/globals';
import { sendToParticipant } from 'backend/inbox.web';
import { retryDeadMessage } from 'backend/inbox-owner.web';
import { drainInboxOutbox } from 'backend/inbox-jobs';
import { callers } from '../support/emulator';
import { seedContact } from '../support/people';
import { startSiteWithCode } from '../support/site-with-code';

const HOUR = 60 * 60 * 1000;
const KEY = 'order-17';

/**
 * retry-dead.ts: any InboxError out of newRound is answered `{ retried: true, status: 'dead', code }`, which the owner
 * panel shows as "order-17: failed again (INBOX_UNAVAILABLE)." (public/inbox/owner-panel-text.ts). But newRound moves
 * the row and claims the round before anything can fail for good: one lost answer (the row's move, or the claim's
 * insert, landed and answered 504) leaves round 1 queued, and the next job run sends it. The owner was told the message
 * failed again, so the natural next step (sending it by hand, under another key) sends it twice; the panel's Retry
 * contract ("a Retry of a dead row always either sends or says why") is answered with a why that is not true.
 */
describe("the owner's Retry answered 'failed again' by a lost answer", () => {
  it.each([
    ['the row move', 'data.update'],
    ['the round claim', 'data.insert'],
  ] as const)('is not said to have failed when the job then sends it (%s)', async (_what, operation) => {
    const site = startSiteWithCode();
    const asAdmin = <T>(fn: () => Promise<T>) => site.as(callers.admin(), fn);
    const sent = () => site.journal.entries('inbox.sendMessage').filter((e) => e.outcome === 'ok').length;

    const first = await asAdmin(() => sendToParticipant({ email: 'late@example.com' }, 'Your order shipped', { idempotencyKey: KEY }));
    expect(first).toMatchObject({ ok: false, error: { code: 'PARTICIPANT_NOT_FOUND' } });
    seedContact(site, { email: 'late@example.com' });

    site.faults.inject(operation, { responseLost: true, times: 1 });
    const retried = await asAdmin(() => retryDeadMessage(KEY));
    site.faults.clear();
    for (let run = 0; run < 2; run += 1) {
      site.clock.advance(HOUR);
      await site.as(callers.job(), () => drainInboxOutbox());
    }
    expect(sent()).toBe(1);
    // Before a fix: { retried: true, status: 'dead', code: 'INBOX_UNAVAILABLE' } — "failed again" — for a message the
    // job went on to send.
    expect(retried).toMatchObject({ ok: true });
    expect((retried as { value: { status: string } }).value.status).not.toBe('dead');
  });
});
