import { beforeEach, describe, expect, it } from '@jest/globals';
import { sendToParticipant } from 'backend/inbox/send';
import type { Site } from 'wix-emulator';
import { callers } from '../support/emulator';
import { seedContact } from '../support/people';
import { siteDependencies, startSiteWithCode } from '../support/site-with-code';

let site: Site;
let contactId: string;
beforeEach(() => {
  site = startSiteWithCode();
  contactId = seedContact(site, { email: 'uli@example.com' });
});

const send = (message: unknown, key: string) =>
  site.as(callers.eventHandler(), () => sendToParticipant(siteDependencies(site), { contactId }, message, { idempotencyKey: key }));
const textsIn = (participant: { contactId: string } | { memberId: string }) =>
  site.inbox.messagesOf(site.inbox.conversationOf(participant)?.conversation._id ?? '').map((m) => m.message.content?.basic?.items?.[0]?.text);

describe('when Wix may have received a send but the answer was lost', () => {
  it('finds the message it already sent instead of sending it again', async () => {
    site.faults.inject('inbox.sendMessage', { responseLost: true });
    const result = await send('Receipt #9', 'receipt-9');

    expect(result).toMatchObject({ status: 'sent' });
    expect(textsIn({ contactId })).toEqual(['Receipt #9']);
    expect(site.journal.count('inbox.listMessages')).toBe(1);
    expect(site.journal.entries('inbox.sendMessage').map((e) => [e.outcome, e.applied])).toEqual([['error', true]]);
    if (result.status === 'sent') expect(result.messageId).toBe(site.inbox.messagesOf(result.conversationId)[0]?.message._id);
  });

  it('sends when the lost request never reached Wix', async () => {
    site.faults.inject('inbox.sendMessage', { status: 504 });
    await expect(send('Receipt #10', 'receipt-10')).resolves.toMatchObject({ status: 'sent' });
    expect(textsIn({ contactId })).toEqual(['Receipt #10']);
  });

  it('does not mistake an identical message sent by another intent for its own', async () => {
    await send('Same words', 'earlier');
    site.faults.inject('inbox.sendMessage', { status: 504 });
    await send('Same words', 'later');
    expect(textsIn({ contactId })).toEqual(['Same words', 'Same words']);
  });

  it('finds its message after the conversation was merged away before it looked', async () => {
    let memberId = '';
    site.faults.inject('inbox.sendMessage', { responseLost: true });
    // The participant signs up right after the lost answer: the conversation the send used is merged.
    site.faults.interleave('inbox.listMessages', () => {
      memberId = site.members.seedMember({ email: 'uli@example.com' })._id;
      site.inbox.promoteParticipant({ contactId }, { memberId });
    });
    const result = await send('Ticket update', 'ticket-1');
    expect(result).toMatchObject({ status: 'sent', participantId: { memberId } });
    expect(textsIn({ memberId })).toEqual(['Ticket update']);
    expect(site.journal.count('inbox.sendMessage')).toBe(1);
  });

  it('recovers when the outbox could not record the delivery: the next attempt finds the message', async () => {
    site.faults.interleave('inbox.sendMessage', () => {
      // The outbox write right after this send (marking it sent) fails.
      site.faults.inject('data.update', { status: 500 });
    });
    await expect(send('Shipped', 'shipped-1')).resolves.toMatchObject({ status: 'sent' });
    expect(textsIn({ contactId })).toEqual(['Shipped']);
    expect(site.journal.count('inbox.sendMessage')).toBe(1);
  });
});
