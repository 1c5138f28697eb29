import { expect, it } from '@jest/globals';
import { drainOutbox } from 'backend/inbox/drain';
import { sendToParticipant } from 'backend/inbox/send';
import { welcomeBackAsCaller } from 'backend/inbox/welcome-back';
import { controlsFor } from 'wix-emulator';
import { callers } from '../support/emulator';
import { seedContact } from '../support/people';
import { greetingQueuedForContact, greetingsIn } from '../support/greeting-sweep';
import { siteDependencies, startSiteWithCode } from '../support/site-with-code';

/**
 * Found by the greeting story (npx tsx scripts/chaos.ts --seed 5940, --seed 6788). The backend greets a contact by
 * email; the send claims the day's link of the contact's chain, but Inbox fails for the whole call: `queued`. The
 * contact signs up and logs in. `welcomeBack()` inserts its link of the member's chain beside its intent (decision
 * 0026), and its attempt then finds the contact's link of the day, another greeting's: `skipped`, nothing sent. Its
 * link stays (0029: it was in before the contact's chain answered). The job then attempts the queued greeting, which
 * now resolves to the member: the member's chain's newest link is the login's, less than a day old, so it was
 * `skipped` too. Each greeting held back the other, and nobody was greeted that day, though the first was promised
 * (`queued`) and the login's link belongs to a greeting that ended without sending anything.
 */

const HOUR = 60 * 60 * 1000;
const GREETING = { template: 'welcome-back', vars: { name: 'Nia' } } as const;


it('a greeting queued for a contact, who signs up and logs in before the job runs, is delivered once to the member', async () => {
  const site = startSiteWithCode();
  site.clock.set(new Date('2030-07-01T09:00:00Z'));
  const contactId = seedContact(site, { email: 'nia@example.com', first: 'Nia' });
  const deps = siteDependencies(site);

  // The backend's greeting claims the contact's link of the day, then Inbox fails for the whole call.
  await greetingQueuedForContact(site, 'nia@example.com', GREETING);

  // The contact signs up and logs in half an hour later: the login's greeting is held back by the contact's link.
  site.clock.advance(HOUR / 2);
  const memberId = controlsFor(site).seed.memberSilently({ email: 'nia@example.com', firstName: 'Nia' })._id;
  await expect(site.as(callers.member(memberId), () => welcomeBackAsCaller(deps))).resolves.toEqual({ status: 'skipped' });
  expect(site.journal.count('inbox.sendMessage', 'ok')).toBe(0);

  // The job delivers the queued greeting, to the member the contact became: the person is greeted once that day.
  site.clock.advance(HOUR);
  await site.as(callers.job(), () => drainOutbox(deps));
  expect(greetingsIn(site, { memberId })).toHaveLength(1);
  expect(greetingsIn(site, { contactId })).toHaveLength(0);
  expect(site.inbox.detachedConversations()).toHaveLength(0);

  // And that greeting holds the day: another login, and the same template by member ID, an hour later are skipped.
  site.clock.advance(HOUR);
  await expect(site.as(callers.member(memberId), () => welcomeBackAsCaller(deps))).resolves.toEqual({ status: 'skipped' });
  await expect(site.as(callers.eventHandler(), () => sendToParticipant(deps, { memberId }, GREETING))).resolves.toMatchObject({ status: 'skipped' });
  await site.as(callers.job(), () => drainOutbox(deps));
  expect(site.journal.count('inbox.sendMessage', 'ok')).toBe(1);
});

it('a login greeting that may have gone out before the contact link refused it still holds the day: the queued greeting is not sent', async () => {
  const site = startSiteWithCode();
  site.clock.set(new Date('2030-07-01T09:00:00Z'));
  seedContact(site, { email: 'ona@example.com', first: 'Ona' });
  const deps = siteDependencies(site);
  let memberId = '';
  let login: unknown;
  // The backend's greeting resolves the contact; just before it claims the contact's link, the contact signs up and
  // logs in. The login's greeting finds the contact's chain free and sends, but the answer is lost; its retries fail.
  site.faults.interleave(
    'data.insert',
    async (args) => {
      const id = (args[1] as { _id?: string } | undefined)?._id ?? '';
      if (memberId !== '' || !id.startsWith('cap:welcome-back:contact:')) return;
      memberId = controlsFor(site).seed.memberSilently({ email: 'ona@example.com', firstName: 'Ona' })._id;
      site.faults.inject('inbox.sendMessage', { responseLost: true, times: 1 });
      site.faults.interleave('inbox.sendMessage', () => void site.faults.inject('inbox.getOrCreateConversation', { status: 503, times: 1000 }));
      login = await site.as(callers.member(memberId), () => welcomeBackAsCaller(deps));
    },
    20,
  );
  const backend = await site.as(callers.eventHandler(), () => sendToParticipant(deps, { email: 'ona@example.com' }, GREETING)).catch((error: unknown) => error);
  expect(login).toEqual({ status: 'queued' });
  expect(backend).not.toMatchObject({ status: 'sent' });
  site.faults.clear();

  // The job: the login's greeting is now refused by the contact's link (it may have been delivered: it keeps its link),
  // and the backend's greeting, following the person to the member, finds that link, whose round may have sent.
  for (let run = 0; run < 3; run += 1) {
    site.clock.advance(HOUR);
    await site.as(callers.job(), () => drainOutbox(deps));
  }
  expect(greetingsIn(site, { memberId })).toHaveLength(1);
});

