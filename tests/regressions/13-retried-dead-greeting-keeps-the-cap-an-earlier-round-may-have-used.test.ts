import { beforeEach, expect, it } from '@jest/globals';
import { retryDeadMessage } from 'backend/inbox/retry-dead';
import type { Site } from 'wix-emulator';
import { callers } from '../support/emulator';
import { greetByMemberId, greetingDeadAfterALostAnswer } from '../support/greeting-sweep';
import { seedMember } from '../support/people';
import { siteDependencies, startSiteWithCode } from '../support/site-with-code';

// "A dead intent gives it back only when none of its attempts may have reached Wix" (README, Frequency caps).
// delivery.ts decides that from the dying round only (`!maySent && !held.mustReconcile`): a round started by the owner's
// Retry (retry-dead.ts → newRound) begins with mustReconcile false. When round 0 died after a greeting whose answer
// was lost (so it kept the link, 13-dead-intent-keeps-a-cap-it-may-have-used) and the retried round 1 is refused
// outright by Wix before anything is written, round 1 gives the link back: releaseCap releases the newest link because it
// names the intent's key, though round 0's greeting may have reached — here did reach — the member. The next login the
// same day greets again.
//
// Fixed two ways: a round claims the cap for itself (frequency-cap.ts claimedBy: a claim names its round), so the
// retried round 1 finds round 0's link in the way and is held back by the cap before it calls Wix at all (the first
// test: the retry now answers `skipped`, where it died on the refused send before); and a round that dies having sent
// nothing gives back only its own claim (releaseCap), never an earlier round's (the second test: round 1 dies before
// it could claim, on a refused read of the cap).
let site: Site;
beforeEach(() => {
  site = startSiteWithCode();
  site.clock.set(new Date('2030-03-01T08:00:00Z'));
});

async function roundZeroDiesKeepingTheCap(memberId: string): Promise<void> {
  await greetingDeadAfterALostAnswer(site, memberId, 'welcome-back:morning');
  expect(site.data.inspectCollection('InboxOutbox')).toEqual([expect.objectContaining({ status: 'dead' })]);
  expect(site.inbox.conversationOf({ memberId })?.messageCount).toBe(1);
}

it("a retried dead greeting that fails with nothing sent keeps the link an earlier round's lost answer may have used", async () => {
  const ann = seedMember(site, { email: 'ann@example.com', firstName: 'Ann' });
  const deps = siteDependencies(site);
  const greet = (key: string) => greetByMemberId(site, ann.memberId, key);

  // Round 0: the greeting reaches Ann, its answer is lost, and no attempt can read the conversation: it dies, keeping the cap.
  await roundZeroDiesKeepingTheCap(ann.memberId);

  // The owner presses Retry; Wix would refuse that send outright (a 4xx: nothing written). Round 1 is a new send: round
  // 0's link, which may hold a greeting that reached Ann, holds it back before it gets that far — and since round 0 may
  // have sent, round 1 first reads the conversation back to round 0's start (0030): it finds the greeting that reached
  // Ann and records it, sending nothing (before that, the Retry answered `skipped`).
  site.faults.inject('inbox.sendMessage', { status: 400, times: 1 });
  await expect(site.as(callers.admin(), () => retryDeadMessage(deps, 'welcome-back:morning'))).resolves.toMatchObject({ retried: true, status: 'sent' });
  expect(site.journal.count('inbox.sendMessage')).toBe(1);
  site.faults.clear();

  // The same day (13 h after the greeting that reached Ann), another login: the cap must still hold.
  await expect(greet('welcome-back:evening')).resolves.toMatchObject({ status: 'skipped', reason: 'frequency-cap' });
  expect(site.inbox.conversationOf({ memberId: ann.memberId })?.messageCount).toBe(1);
});

it("a retried dead greeting that dies before it could claim the cap never gives back an earlier round's link", async () => {
  const ann = seedMember(site, { email: 'ann@example.com', firstName: 'Ann' });
  const deps = siteDependencies(site);
  const greet = (key: string) => greetByMemberId(site, ann.memberId, key);

  // Round 0 as above: the greeting reaches Ann, its answer is lost, it dies keeping the cap.
  await roundZeroDiesKeepingTheCap(ann.memberId);

  // The owner presses Retry; round 1's read of the cap is refused outright (a 4xx): it dies with nothing sent, and then
  // gives back what it claimed — nothing. Round 0's link names the same key and stays.
  let refused = false;
  site.faults.interleave(
    'data.query',
    (args) => {
      // The read of the greeting chain (the retry reads the round's records first).
      if (refused || (args[0] as { collection?: string }).collection !== 'InboxDeliveries' || !JSON.stringify(args[0]).includes('"chain"')) return;
      refused = true;
      site.faults.inject('data.query', { status: 400, times: 1 });
    },
    Number.POSITIVE_INFINITY,
  );
  await expect(site.as(callers.admin(), () => retryDeadMessage(deps, 'welcome-back:morning'))).resolves.toMatchObject({ retried: true, status: 'dead' });
  site.faults.clear();
  expect(refused).toBe(true);

  await expect(greet('welcome-back:evening')).resolves.toMatchObject({ status: 'skipped', reason: 'frequency-cap' });
  expect(site.inbox.conversationOf({ memberId: ann.memberId })?.messageCount).toBe(1);
});
