import { beforeEach, expect, it } from '@jest/globals';
import { sendToParticipant } from 'backend/inbox/send';
import { drainOutbox } from 'backend/inbox/drain';
import type { Site } from 'wix-emulator';
import { callers } from '../support/emulator';
import { seedMember } from '../support/people';
import { siteDependencies, startSiteWithCode } from '../support/site-with-code';

let site: Site;
beforeEach(() => { site = startSiteWithCode(); });

it('a frequency-cap claim taken by an attempt that never got saved does not suppress the message forever', async () => {
  const ann = seedMember(site, { email: 'ann@example.com' });
  const deps = siteDependencies(site);
  // The attempts claim `cap:welcome:member:<id>`, then Wix fails for the whole call and no outbox write succeeds
  // (same effect as the container being stopped at 14 s while getOrCreateConversation hangs).
  site.faults.inject('inbox.getOrCreateConversation', { status: 503, times: 1_000 });
  site.faults.inject('data.update', { code: 'WD_UNKNOWN_ERROR', times: 1_000 });
  await expect(site.as(callers.eventHandler(), () =>
    sendToParticipant(deps, { memberId: ann.memberId }, { template: 'welcome', vars: { name: 'Ann' } }, { idempotencyKey: 'member-created:e1' }),
  )).resolves.toMatchObject({ status: 'queued' });
  site.faults.clear();
  site.clock.advance(2 * 60 * 1000);                       // lease over: the job takes the intent
  const report = await site.as(callers.job(), () => drainOutbox(deps));
  expect(report.byStatus).toEqual({ pending: 0, retrying: 0, sent: 1, skipped: 0, dead: 0 });
  expect(site.journal.count('inbox.sendMessage', 'ok')).toBe(1);
});
