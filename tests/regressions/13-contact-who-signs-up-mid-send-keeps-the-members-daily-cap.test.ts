import { describe, expect, it } from '@jest/globals';
import { sendToParticipant } from 'backend/inbox/send';
import { controlsFor } from 'wix-emulator';
import { callers } from '../support/emulator';
import { seedContact } from '../support/people';
import { siteDependencies, startSiteWithCode } from '../support/site-with-code';

// A once-per-24h template sent to a contact who signs up between the send's resolution and its conversation lookup:
// the cap was claimed on the contact's chain, but the message went to the member (address-check.ts). The member's own
// chain was never claimed, so the same template by member ID an hour later went out again: two in one day.
const ACK = { template: 'auto-acknowledgement', vars: {} } as const;

describe('a contact who signs up while a once-per-24h template is being sent to them', () => {
  it('gets it as the member, and the same template by member ID the same day is skipped', async () => {
    const site = startSiteWithCode();
    const contactId = seedContact(site, { email: 'cy@example.com', first: 'Cy' });
    let memberId = '';
    site.faults.interleave('inbox.getOrCreateConversation', () => {
      memberId = controlsFor(site).seed.memberSilently({ email: 'cy@example.com', firstName: 'Cy' })._id;
    });
    const send = (query: { contactId: string } | { memberId: string }, key: string) =>
      site.as(callers.eventHandler(), () => sendToParticipant(siteDependencies(site), query, ACK, { idempotencyKey: key }));

    await expect(send({ contactId }, 'ack-1')).resolves.toMatchObject({ status: 'sent', kind: 'member' });
    site.clock.advance(60 * 60 * 1000);
    await expect(send({ memberId }, 'ack-2')).resolves.toMatchObject({ status: 'skipped' });
    expect(site.journal.count('inbox.sendMessage', 'ok')).toBe(1);
  });

  it('racing a send of the same template by member ID: one of the two goes out, to the member, and only one in the day', async () => {
    const site = startSiteWithCode();
    const contactId = seedContact(site, { email: 'dee@example.com', first: 'Dee' });
    const send = (query: { contactId: string } | { memberId: string }, key: string) =>
      site.as(callers.eventHandler(), () => sendToParticipant(siteDependencies(site), query, ACK, { idempotencyKey: key }));
    let byMember: unknown;
    // Resolved as a contact and claimed on the contact's chain; before its lookup, the contact signs up and a send by
    // member ID runs in full. That one finds the contact's claim of the day (the person's, decision 0029) and is
    // skipped without claiming the member's chain, so the contact's send, following the person, goes to the member.
    site.faults.interleave('inbox.getOrCreateConversation', async () => {
      const memberId = controlsFor(site).seed.memberSilently({ email: 'dee@example.com', firstName: 'Dee' })._id;
      byMember = await send({ memberId }, 'ack-member');
    });

    await expect(send({ contactId }, 'ack-contact')).resolves.toMatchObject({ status: 'sent', kind: 'member' });
    expect(byMember).toMatchObject({ status: 'skipped' });
    expect(site.journal.count('inbox.sendMessage', 'ok')).toBe(1);
  });
});
