import { beforeEach, describe, expect, it } from '@jest/globals';
import { drainInboxOutbox } from 'backend/inbox-jobs';
import { sendToParticipant } from 'backend/inbox.web';
import type { Site } from 'wix-emulator';
import { callers } from '../support/emulator';
import { seedContact } from '../support/people';
import { startSiteWithCode } from '../support/site-with-code';

// The double-submit claim's slot `_id` (`submit:<visitor>:<digest>:<seq>`) is the send's idempotency key. Housekeeping
// removes slot rows a day after their window, so a key's numbering starts again at 1 while finished intents are kept
// for 30 days: the same visitor sending the same acknowledgement two days later names the old intent again. The
// outbox's replay window (24 h) is what makes that a new send rather than a replay of the old one.
let site: Site;
beforeEach(() => {
  site = startSiteWithCode();
  site.clock.set(new Date('2030-03-01T09:00:00Z'));
});

const DAY = 24 * 60 * 60 * 1000;
const acknowledge = () => site.as(callers.visitor('v-returning'), () => sendToParticipant({ email: 'rita@example.com' }, { template: 'form-received', vars: { name: 'Rita' } }));
const housekeeping = () => site.as(callers.job(), () => drainInboxOutbox());

describe('a visitor who comes back days later with the same form', () => {
  it('is acknowledged again after housekeeping removed the old slot rows', async () => {
    const contactId = seedContact(site, { email: 'rita@example.com' });
    await expect(acknowledge()).resolves.toEqual({ ok: true, value: { status: 'sent' } });

    site.clock.set(new Date(Date.parse('2030-03-01T09:00:00Z') + 2 * DAY));
    await housekeeping();
    await expect(acknowledge()).resolves.toEqual({ ok: true, value: { status: 'sent' } });
    expect(site.inbox.conversationOf({ contactId })?.messageCount).toBe(2);
  });

  it('is still acknowledged once for a double submit within the window, before and after housekeeping', async () => {
    const contactId = seedContact(site, { email: 'rita@example.com' });
    await acknowledge();
    await acknowledge();
    site.clock.set(new Date(Date.parse('2030-03-01T09:00:00Z') + 2 * DAY));
    await housekeeping();
    await acknowledge();
    await acknowledge();
    expect(site.inbox.conversationOf({ contactId })?.messageCount).toBe(2);
  });
});
