import { beforeEach, expect, it } from '@jest/globals';
import { drainOutbox } from 'backend/inbox/drain';
import { welcomeBackAsCaller } from 'backend/inbox/welcome-back';
import type { Site } from 'wix-emulator';
import { callers } from '../support/emulator';
import { seedMember } from '../support/people';
import { siteDependencies, startSiteWithCode } from '../support/site-with-code';

// "no 24 hours ever hold two greetings" (README, Frequency caps). A once-per-24h link is stamped when it is claimed
// (frequency-cap.ts holdsCap / welcome-back.ts capLink: `at = clock.now()` before the first attempt), and the next link
// is allowed 24 h after that stamp (nextSeq). A greeting answered `queued` (Wix failing during the login) goes out when
// the hourly job gets it through, hours later; the next day's login is judged from the claim, not from the send, so
// the member gets two greetings well within 24 hours (here 20 h apart; with the job retrying for longer, closer still).
let site: Site;
beforeEach(() => {
  site = startSiteWithCode();
  site.clock.set(new Date('2030-03-01T08:00:00Z'));
});
const HOUR = 60 * 60 * 1000;

it('a greeting queued at 08:00 and delivered by the job at 12:00 holds the next login until 12:00 the next day', async () => {
  const ann = seedMember(site, { email: 'ann@example.com', firstName: 'Ann' });
  const deps = siteDependencies(site);
  const login = () => site.as(callers.member(ann.memberId), () => welcomeBackAsCaller(deps));

  // Inbox is down at the login and for the morning: the greeting is queued, and the job gets it out at ~12:00.
  site.faults.inject('inbox.getOrCreateConversation', { status: 503, times: 1_000 });
  await expect(login()).resolves.toMatchObject({ status: 'queued' });
  for (let run = 0; run < 3; run += 1) {
    site.clock.advance(HOUR);
    await site.as(callers.job(), () => drainOutbox(deps));
  }
  site.faults.clear();
  site.clock.advance(HOUR);
  await site.as(callers.job(), () => drainOutbox(deps));
  expect(site.journal.count('inbox.sendMessage', 'ok')).toBe(1);

  // Next morning, 08:01: the greeting went out 20 h ago.
  site.clock.set(new Date('2030-03-02T08:01:00Z'));
  await expect(login()).resolves.toMatchObject({ status: 'skipped' });
  expect(site.journal.count('inbox.sendMessage', 'ok')).toBe(1);
});
