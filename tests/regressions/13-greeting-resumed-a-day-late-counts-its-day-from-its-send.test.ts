import { expect, it } from '@jest/globals';
import { drainOutbox } from 'backend/inbox/drain';
import { welcomeBackAsCaller } from 'backend/inbox/welcome-back';
import type { Site } from 'wix-emulator';
import { callers } from '../support/emulator';
import { failTheNextGreetingIntent, greetingsOf } from '../support/greeting-sweep';
import { seedMember } from '../support/people';
import { siteDependencies, startSiteWithCode } from '../support/site-with-code';

/**
 * A login claims link n of the member's greeting chain beside the greeting's intent; the intent insert fails, so link n
 * waits for the next login on its key (welcome-back.ts `resumed`). When that login comes 23½ hours later, the greeting
 * went out then, under link n, and link n + 1 opened half an hour later: the next login greeted again, two greetings
 * 35 minutes apart (the greeting chaos story, seed 347). A resumed greeting now claims the next link for itself first.
 */

const HOUR = 60 * 60 * 1000;
const login = (site: Site, memberId: string) => site.as(callers.member(memberId), () => welcomeBackAsCaller(siteDependencies(site)));

it('a greeting resumed the next morning holds the day from when it went out, not from its old link', async () => {
  const site = startSiteWithCode();
  site.clock.set(new Date('2030-05-01T09:00:00Z'));
  const { memberId } = seedMember(site, { email: 'lou@example.com', firstName: 'Lou' });
  failTheNextGreetingIntent(site, { besideALink: true });
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
  failTheNextGreetingIntent(site, { besideALink: true });
  await expect(login(site, memberId)).rejects.toMatchObject({ code: 'INBOX_UNAVAILABLE' });
  site.faults.clear();

  site.clock.advance(2 * HOUR);
  // The resume claims link 2 under link 1's key, then its intent insert fails too.
  failTheNextGreetingIntent(site, { besideALink: false });
  await expect(login(site, memberId)).rejects.toMatchObject({ code: 'INBOX_UNAVAILABLE' });
  site.faults.clear();
  expect(greetingsOf(site, memberId)).toBe(0);

  site.clock.advance(2 * HOUR);
  await expect(login(site, memberId)).resolves.toEqual({ status: 'sent' });
  await expect(login(site, memberId)).resolves.toEqual({ status: 'skipped' });
  await site.as(callers.job(), () => drainOutbox(siteDependencies(site)));
  expect(greetingsOf(site, memberId)).toBe(1);
});
