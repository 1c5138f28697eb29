import { describe, expect, it } from '@jest/globals';
import { sendToParticipant } from 'backend/inbox.web';
import { retryDeadMessage } from 'backend/inbox-owner.web';
import { drainInboxOutbox } from 'backend/inbox-jobs';
import { callers } from '../support/emulator';
import { seedContact } from '../support/people';
import { startSiteWithCode } from '../support/site-with-code';

const HOUR = 60 * 60 * 1000;

/**
 * Second review of delivery.ts saveFinished. It claims "the job's stale refresh can no longer overwrite an admin's
 * retried round": the job writes its stale finished row, then reads the key's records back and puts a newer round's
 * row back `pending`. But the read-back happens only when the write *answered* success. A write whose answer is lost
 * (it landed, the caller got a 504) is treated as "not written" (saveCache → false) and saveFinished returns at once:
 * the stale round-0 `dead` row now covers the admin's queued round 1, the job lists only unfinished rows, and the
 * retried message is never delivered (a second Retry answers `retried: false, status: 'pending'`).
 * Likewise when the stale write lands and only the put-back write fails (one 503): the put-back is not retried and
 * saveFinished still answers `true`.
 */
describe('the job refreshing a lagging row while an admin retries the dead message (one more fault)', () => {
  for (const variant of ['the stale write lands but its answer is lost', 'the put-back write fails once'] as const) {
    it(`${variant}: the retried round is still delivered by a later run`, async () => {
      const site = startSiteWithCode();
      const asAdmin = <T>(fn: () => Promise<T>) => site.as(callers.admin(), fn);
      const row = () => site.data.inspectCollection('InboxOutbox').find((item) => item._id === 'order-17') as { status?: string; round?: number } | undefined;
      const sent = () => site.journal.entries('inbox.sendMessage').filter((e) => e.outcome === 'ok').length;

      // Dies at once (nobody under that email), and its row's write fails: the row lags `pending`.
      site.faults.inject('data.update', { status: 503, times: 1 });
      const first = await asAdmin(() => sendToParticipant({ email: 'late@example.com' }, 'Your order shipped', { idempotencyKey: 'order-17' }));
      expect(first).toMatchObject({ ok: false, error: { code: 'PARTICIPANT_NOT_FOUND' } });
      site.faults.clear();
      expect(row()?.status).toBe('pending');
      seedContact(site, { email: 'late@example.com' });
      site.clock.advance(HOUR);

      // The job lists the lagging row; before its refresh write, the admin retries while Inbox is down (round 1 queued).
      let retried: unknown;
      site.faults.interleave('data.update', async () => {
        const outage = site.faults.inject('inbox.getOrCreateConversation', { status: 503, times: 1e9 });
        retried = await asAdmin(() => retryDeadMessage('order-17'));
        site.faults.remove(outage);
        if (variant === 'the stale write lands but its answer is lost') site.faults.inject('data.update', { responseLost: true, times: 1 });
        else site.faults.interleave('data.update', () => void site.faults.inject('data.update', { status: 503, times: 1 }));
      });
      await site.as(callers.job(), () => drainInboxOutbox());
      expect(retried).toMatchObject({ ok: true, value: { retried: true, status: 'queued' } });
      site.faults.clear();

      for (let run = 0; run < 3; run += 1) {
        site.clock.advance(HOUR);
        await site.as(callers.job(), () => drainInboxOutbox());
      }
      // On the current code: the row reads round 0 `dead`, nothing is ever sent.
      expect(row()).toMatchObject({ status: 'sent', round: 1 });
      expect(sent()).toBe(1);
    });
  }
});
