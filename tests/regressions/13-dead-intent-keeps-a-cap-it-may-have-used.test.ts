import { beforeEach, expect, it } from '@jest/globals';
import { drainOutbox } from 'backend/inbox/drain';
import { sendToParticipant } from 'backend/inbox/send';
import type { Site } from 'wix-emulator';
import { callers } from '../support/emulator';
import { seedMember } from '../support/people';
import { siteDependencies, startSiteWithCode } from '../support/site-with-code';

let site: Site;
beforeEach(() => { site = startSiteWithCode(); });
const HOUR = 60 * 60 * 1000;

it('an intent that dies after a send whose answer was lost keeps its once-per-24h claim: the member is greeted once', async () => {
  const ann = seedMember(site, { email: 'ann@example.com' });
  const deps = siteDependencies(site);
  const greet = (key: string) =>
    site.as(callers.eventHandler(), () => sendToParticipant(deps, { memberId: ann.memberId }, { template: 'welcome-back', vars: { name: 'Ann' } }, { idempotencyKey: key }));

  // The greeting reaches Ann but its answer is lost; from then on Inbox cannot list the conversation, so no attempt
  // can tell whether it arrived, and the intent dies of exhausted attempts.
  site.faults.inject('inbox.sendMessage', { responseLost: true, times: 1 });
  site.faults.inject('inbox.listMessages', { status: 503, times: 1_000 });
  await expect(greet('welcome-back:morning')).resolves.toMatchObject({ status: 'queued' });
  for (let run = 0; run < 13; run += 1) {
    site.clock.advance(HOUR);
    await site.as(callers.job(), () => drainOutbox(deps));
  }
  expect(site.data.inspectCollection('InboxOutbox')).toEqual([expect.objectContaining({ status: 'dead' })]);
  site.faults.clear();

  // The same day, another login: the cap still holds.
  await expect(greet('welcome-back:evening')).resolves.toMatchObject({ status: 'skipped', reason: 'frequency-cap' });
  expect(site.inbox.conversationOf({ memberId: ann.memberId })?.messageCount).toBe(1);
});
