import { beforeEach, expect, it } from '@jest/globals';
import { drainInboxOutbox } from 'backend/inbox-jobs';
import { sendToParticipant } from 'backend/inbox.web';
import type { Site } from 'wix-emulator';
import { callers } from '../support/emulator';
import { seedContact } from '../support/people';
import { startSiteWithCode } from '../support/site-with-code';

// The double-submit slot's `_id` (`submit:<visitor>:<digest>:<seq>`) keyed the acknowledgement. Housekeeping removes a
// slot row a day after its window and numbering starts again, so the next day's submit got the same key. When the
// first acknowledgement had been delivered late (Inbox down for two hours), its result was still inside the 24 h
// replay window: the visitor was told `sent` and nothing was sent. A slot's name now carries when it was taken.
let site: Site;
let contactId: string;
beforeEach(() => {
  site = startSiteWithCode();
  contactId = seedContact(site, { email: 'rita@example.com' });
});

const at = (iso: string) => site.clock.set(new Date(iso));
const acknowledge = () => site.as(callers.visitor('v-rita'), () => sendToParticipant({ email: 'rita@example.com' }, { template: 'form-received', vars: { name: 'Rita' } }));
const job = () => site.as(callers.job(), () => drainInboxOutbox());
const messages = () => site.inbox.conversationOf({ contactId })?.messageCount ?? 0;

it('a visitor acknowledged late yesterday is acknowledged again today, not answered with yesterday’s result', async () => {
  at('2030-03-01T09:00:00Z');
  site.faults.inject('inbox.getOrCreateConversation', { status: 503, times: 100_000 });
  await expect(acknowledge()).resolves.toEqual({ ok: true, value: { status: 'queued' } });

  // Inbox comes back two hours later; the hourly job delivers the acknowledgement then.
  at('2030-03-01T11:00:00Z');
  site.faults.clear();
  await job();
  expect(messages()).toBe(1);

  // The next morning, past the slot row's day of keeping: housekeeping removes it, and the visitor submits again.
  at('2030-03-02T09:15:00Z');
  await job();
  await expect(acknowledge()).resolves.toEqual({ ok: true, value: { status: 'sent' } });
  expect(messages()).toBe(2);
});