it('both queued and attempted by the same job run: the contact link greeting waits for the login greeting to end, then greets once', async () => {
  const site = startSiteWithCode();
  site.clock.set(new Date('2030-07-01T09:00:00Z'));
  seedContact(site, { email: 'ivy@example.com', first: 'Ivy' });
  const deps = siteDependencies(site);
  let memberId = '';
  let login: unknown;
  // As above, but Inbox fails for the login's whole call before anything is sent: both greetings are `queued`.
  site.faults.interleave(
    'data.insert',
    async (args) => {
      const id = (args[1] as { _id?: string } | undefined)?._id ?? '';
      if (memberId !== '' || !id.startsWith('cap:welcome-back:contact:')) return;
      memberId = controlsFor(site).seed.memberSilently({ email: 'ivy@example.com', firstName: 'Ivy' })._id;
      site.faults.inject('inbox.getOrCreateConversation', { status: 503, times: 1000 });
      login = await site.as(callers.member(memberId), () => welcomeBackAsCaller(deps));
    },
    20,
  );
  await expect(site.as(callers.eventHandler(), () => sendToParticipant(deps, { email: 'ivy@example.com' }, GREETING))).resolves.toMatchObject({ status: 'queued' });
  expect(login).toEqual({ status: 'queued' });
  site.faults.clear();

  // The job attempts both at once: the login's greeting meets the contact's link and ends skipped, having sent nothing;
  // the backend's, reading the login's link while that was still undecided, fails its attempt and greets on the next.
  for (let run = 0; run < 3; run += 1) {
    site.clock.advance(HOUR);
    await site.as(callers.job(), () => drainOutbox(deps));
  }
  expect(greetingsIn(site, { memberId })).toHaveLength(1);
  expect(site.inbox.detachedConversations()).toHaveLength(0);
});

it('the job attempting the queued greeting while the login greeting is still deciding (its link in, no record yet) waits, then greets once', async () => {
  const site = startSiteWithCode();
  site.clock.set(new Date('2030-07-01T09:00:00Z'));
  seedContact(site, { email: 'uma@example.com', first: 'Uma' });
  const deps = siteDependencies(site);

  await greetingQueuedForContact(site, 'uma@example.com', GREETING);

  // The contact signs up and logs in an hour later. Just as the login's greeting records that the contact's link held
  // it back (its first attempt, the intent row itself, has no record before that), the hourly job attempts the queued
  // greeting: the member's newest link is the login's, with no record to tell its fate yet.
  site.clock.advance(HOUR);
  const memberId = controlsFor(site).seed.memberSilently({ email: 'uma@example.com', firstName: 'Uma' })._id;
  let jobRan = false;
  site.faults.interleave(
    'data.insert',
    async (args) => {
      const record = args[1] as { kind?: string; status?: string; intentKey?: string } | undefined;
      if (jobRan || record?.kind !== 'result' || record.status !== 'skipped' || record.intentKey?.startsWith('auto:')) return;
      jobRan = true;
      await site.as(callers.job(), () => drainOutbox(deps));
    },
    100,
  );
  await expect(site.as(callers.member(memberId), () => welcomeBackAsCaller(deps))).resolves.toEqual({ status: 'skipped' });
  expect(jobRan).toBe(true);
  site.faults.clear();

  for (let run = 0; run < 3; run += 1) {
    site.clock.advance(HOUR);
    await site.as(callers.job(), () => drainOutbox(deps));
  }
  expect(greetingsIn(site, { memberId })).toHaveLength(1);
});
