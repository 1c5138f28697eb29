import { describe, expect, it } from '@jest/globals';
import * as jobs from 'backend/inbox-jobs';
import * as web from 'backend/inbox.web';
import { sendToParticipant } from 'backend/inbox/send';
import { callers } from '../support/emulator';
import { seedContact, seedMember } from '../support/people';
import { siteDependencies, startSiteWithCode } from '../support/site-with-code';

const DAY = 24 * 60 * 60 * 1000;

describe('housekeeping in the hourly job', () => {
  it('removes old finished intents, delivery records and rate-limit slots, and keeps recent intents and every frequency-cap claim', async () => {
    const site = startSiteWithCode();
    const contactId = seedContact(site, { email: 'old@example.com' });
    const { memberId } = seedMember(site, { email: 'capped@example.com' });
    const send = (query: { contactId: string } | { memberId: string }, message: unknown, key: string) =>
      site.as(callers.eventHandler(), () => sendToParticipant(siteDependencies(site), query, message, { idempotencyKey: key }));
    await send({ contactId }, 'An old message', 'old');
    await send({ memberId }, { template: 'welcome', vars: { name: 'Cap' } }, 'old-welcome');
    await site.as(callers.visitor('v-old'), () => web.sendToParticipant({ email: 'visitor@example.com' }, { template: 'form-received' }));

    site.clock.advance(31 * DAY);
    await send({ contactId }, 'A recent message', 'recent');
    await site.as(callers.job(), () => jobs.drainInboxOutbox());

    const ids = (name: string) => site.data.inspectCollection(name).map((item) => String(item._id));
    expect(ids('InboxOutbox')).toEqual(['recent']);
    expect(ids('InboxDeliveries').filter((id) => id.startsWith('cap:welcome:'))).toHaveLength(1);
    expect(ids('InboxDeliveries').filter((id) => /^(attempt|result|message):/.test(id))).toEqual(['result:recent:0:1']);
    expect(ids('InboxRateLimits')).toEqual([]);
  });
});
