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
 * delivery.ts saveFinished's limit, when the newer round it hides has already ended `sent`. A message dies at once and
 * its row lags `pending`. The job lists it; before its refresh write lands, the owner's Retry starts round 1, which
 * is sent at once and writes its row `sent`. The job's stale `dead` write of round 0 then lands over it, and both
 * put-back writes fail (its answer lost, then two 503s). The row reads round 0 `dead` while the records say round 1 was sent.
 * retry-dead.ts repairs only a newer round still under way (hidesNewerRound wants no outcome), so Retry answers
 * `sent` and leaves the row `dead`. A resend of the key a day after round 1 went out — past its replay window, a new
 * message is due — starts "round 1" again from the stale row, finds that claim taken, and is answered `queued`
 * (deduplicated). Nothing ever sends it: the job only copies round 1's old `sent` into the row.
 */
describe('a stale dead row over a retried round that was sent', () => {
  it.each([
    ['repaired by the owner\'s next Retry', true],
    ['left as it is, read by the resend itself', false],
  ] as const)('sends a resend made after that round\'s replay window (%s)', async (_how, retryAgain) => {
    const site = startSiteWithCode();
    const asAdmin = <T>(fn: () => Promise<T>) => site.as(callers.admin(), fn);
    const row = () => site.data.inspectCollection('InboxOutbox').find((item) => item._id === KEY) as { status?: string; round?: number } | undefined;
    const sent = () => site.journal.entries('inbox.sendMessage').filter((e) => e.outcome === 'ok').length;
    const runJob = async () => {
      site.clock.advance(HOUR);
      return site.as(callers.job(), () => drainInboxOutbox());
    };

    site.faults.inject('data.update', { status: 503, times: 1 });
    const first = await asAdmin(() => sendToParticipant({ email: 'late@example.com' }, 'Your order shipped', { idempotencyKey: KEY }));
    site.faults.clear();
    expect(first).toMatchObject({ ok: false, error: { code: 'PARTICIPANT_NOT_FOUND' } });
    expect(row()).toMatchObject({ status: 'pending', round: 0 });
    seedContact(site, { email: 'late@example.com' });

    // The job's refresh write of round 0: before it, the owner's Retry sends round 1; after it, both put-backs fail.
    let retried: unknown;
    site.faults.interleave('data.update', async () => {
      retried = await asAdmin(() => retryDeadMessage(KEY));
      // The stale write lands (its answer lost), then both put-backs fail.
      site.faults.inject('data.update', { responseLost: true, times: 1 });
      site.faults.inject('data.update', { status: 503, times: 2 });
    });
    await runJob();
    site.faults.clear();
    expect(retried).toMatchObject({ ok: true, value: { retried: true, status: 'sent' } });
    expect(sent()).toBe(1);
    // The stale row (the limit saveFinished documents).
    expect(row()).toMatchObject({ status: 'dead', round: 0 });

    if (retryAgain) {
      // The owner's Retry, the documented repair: round 1 is sent, so nothing is retried, and the row reads round 1's
      // outcome (before the fix it was left as it was).
      await expect(asAdmin(() => retryDeadMessage(KEY))).resolves.toMatchObject({ ok: true, value: { retried: false, status: 'sent' } });
      expect(row()).toMatchObject({ status: 'sent', round: 1 });
    }

    // A day and a minute after round 1 went out: the key's replay window is over, so this is a new message.
    site.clock.advance(DAY + 60_000);
    const resend = await asAdmin(() => sendToParticipant({ email: 'late@example.com' }, 'Your order shipped', { idempotencyKey: KEY }));
    for (let run = 0; run < 3; run += 1) await runJob();
    // Before the fix: answered { status: 'queued', deduplicated: true } (the resend's round 1 was the Retry's, claimed
    // long ago), and after three job runs the row read round 1 `sent` (the old message): one message in all.
    expect(resend).toMatchObject({ ok: true, value: { status: 'sent', deduplicated: false } });
    expect(sent()).toBe(2);
  });
});
