import { expect, it } from '@jest/globals';
import { drainOutbox } from 'backend/inbox/drain';
import { sendToParticipant } from 'backend/inbox/send';
import { inboxDependencies } from 'backend/wix/composition';
import { callers } from '../support/emulator';
import { seedContact } from '../support/people';
import { startSiteWithCode } from '../support/site-with-code';

it('the job pages through more due intents than one wix-data query may return (1,000)', async () => {
  const site = startSiteWithCode();
  const contactId = seedContact(site, { email: 'ida@example.com' });
  // One attempt per call: Inbox is down, so every send is queued at once.
  const deps = inboxDependencies({ clock: { now: () => site.clock.now(), sleep: (ms) => site.clock.sleep(ms) }, random: () => 0.5, settings: { callBudgetMs: 0 } });
  site.faults.inject('inbox.getOrCreateConversation', { status: 503, times: 1e9 });
  for (let i = 0; i < 1_100; i += 1) {
    await site.as(callers.eventHandler(), () => sendToParticipant(deps, { contactId }, `Order ${i} shipped`, { idempotencyKey: `o-${i}` }));
  }
  site.faults.clear();
  site.clock.advance(60 * 60 * 1000);

  const report = await site.as(callers.job(), () => drainOutbox(deps, { maxIntents: 2_000, budgetMs: 60 * 60 * 1000 }));

  expect(report).toMatchObject({ taken: 1_100, failed: 0, byStatus: { sent: 1_100 } });
  expect(site.journal.count('inbox.sendMessage', 'ok')).toBe(1_100);
}, 60_000);
