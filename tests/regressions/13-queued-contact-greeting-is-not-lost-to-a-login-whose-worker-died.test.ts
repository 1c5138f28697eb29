import { expect, it } from '@jest/globals';
import { drainOutbox } from 'backend/inbox/drain';
import { welcomeBackAsCaller } from 'backend/inbox/welcome-back';
import { controlsFor } from 'wix-emulator';
import { callers } from '../support/emulator';
import { seedContact } from '../support/people';
import { greetingQueuedForContact, greetingsIn } from '../support/greeting-sweep';
import { siteDependencies, startSiteWithCode } from '../support/site-with-code';

/**
 * Fifth review (pastAVoidLink / linkFate), the "worker died" case. A greeting to a contact is `queued` holding the
 * contact's link of the day. The contact signs up and logs in; the login's worker stops for good (its container is
 * recycled) just as it was about to record that the contact's link refuses it — before any sendMessage. The job's
 * next run attempts the queued greeting first: the login's link has no records (its attempt 1 is the intent row, not
 * yet fenced), which linkFate reads as `holds`: `skipped`. Had the fence come first, the fenced attempt would read as
 * "may have sent" and `holds` too: the login's next attempt ends `skipped` by the cap before any reconciliation could
 * read the conversation, so nothing ever tells that the fenced attempt sent nothing. Nothing was ever sent: nobody is
 * greeted that day, and the `queued` promise is broken.
 */

const HOUR = 60 * 60 * 1000;
const GREETING = { template: 'welcome-back', vars: { name: 'Uma' } } as const;


it('a queued contact greeting is delivered although the login greeting\'s worker died before sending anything', async () => {
  const site = startSiteWithCode();
  site.clock.set(new Date('2030-07-01T09:00:00Z'));
  const contactId = seedContact(site, { email: 'uma@example.com', first: 'Uma' });
  const deps = siteDependencies(site);

  await greetingQueuedForContact(site, 'uma@example.com', GREETING);

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

  for (let run = 0; run < 4; run += 1) {
    site.clock.advance(HOUR);
    await site.as(callers.job(), () => drainOutbox(deps));
  }
  expect(site.journal.count('inbox.sendMessage')).toBe(site.journal.count('inbox.sendMessage', 'ok'));
  expect(greetingsIn(site, { contactId })).toHaveLength(0);
  expect(greetingsIn(site, { memberId })).toHaveLength(1);
});
