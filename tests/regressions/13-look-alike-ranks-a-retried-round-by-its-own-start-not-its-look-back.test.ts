import { expect, it } from '@jest/globals';
import { retryDeadMessage } from 'backend/inbox/retry-dead';
import { callers } from '../support/emulator';
import { lookAlikeSite } from '../support/look-alikes';

const MINUTE = 60 * 1000;

/**
 * Ninth review (AttemptClaim.lookBack, seen by a look-alike). Note 0030: a new round after a dead round that may have
 * sent "reconciles back to then and adopts the message it finds" (its look-back reaches the dead round's start). But a
 * look-alike reconciling beside that round ranks it as a claimant by its round's OWN start (reconcile.ts: `claimants.push
 * ({ ..., startedAt: state.startedAt })`, the look-back ignored), so the two disagree on which messages the retried round
 * may take: the look-alike gives it a message newer than the retried round's start, and sends its own anew; the retried
 * round then adopts its dead round's older message. One message is nobody's: a second copy of the look-alike's key.
 *
 * Here: order-7's message goes out with its answer lost and its round dies (Inbox could not list the conversation).
 * The owner presses Retry; that call's worker stalls before reading the conversation (its web call timed out). Order-8,
 * the same words to the same person, goes out with its answer lost too; its caller calls again twelve minutes later
 * (past the stalled worker's bound): order-8 reconciles, ranks order-7 (round 1, started at the Retry) first, gives it
 * order-8's message and sends a second one. The job then takes order-7, whose look-back reaches its own message.
 * Three messages for two keys.
 */
it("a look-alike reconciling beside a retried round leaves it its dead round's message", async () => {
  const { site, deps, sent, send, lostSend, drainHourly } = lookAlikeSite();
  site.faults.inject('inbox.listMessages', { status: 503, times: 1_000 });
  expect((await lostSend('order-7')).status).toBe('queued');
  site.faults.inject('inbox.listMessages', { status: 503, times: 1_000 });
  await drainHourly(13);
  site.faults.clear();
  expect(site.data.inspectCollection('InboxOutbox').find((r) => r._id === 'order-7')).toMatchObject({ status: 'dead' });
  expect(sent()).toBe(1);

  // The owner's Retry: its worker claims round 1 and stalls for good at its conversation lookup.
  site.faults.interleave('inbox.getOrCreateConversation', () => new Promise(() => undefined));
  void site.as(callers.admin(), () => retryDeadMessage(deps, 'order-7')).catch(() => undefined);
  await new Promise((resolve) => setTimeout(resolve, 50));

  site.clock.advance(MINUTE);
  expect((await lostSend('order-8')).status).toBe('queued');
  expect(sent()).toBe(2);

  // Order-8's caller calls again, past the stalled worker's bound (staleWorkerMs after its claim, and the skew).
  site.clock.advance(12 * MINUTE);
  await send('order-8');
  await drainHourly(2);
  // Two keys, two messages. On the current code: three (order-8's lost one is orphaned, and sent again).
  expect(sent()).toBe(2);
});
