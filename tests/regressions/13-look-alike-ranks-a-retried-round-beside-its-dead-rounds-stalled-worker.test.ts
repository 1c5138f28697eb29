import { expect, it } from '@jest/globals';
import { drainOutbox } from 'backend/inbox/drain';
import { retryDeadMessage } from 'backend/inbox/retry-dead';
import { callers } from '../support/emulator';
import { lookAlikeSite } from '../support/look-alikes';

const MINUTE = 60 * 1000;

/**
 * Ninth review (LookBack.fencedClaimMs, seen by a look-alike). Note 0030: "The look-back carries the newest fenced
 * claim of the dead round (LookBack.fencedClaimMs), and the new round waits out that bound as the dead round would
 * have." The new round's own attempts do; a look-alike reconciling beside it does not (reconcile.ts weighs a rival's
 * latest possible send by its current round alone, `lastPossibleSend(state, …)`). It counts the retried round a
 * claimant (its wait on that bound recorded maySent), ranks it first, gives it the look-alike's own lost message and
 * sends a second one; the dead round's stalled worker then wakes and sends too. Three messages for two keys.
 */
it("a look-alike waits out the stalled worker of a retried round's dead round", async () => {
  const { site, deps, sent, send, lostSend } = lookAlikeSite();
  const row = (key: string) => (site.data.inspectCollection('InboxOutbox') as { _id: string; status: string; attempts: number }[]).find((r) => r._id === key);
  const drain = () => site.as(callers.job(), () => drainOutbox(deps));

  site.faults.inject('inbox.sendMessage', { status: 503, times: 1e9 });
  expect((await send('order-7')).status).toBe('queued');
  for (let run = 0; run < 20 && (row('order-7')?.attempts ?? 0) < 10; run += 1) {
    site.clock.advance(60 * MINUTE);
    await drain();
  }
  expect(row('order-7')).toMatchObject({ status: 'retrying', attempts: 10 });
  site.faults.clear();

  // The next run's worker (attempt 11) is about to send when it stalls. Meanwhile:
  site.faults.interleave('inbox.sendMessage', async () => {
    site.clock.advance(2 * MINUTE);
    // another run fences it and meets one 503 reading the conversation: dead; the owner retries at once (round 1
    // waits out the stalled worker's bound, as it should);
    site.faults.inject('inbox.listMessages', { status: 503, times: 1 });
    await drain();
    expect(row('order-7')).toMatchObject({ status: 'dead' });
    await site.as(callers.admin(), () => retryDeadMessage(deps, 'order-7'));
    // order-8, the same words, goes out with its answer lost; its caller calls again two minutes later.
    site.clock.advance(MINUTE);
    expect((await lostSend('order-8')).status).toBe('queued');
    site.clock.advance(2 * MINUTE);
    await send('order-8');
  });
  site.clock.advance(60 * MINUTE);
  await drain();
  // The stalled worker has woken and sent as well.
  for (let run = 0; run < 3; run += 1) {
    site.clock.advance(60 * MINUTE);
    await drain();
  }
  expect([row('order-7')?.status, row('order-8')?.status]).toEqual(['sent', 'sent']);
  // On the code before the fix: three.
  expect(sent()).toBe(2);
});
