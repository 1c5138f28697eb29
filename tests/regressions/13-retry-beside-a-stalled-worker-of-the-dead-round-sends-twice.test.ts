import { expect, it } from '@jest/globals';
import { drainOutbox } from 'backend/inbox/drain';
import { retryDeadMessage } from 'backend/inbox/retry-dead';
import { callers } from '../support/emulator';
import { lookAlikeSite } from '../support/look-alikes';

const MINUTE = 60 * 1000;

/**
 * Eighth review (AttemptClaim.lookBack). Note 0030: "A new round after a dead round that may have sent now reads the
 * key's records first ... and adopts the message it finds", so "the owner's Retry ... no longer sends a second copy".
 * Within a round, an attempt that fenced a stalled worker waits until that worker's stale bound (staleWorkerMs, 0009:
 * HeldAttempt.unsafeUntil) before sending anew: the stalled worker may still send. The look-back carries only where and
 * since when to look, not that bound: a round that dies while a fenced worker of it may still be running (here its
 * twelfth attempt, which fenced the stalled eleventh, met one 503 from listMessages), retried by the owner at once,
 * finds nothing in the conversation and sends; the stalled worker then wakes and sends too. Two copies of one key.
 */
it("the owner's Retry right after a round died beside a stalled worker sends the message once", async () => {
  const { site, deps, sent, send } = lookAlikeSite();
  const row = () => (site.data.inspectCollection('InboxOutbox') as { _id: string; status: string; attempts: number }[]).find((r) => r._id === 'order-7');

  // Inbox refuses every send with a 503 (nothing written, but each attempt "may have sent"): the round goes on retrying.
  site.faults.inject('inbox.sendMessage', { status: 503, times: 1e9 });
  expect((await send('order-7')).status).toBe('queued');
  for (let run = 0; run < 20 && (row()?.attempts ?? 0) < 10; run += 1) {
    site.clock.advance(60 * MINUTE);
    await site.as(callers.job(), () => drainOutbox(deps));
  }
  expect(row()).toMatchObject({ status: 'retrying', attempts: 10 });
  site.faults.clear();

  // The next run's worker (attempt 11) finds nothing in the conversation and is about to send when it stalls. Meanwhile:
  site.faults.interleave('inbox.sendMessage', async () => {
    site.clock.advance(2 * MINUTE);
    // another run takes the intent over (attempt 12 fences 11) and meets one 503 reading the conversation: dead;
    site.faults.inject('inbox.listMessages', { status: 503, times: 1 });
    await site.as(callers.job(), () => drainOutbox(deps));
    expect(row()).toMatchObject({ status: 'dead' });
    // the owner presses Retry at once.
    await site.as(callers.admin(), () => retryDeadMessage(deps, 'order-7'));
  });
  site.clock.advance(60 * MINUTE);
  await site.as(callers.job(), () => drainOutbox(deps));
  // The stalled worker has woken and sent as well.
  site.clock.advance(60 * MINUTE);
  await site.as(callers.job(), () => drainOutbox(deps));
  expect(sent()).toBe(1);
});
