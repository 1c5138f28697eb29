import { expect, it } from '@jest/globals';
import { drainOutbox } from 'backend/inbox/drain';
import { welcomeBackAsCaller } from 'backend/inbox/welcome-back';
import type { Site } from 'wix-emulator';
import { callers } from '../support/emulator';
import { failTheNextGreetingIntent } from '../support/greeting-sweep';
import { seedMember } from '../support/people';
import { siteDependencies, startSiteWithCode } from '../support/site-with-code';

/**
 * A login claims the next link of the member's greeting chain beside the greeting's intent, under a key that names
 * the link and the greeting's words (decision 0026). When that intent insert fails, the link stays claimed for the
 * next login on its key. A member who renamed themselves meanwhile words the greeting differently, so no later login
 * ever builds that key: the day was lost, with every later login answered `skipped` as if greeted.
 */

const greetingsOf = (site: Site, memberId: string) => {
  const conversation = site.inbox.conversationOf({ memberId });
  return site.inbox.messagesOf(conversation?.conversation._id ?? '').flatMap((m) => m.message.content?.template?.title ?? []);
};

function renamedTo(site: Site, memberId: string, firstName: string): ReturnType<typeof siteDependencies> {
  const deps = siteDependencies(site);
  return { ...deps, identity: { ...deps.identity, sessionMember: async () => ({ memberId, firstName }) } };
}

it('a member who renames themselves after a login whose greeting could not be stored is greeted once, in the new name, on the next login', async () => {
  const site = startSiteWithCode();
  const { memberId } = seedMember(site, { email: 'ren@example.com', firstName: 'Ren' });
  failTheNextGreetingIntent(site, { besideALink: true });
  await expect(site.as(callers.member(memberId), () => welcomeBackAsCaller(siteDependencies(site)))).rejects.toMatchObject({ code: 'INBOX_UNAVAILABLE' });
  expect(site.data.inspectCollection('InboxOutbox')).toEqual([]);
  site.faults.clear();

  site.clock.advance(60 * 1000);
  await expect(site.as(callers.member(memberId), () => welcomeBackAsCaller(renamedTo(site, memberId, 'Renata')))).resolves.toEqual({ status: 'sent' });
  site.clock.advance(60 * 1000);
  // The old wording on another tab, and the new one again: the day is held by the greeting just sent.
  await expect(site.as(callers.member(memberId), () => welcomeBackAsCaller(siteDependencies(site)))).resolves.toEqual({ status: 'skipped' });
  await expect(site.as(callers.member(memberId), () => welcomeBackAsCaller(renamedTo(site, memberId, 'Renata')))).resolves.toEqual({ status: 'skipped' });
  await site.as(callers.job(), () => drainOutbox(siteDependencies(site)));
  expect(greetingsOf(site, memberId)).toEqual(['Welcome back, Renata']);
});

it('two tabs resuming one left link in two wordings at the same moment greet once', async () => {
  const site = startSiteWithCode();
  const { memberId } = seedMember(site, { email: 'tam@example.com', firstName: 'Tam' });
  failTheNextGreetingIntent(site, { besideALink: true });
  await expect(site.as(callers.member(memberId), () => welcomeBackAsCaller(siteDependencies(site)))).rejects.toMatchObject({ code: 'INBOX_UNAVAILABLE' });
  site.faults.clear();

  site.clock.advance(60 * 1000);
  const answers = await Promise.all([
    site.as(callers.member(memberId), () => welcomeBackAsCaller(siteDependencies(site))),
    site.as(callers.member(memberId), () => welcomeBackAsCaller(renamedTo(site, memberId, 'Tamsin'))),
  ]);
  expect(answers.map((a) => a.status).sort()).toEqual(['sent', 'skipped']);
  await site.as(callers.job(), () => drainOutbox(siteDependencies(site)));
  expect(greetingsOf(site, memberId)).toHaveLength(1);
});
