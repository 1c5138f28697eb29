import { describe, expect, it } from '@jest/globals';
import { retryDeadMessage } from 'backend/inbox/retry-dead';
import { callers } from '../support/emulator';
import { lookAlikeSite } from '../support/look-alikes';

const HOUR = 60 * 60 * 1000;

/**
 * Found by the dead-keys chaos story (tests/chaos/dead-keys-story.ts, seeds 28, 48, 75). A message went out with its
 * answer lost and Inbox could not list the conversation until the round died. The owner's Retry (or the same key sent
 * again past its replay window) starts a new round: it moves the row to round 1, then inserts the round's first claim,
 * which alone carries the look-back (AttemptClaim.lookBack, decision 0030). Here that claim insert fails (a 503: nothing
 * written). The Retry answers `queued` (the row shows the new round, the job sends it) — and the job then claims
 * round 1's first attempt as any other, without the look-back: it sends blindly, and the person gets the message twice.
 * The look-back is also lost for every later round (lookBackAfter chains only what the dead round's claim carried).
 */
describe('a new round whose first claim failed after its row moved', () => {
  it.each([
    ["the owner's Retry", 'retry'],
    ['the same key sent again after its replay window', 'resend'],
  ] as const)('is claimed by the job still looking for the dead round\'s message first (%s)', async (_how, how) => {
    const { site, deps, sent, send, drainHourly, deadAfterALostAnswer } = lookAlikeSite();
    await deadAfterALostAnswer('order-7');
    expect(site.data.inspectCollection('InboxOutbox').find((r) => r._id === 'order-7')).toMatchObject({ status: 'dead' });
    expect(sent()).toBe(1);

    // The new round's first claim (an InboxDeliveries insert) is refused, every time this call tries it.
    if (how === 'retry') {
      site.faults.inject('data.insert', { status: 503, times: 20 });
      const answer = await site.as(callers.admin(), () => retryDeadMessage(deps, 'order-7'));
      expect(answer).toMatchObject({ status: 'queued', retried: true });
    } else {
      site.clock.advance(25 * HOUR);
      // The row's move to round 1 (its save) is the call before the claim: the next insert, the claim, is refused.
      for (const op of ['data.save', 'data.update']) site.faults.interleave(op, () => void site.faults.inject('data.insert', { status: 503, times: 1 }), 1);
      await send('order-7').catch(() => undefined);
    }
    site.faults.clear();
    expect(site.data.inspectCollection('InboxOutbox').find((r) => r._id === 'order-7')).toMatchObject({ round: 1 });
    await drainHourly(3);
    expect(sent()).toBe(1);
  });
});
