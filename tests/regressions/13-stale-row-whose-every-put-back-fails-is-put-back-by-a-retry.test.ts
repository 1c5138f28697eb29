import { describe, expect, it } from '@jest/globals';
import { sendToParticipant } from 'backend/inbox.web';
import { retryDeadMessage } from 'backend/inbox-owner.web';
import { drainInboxOutbox } from 'backend/inbox-jobs';
import { callers } from '../support/emulator';
import { seedContact } from '../support/people';
import { startSiteWithCode } from '../support/site-with-code';

const HOUR = 60 * 60 * 1000;

/**
 * The limit of delivery.ts saveFinished: the job's stale refresh lands over an admin's retried round, and both
 * put-back writes after it fail. The row reads round 0 `dead`, the job never lists it again, and the owner panel still
 * shows the message dead. The owner's next Retry reads the records (round 1 under way), answers not retried, and puts
 * the row back as round 1 (retry-dead.ts): the next job run delivers it, once.
 */
describe('a stale refresh whose every put-back write fails', () => {
  it("is put right by the owner's next Retry, and the retried round is delivered once", async () => {
    const site = startSiteWithCode();
    const asAdmin = <T>(fn: () => Promise<T>) => site.as(callers.admin(), fn);
    const row = () => site.data.inspectCollection('InboxOutbox').find((item) => item._id === 'order-17') as { status?: string; round?: number; gate?: unknown } | undefined;
    const sent = () => site.journal.entries('inbox.sendMessage').filter((e) => e.outcome === 'ok').length;

    site.faults.inject('data.update', { status: 503, times: 1 });
    await asAdmin(() => sendToParticipant({ email: 'late@example.com' }, 'Your order shipped', { idempotencyKey: 'order-17' }));
    site.faults.clear();
    expect(row()?.status).toBe('pending');
    seedContact(site, { email: 'late@example.com' });
    site.clock.advance(HOUR);

    site.faults.interleave('data.update', async () => {
      const outage = site.faults.inject('inbox.getOrCreateConversation', { status: 503, times: 1e9 });
      await asAdmin(() => retryDeadMessage('order-17'));
      site.faults.remove(outage);
      // The stale write lands; both put-back writes after it fail.
      site.faults.interleave('data.update', () => void site.faults.inject('data.update', { status: 503, times: 2 }));
    });
    await site.as(callers.job(), () => drainInboxOutbox());
    site.faults.clear();
    expect(row()).toMatchObject({ status: 'dead', round: 0 });

    // Hidden from the job: a run sends nothing.
    site.clock.advance(HOUR);
    await site.as(callers.job(), () => drainInboxOutbox());
    expect(sent()).toBe(0);

    const again = await asAdmin(() => retryDeadMessage('order-17'));
    expect(again).toMatchObject({ ok: true, value: { retried: false, status: 'pending' } });
    expect(row()).toMatchObject({ status: 'pending', round: 1 });

    site.clock.advance(HOUR);
    await site.as(callers.job(), () => drainInboxOutbox());
    expect(row()).toMatchObject({ status: 'sent', round: 1 });
    expect(sent()).toBe(1);
  });
});
