import { expect, it } from '@jest/globals';
import { drainOutbox } from 'backend/inbox/drain';
import { welcomeBackAsCaller } from 'backend/inbox/welcome-back';
import { controlsFor } from 'wix-emulator';
import { callers } from '../support/emulator';
import { seedContact } from '../support/people';
import { greetingQueuedForContact, greetingsIn } from '../support/greeting-sweep';
import { siteDependencies, startSiteWithCode } from '../support/site-with-code';

/**
 * Fifth review (the void-link rule, frequency-cap.ts pastAVoidLink / linkFate). The backend greets a contact; Inbox
 * fails for the whole call, so the greeting is answered `queued` holding the contact's link of the day. The contact
 * signs up and logs in: `welcomeBack()` inserts its link of the member's chain beside its intent (decision 0026), but
 * the intent insert fails (a wix-data 503) and the login is answered INBOX_UNAVAILABLE — no promise. The link stays.
 * The job then attempts the queued greeting, which now resolves to the member: the member's newest link is the
 * login's, less than a day old, and has no records at all (its intent was never stored), which linkFate reads as
 * `holds`: the queued greeting ends `skipped`. That link's greeting can never go out either (a later login resumes it
 * under the same key, and the contact's link of the day, another greeting's, refuses it). Nobody is greeted that day,
 * though the backend's greeting was promised `queued` — what the greeting story judges as lost.
 */

const HOUR = 60 * 60 * 1000;
const GREETING = { template: 'welcome-back', vars: { name: 'Nia' } } as const;


it('a queued contact greeting is delivered to the member although a login inserted its link and failed to store its intent', async () => {
  const site = startSiteWithCode();
  site.clock.set(new Date('2030-07-01T09:00:00Z'));
  const contactId = seedContact(site, { email: 'nia@example.com', first: 'Nia' });
  const deps = siteDependencies(site);

  await greetingQueuedForContact(site, 'nia@example.com', GREETING);

  site.clock.advance(HOUR / 2);
  const memberId = controlsFor(site).seed.memberSilently({ email: 'nia@example.com', firstName: 'Nia' })._id;
  // The login's outbox insert fails (503, nothing written); its link insert, beside it, lands.
  site.faults.interleave(
    'data.insert',
    async (args) => {
      if (args[0] !== 'InboxOutbox') return;
      // After the calls beside it have taken their faults: this one fails the outbox insert alone.
      await new Promise((resolve) => setImmediate(resolve));
      site.faults.inject('data.insert', { status: 503, times: 1 });
    },
    50,
  );
  const login = await site.as(callers.member(memberId), () => welcomeBackAsCaller(deps)).catch((error: unknown) => error);
  expect(login).toMatchObject({ code: 'INBOX_UNAVAILABLE' });
  site.faults.clear();
  expect(site.journal.count('inbox.sendMessage', 'ok')).toBe(0);

  // The job delivers the queued greeting to the member the contact became; a later login that day sends nothing more.
  for (let run = 0; run < 3; run += 1) {
    site.clock.advance(HOUR);
    await site.as(callers.job(), () => drainOutbox(deps));
  }
  await site.as(callers.member(memberId), () => welcomeBackAsCaller(deps)).catch(() => undefined);
  await site.as(callers.job(), () => drainOutbox(deps));
  expect(greetingsIn(site, { contactId })).toHaveLength(0);
  expect(greetingsIn(site, { memberId })).toHaveLength(1);
});

/**
 * The same with nothing failing at the login: the hourly job attempts the queued greeting while the login's first
 * attempt is under way (its intent row is attempt 1 of round 0, so its link has no records until that attempt's
 * result). linkFate reads `holds`, the queued greeting ends `skipped`; a moment later the login's attempt meets the
 * contact's link and ends `skipped` too. Nobody is greeted, though the first greeting was promised `queued`.
 */
it('a queued contact greeting attempted by the job while the login greeting\'s first attempt is under way is still delivered', async () => {
  const site = startSiteWithCode();
  site.clock.set(new Date('2030-07-01T09:00:00Z'));
  const contactId = seedContact(site, { email: 'ola@example.com', first: 'Ola' });
  const deps = siteDependencies(site);

  await greetingQueuedForContact(site, 'ola@example.com', GREETING);

  site.clock.advance(HOUR);
  const memberId = controlsFor(site).seed.memberSilently({ email: 'ola@example.com', firstName: 'Ola' })._id;
  // Just before the login's attempt records its result, the hourly job runs.
  let ran = false;
  site.faults.interleave(
    'data.insert',
    async (args) => {
      const id = String((args[1] as { _id?: string } | undefined)?._id ?? '');
      if (ran || args[0] !== 'InboxDeliveries' || !id.startsWith('result:welcome-back:')) return;
      ran = true;
      await site.as(callers.job(), () => drainOutbox(deps));
    },
    100,
  );
  const login = await site.as(callers.member(memberId), () => welcomeBackAsCaller(deps));
  expect(ran).toBe(true);
  site.faults.clear();
  expect(['sent', 'queued', 'skipped']).toContain(login.status);

  for (let run = 0; run < 3; run += 1) {
    site.clock.advance(HOUR);
    await site.as(callers.job(), () => drainOutbox(deps));
  }
  expect(greetingsIn(site, { contactId })).toHaveLength(0);
  expect(greetingsIn(site, { memberId })).toHaveLength(1);
});
