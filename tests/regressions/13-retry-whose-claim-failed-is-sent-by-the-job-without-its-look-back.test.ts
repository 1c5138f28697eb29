import { describe, expect, it } from '@jest/globals';
import { retryDeadMessage } from 'backend/inbox/retry-dead';
import { callers } from '../support/emulator';
import { lookAlikeSite } from '../support/look-alikes';

/**
 * Ninth review (AttemptClaim.lookBack and retry-dead.ts afterRetryableFailure). Note 0030: after a dead round that may
 * have sent, "the owner's Retry ... no longer sends a second copy": the new round's attempt 1 claim carries the
 * look-back, and every attempt of the round reconciles back to the dead round's start. Only that claim carries it.
 * newRound moves the row to the new round BEFORE it claims: when the claim's insert fails (a 503, nothing written) or
 * the move's answer is lost, retry-dead.ts answers `queued` ("the row moved to the new round, nothing claimed: the job
 * claims and sends it"), and the job does claim attempt 1 of that round — a plain claim (attempts.ts claimNext) with no
 * look-back, no earlier result that may have sent, so it sends at once without reading the conversation. The message
 * the dead round delivered is there already: two copies of one key.
 */
describe("the owner's Retry of a dead message that may have gone out, whose new round's claim did not land", () => {
  it.each([
    ['the claim insert refused', 'data.insert', { status: 503, times: 1 }],
    ["the row move's answer lost", 'data.update', { responseLost: true, times: 1 }],
  ] as const)('is adopted by the job, not sent again (%s)', async (_what, operation, fault) => {
    const { site, deps, sent, lostSend, drainHourly } = lookAlikeSite();
    site.faults.inject('inbox.listMessages', { status: 503, times: 1_000 });
    expect((await lostSend('order-7')).status).toBe('queued');
    site.faults.inject('inbox.listMessages', { status: 503, times: 1_000 });
    await drainHourly(13);
    site.faults.clear();
    expect(site.data.inspectCollection('InboxOutbox').find((r) => r._id === 'order-7')).toMatchObject({ status: 'dead' });
    expect(sent()).toBe(1);

    site.faults.inject(operation, fault);
    const answer = await site.as(callers.admin(), () => retryDeadMessage(deps, 'order-7'));
    site.faults.clear();
    expect(answer).toMatchObject({ retried: true, status: 'queued' });
    await drainHourly(2);
    expect(site.data.inspectCollection('InboxOutbox').find((r) => r._id === 'order-7')).toMatchObject({ status: 'sent' });
    // On the current code: 2 (the job's attempt 1 of round 1 sends without looking).
    expect(sent()).toBe(1);
  });
});
