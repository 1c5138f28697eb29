import { describe, expect, it } from '@jest/globals';
import { retryDeadMessage } from 'backend/inbox/retry-dead';
import { callers } from '../support/emulator';
import { lookAlikeSite } from '../support/look-alikes';

const HOUR = 60 * 60 * 1000;

/**
 * A message went out but its answer was lost, and from then on Inbox could not list the conversation: no attempt could
 * tell whether it arrived, and the round died of exhausted attempts. The panel lists it dead. The owner's Retry (or the
 * same key sent again after its replay window) starts a new round, whose first attempt sent at once, without looking:
 * the person got the message twice. A new round after a round that may have sent reads the conversation first, back to
 * that round's start, and adopts the message it finds there.
 */
describe('a new round of a dead message whose earlier round may have sent', () => {
  it.each([
    ["the owner's Retry", 'retry'],
    ['the same key sent again after its replay window', 'resend'],
  ] as const)('adopts the message already in the conversation instead of sending it again (%s)', async (_how, how) => {
    const { site, deps, sent, send, drainHourly, deadAfterALostAnswer } = lookAlikeSite();
    await deadAfterALostAnswer('order-7');
    expect(site.data.inspectCollection('InboxOutbox').find((r) => r._id === 'order-7')).toMatchObject({ status: 'dead' });
    expect(sent()).toBe(1);

    if (how === 'retry') {
      const answer = await site.as(callers.admin(), () => retryDeadMessage(deps, 'order-7'));
      expect(answer).toMatchObject({ status: 'sent' });
    } else {
      site.clock.advance(25 * HOUR);
      expect((await send('order-7')).status).toBe('sent');
    }
    await drainHourly(2);
    expect(sent()).toBe(1);
  });
});
