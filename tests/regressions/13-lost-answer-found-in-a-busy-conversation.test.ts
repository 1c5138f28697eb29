import { beforeEach, expect, it } from '@jest/globals';
import { drainOutbox } from 'backend/inbox/drain';
import { sendToParticipant } from 'backend/inbox/send';
import type { Site } from 'wix-emulator';
import { callers } from '../support/emulator';
import { seedContact } from '../support/people';
import { siteDependencies, startSiteWithCode } from '../support/site-with-code';

let site: Site;
beforeEach(() => { site = startSiteWithCode(); });
const TEXT = 'Your table for two is booked';

it('a message whose answer was lost is found, not sent again, when its conversation got 120 messages before the next attempt', async () => {
  const contactId = seedContact(site, { email: 'noa@example.com' });
  const deps = siteDependencies(site);
  // The message reaches Noa but its answer is lost, and Inbox stays down for the rest of the call.
  site.faults.inject('inbox.sendMessage', { responseLost: true, times: 1 });
  site.faults.interleave('inbox.sendMessage', () => { site.faults.inject('inbox.getOrCreateConversation', { status: 503, times: 1_000 }); });
  await expect(site.as(callers.eventHandler(), () => sendToParticipant(deps, { contactId }, TEXT, { idempotencyKey: 'booking-9' }))).resolves.toMatchObject({ status: 'queued' });
  site.faults.clear();

  // Noa chats on: far more messages than one page of the conversation.
  for (let n = 0; n < 120; n += 1) {
    site.clock.advance(1_000);
    site.inbox.participantSendsMessage({ contactId }, `message ${n}`);
  }
  site.clock.advance(60 * 60 * 1000);
  const report = await site.as(callers.job(), () => drainOutbox(deps));

  expect(report.byStatus.sent).toBe(1);
  const conversation = site.inbox.conversationOf({ contactId })?.conversation._id ?? '';
  expect(site.inbox.messagesOf(conversation).filter((m) => m.message.content?.basic?.items?.[0]?.text === TEXT)).toHaveLength(1);
});
