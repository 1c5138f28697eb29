import { expect, it } from '@jest/globals';
import { drainOutbox } from 'backend/inbox/drain';
import { sendToParticipant } from 'backend/inbox/send';
import { welcomeBackAsCaller } from 'backend/inbox/welcome-back';
import { controlsFor, type Site } from 'wix-emulator';
import { callers } from '../support/emulator';
import { seedContact } from '../support/people';
import { siteDependencies, startSiteWithCode } from '../support/site-with-code';

/**
 * Seventh review (liveness of frequency-cap.ts linkFate). The case of
 * `13-queued-contact-greeting-is-not-lost-to-a-login-whose-worker-died`, with one Wix failure more.
 *
 * A greeting to a contact is `queued` holding the contact's link of the day. The contact signs up and logs in; the
 * login's worker dies before recording anything (it never called sendMessage). Job run 1: the queued greeting is
 * attempted first and waits (the login's link has no records and its row exists: undecided) — as designed. Then the
 * login's intent: its attempt 1 is fenced, and its reconciliation's read of the conversation fails once (a 503: the
 * attempt fails retryably, nothing sent). Job run 2, Wix healthy from here on: the queued greeting is attempted
 * first again, and linkFate reads the login's round — still under way, a fenced attempt, nothing ended — as `holds`:
 * the queued greeting ends `skipped`, for good. Right after, the login's attempt reads the conversation, finds
 * nothing and ends `skipped` with `noneSent` (its link void). Nothing was ever sent: nobody is greeted, and the
 * `queued` promise is broken — only because the login's round had not finished reconciling when the greeting looked.
 * A round that is still under way is undecided whatever its attempts may have done: the cap holding back its
 * greeting means it always ends by reading the conversation (sent, or skipped noneSent).
 */

const HOUR = 60 * 60 * 1000;
const GREETING = { template: 'welcome-back', vars: { name: 'Uma' } } as const;

const greetingsIn = (site: Site, participant: { memberId: string } | { contactId: string }) => {
  const conversation = site.inbox.conversationOf(participant);
  return site.inbox.messagesOf(conversation?.conversation._id ?? '').filter((m) => m.message.content?.template?.title?.startsWith('Welcome back'));
};

it('a queued contact greeting is delivered although the login greeting\'s round was still reconciling when it looked', async () => {
  const site = startSiteWithCode();
  site.clock.set(new Date('2030-07-01T09:00:00Z'));
  const contactId = seedContact(site, { email: 'uma@example.com', first: 'Uma' });
  const deps = siteDependencies(site);

  site.faults.inject('inbox.getOrCreateConversation', { status: 503, times: 1000 });
  await expect(site.as(callers.eventHandler(), () => sendToParticipant(deps, { email: 'uma@example.com' }, GREETING))).resolves.toMatchObject({ status: 'queued' });
  site.faults.clear();

  site.clock.advance(HOUR);
  const memberId = controlsFor(site).seed.memberSilently({ email: 'uma@example.com', firstName: 'Uma' })._id;
  // The login's worker never gets past its result insert (it never called sendMessage).
  site.faults.interleave(
    'data.insert',
    async (args) => {
      const id = String((args[1] as { _id?: string } | undefined)?._id ?? '');
      if (args[0] === 'InboxDeliveries' && id.startsWith('result:welcome-back:')) await new Promise(() => undefined);
    },
    1000,
  );
  void site.as(callers.member(memberId), () => welcomeBackAsCaller(deps)).catch(() => undefined);
  for (let i = 0; i < 50; i += 1) await new Promise((resolve) => setImmediate(resolve));
  site.faults.clear();
  expect(site.journal.count('inbox.sendMessage')).toBe(0);

  // Run 1: the login's reconciliation (the only conversation read of this run) fails once.
  site.clock.advance(HOUR);
  site.faults.inject('inbox.listMessages', { status: 503, times: 1 });
  await site.as(callers.job(), () => drainOutbox(deps));
  site.faults.clear();
  expect(site.journal.count('inbox.sendMessage')).toBe(0);

  // Wix healthy from here on.
  for (let run = 0; run < 6; run += 1) {
    site.clock.advance(HOUR);
    await site.as(callers.job(), () => drainOutbox(deps));
  }
  expect(site.journal.count('inbox.sendMessage')).toBe(site.journal.count('inbox.sendMessage', 'ok'));
  expect(greetingsIn(site, { contactId })).toHaveLength(0);
  expect(greetingsIn(site, { memberId })).toHaveLength(1);
});
