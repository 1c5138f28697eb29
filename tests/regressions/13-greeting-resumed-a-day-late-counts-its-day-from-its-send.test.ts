import { expect, it } from '@jest/globals';
import { drainOutbox } from 'backend/inbox/drain';
import { welcomeBackAsCaller } from 'backend/inbox/welcome-back';
import type { Site } from 'wix-emulator';
import { callers } from '../support/emulator';
import { seedMember } from '../support/people';
import { siteDependencies, startSiteWithCode } from '../support/site-with-code';

/**
 * A login claims link n of the member's greeting chain beside the greeting's intent; the intent insert fails, so link n
 * waits for the next login on its key (welcome-back.ts `resumed`). When that login comes 23½ hours later, the greeting
 * went out then, under link n, and link n + 1 opened half an hour later: the next login greeted again, two greetings
 * 35 minutes apart (the greeting chaos story, seed 347). A resumed greeting now claims the next link for itself first.
 */

const HOUR = 60 * 60 * 1000;
const greetingsOf = (site: Site, memberId: string) => {
  const conversation = site.inbox.conversationOf({ memberId });
  return site.inbox.messagesOf(conversation?.conversation._id ?? '').filter((m) => m.message.content?.template?.title?.startsWith('Welcome back')).length;
};
const login = (site: Site, memberId: string) => site.as(callers.member(memberId), () => welcomeBackAsCaller(siteDependencies(site)));

/**
 * The next greeting intent insert fails with nothing written: beside a link (a login's first claim), once that link is
 * written; after it (a resume claims its link first), at once.
 */
function failTheNextIntent(site: Site, besideALink = true): void {
  let failed = false;
  site.faults.interleave(
    'data.insert',
    async (args) => {
      if (failed || args[0] !== 'InboxOutbox') return;
      failed = true;
      const links = site.journal.count('data.insert');
      while (besideALink && site.journal.count('data.insert') === links) await new Promise((resolve) => setImmediate(resolve));
      site.faults.inject('data.insert', { status: 503, times: 1 });
    },
    Number.POSITIVE_INFINITY,
  );
}

it('a greeting resumed the next morning holds the day from when it went out, not from its old link', async () => {
  const site = startSiteWithCode();
  site.clock.set(new Date('2030-05-01T09:00:00Z'));
  const { memberId } = seedMember(site, { email: 'lou@example.com', firstName: 'Lou' });
  failTheNextIntent(site);
  await expect(login(site, memberId)).rejects.toMatchObject({ code: 'INBOX_UNAVAILABLE' });
  site.faults.clear();

  site.clock.advance(23.5 * HOUR);
  await expect(login(site, memberId)).resolves.toEqual({ status: 'sent' });
  site.clock.advance(HOUR);
  await expect(login(site, memberId)).resolves.toEqual({ status: 'skipped' });
  await site.as(callers.job(), () => drainOutbox(siteDependencies(site)));
  expect(greetingsOf(site, memberId)).toBe(1);

  site.clock.advance(24 * HOUR);
  await expect(login(site, memberId)).resolves.toEqual({ status: 'sent' });
  expect(greetingsOf(site, memberId)).toBe(2);
});

it('a resume that claimed its next link but could not store the greeting is resumed by the next login the same day', async () => {
  const site = startSiteWithCode();
  site.clock.set(new Date('2030-05-01T09:00:00Z'));
  const { memberId } = seedMember(site, { email: 'max@example.com', firstName: 'Max' });
  failTheNextIntent(site);
  await expect(login(site, memberId)).rejects.toMatchObject({ code: 'INBOX_UNAVAILABLE' });
  site.faults.clear();

  site.clock.advance(2 * HOUR);
  // The resume claims link 2 under link 1's key, then its intent insert fails too.
  failTheNextIntent(site, false);
  await expect(login(site, memberId)).rejects.toMatchObject({ code: 'INBOX_UNAVAILABLE' });
  site.faults.clear();
  expect(greetingsOf(site, memberId)).toBe(0);

  site.clock.advance(2 * HOUR);
  await expect(login(site, memberId)).resolves.toEqual({ status: 'sent' });
  await expect(login(site, memberId)).resolves.toEqual({ status: 'skipped' });
  await site.as(callers.job(), () => drainOutbox(siteDependencies(site)));
  expect(greetingsOf(site, memberId)).toBe(1);
});
