import { describe, expect, it } from '@jest/globals';
import { sendToParticipant } from 'backend/inbox.web';
import { retryDeadMessage } from 'backend/inbox-owner.web';
import { drainInboxOutbox } from 'backend/inbox-jobs';
import { callers } from '../support/emulator';
import { seedContact } from '../support/people';
import { startSiteWithCode } from '../support/site-with-code';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const KEY = 'order-17';

/**
 * retry-dead.ts showNewerOutcome writes a finished row (the newer round's `sent`) with a plain saveCache: no read-back,
 * unlike every other finished write that a newer round may follow (delivery.ts saveFinished). Start from saveFinished's
 * documented limit: a stale round-0 `dead` row over a retried round 1 that was sent. A day after round 1, the owner
 * presses Retry (the panel still lists the message dead) while a resend of the key runs: the Retry reads the row and
 * the records (round 1 sent), and before its repair write lands the resend — past round 1's replay window — starts
 * round 2 (roundTaken → newRound), finds Inbox down and is answered `queued`, its row `retrying` round 2. The Retry's
 * write of round 1 `sent` then lands over it. The job lists only unfinished rows: round 2 is never sent.
 * Broken: "a key's send is never lost ... whatever order ... an admin's Retry, a resend after the 24 h replay window
 * ... run in"; "a resend never answers `queued` for a round nobody will send".
 */
describe("the owner's Retry repairing a stale row beside a resend after the replay window", () => {
  it('never hides the round the resend queued', async () => {
    const site = startSiteWithCode();
    const asAdmin = <T>(fn: () => Promise<T>) => site.as(callers.admin(), fn);
    const row = () => site.data.inspectCollection('InboxOutbox').find((item) => item._id === KEY) as { status?: string; round?: number } | undefined;
    const sent = () => site.journal.entries('inbox.sendMessage').filter((e) => e.outcome === 'ok').length;
    const runJob = async () => {
      site.clock.advance(HOUR);
      return site.as(callers.job(), () => drainInboxOutbox());
    };
    const resend = () => asAdmin(() => sendToParticipant({ email: 'late@example.com' }, 'Your order shipped', { idempotencyKey: KEY }));

    // The stale row of 13-resend-after-a-stale-dead-row-over-a-sent-retry-is-never-sent.
    site.faults.inject('data.update', { status: 503, times: 1 });
    await resend();
    site.faults.clear();
    seedContact(site, { email: 'late@example.com' });
    site.faults.interleave('data.update', async () => {
      await asAdmin(() => retryDeadMessage(KEY));
      site.faults.inject('data.update', { responseLost: true, times: 1 });
      site.faults.inject('data.update', { status: 503, times: 2 });
    });
    await runJob();
    site.faults.clear();
    expect(sent()).toBe(1);
    expect(row()).toMatchObject({ status: 'dead', round: 0 });

    // A day and a minute after round 1 went out. The Retry reads; before its write, the resend runs with Inbox down.
    site.clock.advance(DAY + 60_000);
    let resent: unknown;
    site.faults.interleave('data.update', async () => {
      const outage = site.faults.inject('inbox.getOrCreateConversation', { status: 503, times: 1e9 });
      resent = await resend();
      site.faults.remove(outage);
    });
    const retried = await asAdmin(() => retryDeadMessage(KEY));
    site.faults.clear();
    expect(retried).toMatchObject({ ok: true, value: { retried: false, status: 'sent' } });
    expect(resent).toMatchObject({ ok: true, value: { status: 'queued', deduplicated: false } });

    for (let run = 0; run < 3; run += 1) await runJob();
    // Before a fix: the row reads round 1 `sent` and the resend queued as round 2 never goes out (1 message).
    expect(row()).toMatchObject({ status: 'sent', round: 2 });
    expect(sent()).toBe(2);
  });
});
