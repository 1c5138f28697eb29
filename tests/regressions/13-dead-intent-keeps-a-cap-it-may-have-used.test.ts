import { beforeEach, expect, it } from '@jest/globals';
import type { Site } from 'wix-emulator';
import { greetByMemberId, greetingDeadAfterALostAnswer } from '../support/greeting-sweep';
import { seedMember } from '../support/people';
import { startSiteWithCode } from '../support/site-with-code';

let site: Site;
beforeEach(() => { site = startSiteWithCode(); });

it('an intent that dies after a send whose answer was lost keeps its once-per-24h claim: the member is greeted once', async () => {
  const ann = seedMember(site, { email: 'ann@example.com' });
  const greet = (key: string) => greetByMemberId(site, ann.memberId, key);

  // The greeting reaches Ann but its answer is lost; from then on Inbox cannot list the conversation, so no attempt
  // can tell whether it arrived, and the intent dies of exhausted attempts.
  await greetingDeadAfterALostAnswer(site, ann.memberId, 'welcome-back:morning');
  expect(site.data.inspectCollection('InboxOutbox')).toEqual([expect.objectContaining({ status: 'dead' })]);

  // The same day, another login: the cap still holds.
  await expect(greet('welcome-back:evening')).resolves.toMatchObject({ status: 'skipped', reason: 'frequency-cap' });
  expect(site.inbox.conversationOf({ memberId: ann.memberId })?.messageCount).toBe(1);
});
