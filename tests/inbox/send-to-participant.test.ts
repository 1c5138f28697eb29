import { beforeEach, describe, expect, it } from '@jest/globals';
import { sendToParticipant } from 'backend/inbox/send';
import type { Site } from 'wix-emulator';
import { callers } from '../support/emulator';
import { seedContact, seedMember } from '../support/people';
import { siteDependencies, startSiteWithCode } from '../support/site-with-code';

let site: Site;
beforeEach(() => {
  site = startSiteWithCode();
});

const send = (query: Parameters<typeof sendToParticipant>[1], message: unknown, options?: Parameters<typeof sendToParticipant>[3]) =>
  site.as(callers.eventHandler(), () => sendToParticipant(siteDependencies(site), query, message, options));

const messagesTo = (participantId: { memberId: string } | { contactId: string }) => {
  const conversation = site.inbox.conversationOf(participantId);
  return conversation ? site.inbox.messagesOf(conversation.conversation._id ?? '') : [];
};

describe('sending to a participant', () => {
  it('sends a plain string as basic text to the contact, visible to both sides, with a notification', async () => {
    const contactId = seedContact(site, { email: 'jo@example.com' });
    const result = await send({ email: 'jo@example.com' }, 'Your order has shipped.');

    expect(result).toMatchObject({ status: 'sent', participantId: { contactId }, kind: 'contact', newConversation: true });
    const [stored] = messagesTo({ contactId });
    expect(stored?.message).toMatchObject({
      direction: 'BUSINESS_TO_PARTICIPANT',
      visibility: 'BUSINESS_AND_PARTICIPANT',
      content: { basic: { items: [{ text: 'Your order has shipped.' }] }, previewText: 'Your order has shipped.' },
    });
    expect(stored?.sendNotifications).toBe(true);
    if (result.status === 'sent') expect(stored?.message._id).toBe(result.messageId);
  });

  it("reaches a member's own conversation by member ID, never a conversation for their contact ID", async () => {
    const kim = seedMember(site, { email: 'kim@example.com' });
    const result = await send({ contactId: kim.contactId }, 'Hello');

    expect(result).toMatchObject({ participantId: { memberId: kim.memberId }, kind: 'member' });
    expect(messagesTo({ memberId: kim.memberId })).toHaveLength(1);
    expect(site.inbox.detachedConversations()).toHaveLength(0);
    expect(site.journal.entries('inbox.getOrCreateConversation')[0]?.args[0]).toEqual({ memberId: kim.memberId });
  });

  it('reuses the conversation on the second send', async () => {
    seedContact(site, { email: 'lu@example.com' });
    const first = await send({ email: 'lu@example.com' }, 'One');
    const second = await send({ email: 'lu@example.com' }, 'Two');
    expect(first).toMatchObject({ newConversation: true });
    expect(second).toMatchObject({ newConversation: false });
    if (first.status === 'sent' && second.status === 'sent') expect(second.conversationId).toBe(first.conversationId);
  });

  it('honours visibility and notification options', async () => {
    const contactId = seedContact(site, { email: 'mo@example.com' });
    await send({ contactId }, { minimal: { text: 'Note for the team' } }, { visibility: 'BUSINESS', sendNotifications: false });
    const [stored] = messagesTo({ contactId });
    expect(stored?.message.visibility).toBe('BUSINESS');
    expect(stored?.sendNotifications).toBe(false);
  });

  it('fills a registry template with plain-words variables, and leaves out the words around any that are not', async () => {
    const contactId = seedContact(site, { email: 'ned@example.com' });
    await send({ contactId }, { template: 'form-received', vars: { name: 'Ｎｅｄ  Jones', formName: 'Contact us' } });
    await send({ contactId }, { template: 'form-received', vars: { name: 'Ned\n{{formName}}', formName: 'x'.repeat(200) } });
    await send({ contactId }, { template: 'form-received' });
    const [plain, refused, missing] = messagesTo({ contactId }).map((m) => m.message.content?.template);
    expect(plain?.title).toBe('We got your message, Ned Jones');
    expect(plain?.textLines?.[0]).toBe('Thanks for contacting us through "Contact us". We usually answer within one business day.');
    for (const neutral of [refused, missing]) {
      expect(neutral?.title).toBe('We got your message');
      expect(neutral?.textLines?.[0]).toBe('Thanks for contacting us. We usually answer within one business day.');
    }
  });

  it('refuses a variable the template does not have (MESSAGE_INVALID) before anything is written', async () => {
    const contactId = seedContact(site, { email: 'nia@example.com' });
    await expect(send({ contactId }, { template: 'form-received', vars: { link: 'x' } })).rejects.toMatchObject({ code: 'MESSAGE_INVALID', field: 'message.vars' });
    expect(site.journal.count('data.insert')).toBe(0);
  });
});

describe('when the participant changes type between lookup and send', () => {
  it('resolves again and sends once to the new conversation when a merge happens mid-send', async () => {
    const contactId = seedContact(site, { email: 'oli@example.com' });
    await send({ contactId }, 'Earlier message');
    let memberId = '';
    // Oli signs up right after the conversation lookup: the contact's conversation is merged into a new member one.
    site.faults.interleave('inbox.sendMessage', () => {
      memberId = site.members.seedMember({ email: 'oli@example.com', firstName: 'Oli' })._id;
      site.inbox.promoteParticipant({ contactId }, { memberId });
    });
    const result = await send({ email: 'oli@example.com' }, 'Welcome gift');

    expect(result).toMatchObject({ status: 'sent', participantId: { memberId }, kind: 'member' });
    const texts = messagesTo({ memberId }).map((m) => m.message.content?.basic?.items?.[0]?.text);
    expect(texts).toEqual(['Earlier message', 'Welcome gift']);
    expect(site.journal.count('inbox.sendMessage', 'ok')).toBe(2);
    expect(site.journal.count('inbox.sendMessage', 'error')).toBe(1);
  });

  it('does not send to the same stale conversation twice', async () => {
    const contactId = seedContact(site, { email: 'pat@example.com' });
    site.faults.inject('inbox.sendMessage', { status: 404, code: 'CONVERSATION_NOT_FOUND', times: 5 });
    await expect(send({ contactId }, 'Hi')).resolves.toMatchObject({ status: 'queued', lastErrorCode: 'INBOX_UNAVAILABLE' });
    expect(site.journal.count('inbox.sendMessage')).toBe(1);
  });
});

describe('refusing bad messages before calling Wix', () => {
  it.each([
    ['an empty string', '', 'message'],
    ['system content', { system: { text: 'x' } }, 'message.system'],
    ['basic content without items', { basic: { items: [] } }, 'message.basic.items'],
    ['a text item over 16384 characters', { basic: { items: [{ text: 'x'.repeat(16_385) }] } }, 'message.basic.items[0].text'],
    ['two payloads at once', { basic: { items: [{ text: 'a' }] }, minimal: { text: 'b' } }, 'message'],
    ['a preview over 256 characters', { basic: { items: [{ text: 'a' }] }, previewText: 'p'.repeat(257) }, 'message.previewText'],
    ['a form without fields', { form: { title: 'T', fields: [] } }, 'message.form.fields'],
    ['a template with 11 text lines', { template: { textLines: Array.from({ length: 11 }, () => 'l') } }, 'message.template.textLines'],
    ['a button with no action', { template: { buttons: [{ label: 'Go' }] } }, 'message.template.buttons[0]'],
    ['an unknown registry template', { template: 'no-such-template' }, 'message.template'],
    ['a variable the template does not have', { template: 'welcome', vars: { age: 3 } }, 'message.vars'],
  ])('%s is MESSAGE_INVALID at its field', async (_what, message, field) => {
    seedContact(site, { email: 'q@example.com' });
    await expect(send({ email: 'q@example.com' }, message)).rejects.toMatchObject({ code: 'MESSAGE_INVALID', field });
    expect(site.journal.count('inbox.sendMessage')).toBe(0);
  });
});

describe('when Wix fails', () => {
  it('retries a 503 within the call and delivers once', async () => {
    seedContact(site, { email: 'r@example.com' });
    site.faults.inject('inbox.sendMessage', { status: 503 });
    await expect(send({ email: 'r@example.com' }, 'x')).resolves.toMatchObject({ status: 'sent', deduplicated: false });
    expect(site.journal.count('inbox.sendMessage', 'error')).toBe(1);
    expect(site.journal.count('inbox.sendMessage', 'ok')).toBe(1);
  });

  it('retries a 429 after a backoff, with no Retry-After to go by (Wix errors carry none)', async () => {
    seedContact(site, { email: 's@example.com' });
    site.faults.inject('inbox.getOrCreateConversation', { status: 429, retryAfterSeconds: 7 });
    await expect(send({ email: 's@example.com' }, 'x')).resolves.toMatchObject({ status: 'sent' });
    expect(site.journal.count('inbox.getOrCreateConversation')).toBe(2);
  });

  it('keeps failing lookups queued (with the upstream error code) instead of losing the message', async () => {
    seedContact(site, { email: 't@example.com' });
    site.faults.inject('contacts.queryContacts', { status: 500, times: 1000 });
    const result = await send({ email: 't@example.com' }, 'x');
    expect(result).toMatchObject({ status: 'queued', lastErrorCode: 'INBOX_UNAVAILABLE' });
    const stored = site.data.inspectCollection('InboxOutbox')[0];
    expect(stored).toMatchObject({ status: 'retrying', lastError: { code: 'INBOX_UNAVAILABLE', upstream: { status: 500 } } });
  });

  it('gives up at once on a failure that retrying cannot fix, and keeps the intent as dead with the reason', async () => {
    seedContact(site, { email: 'u@example.com' });
    site.faults.inject('inbox.sendMessage', { status: 400, code: 'INVALID_MEDIA_URL' });
    await expect(send({ email: 'u@example.com' }, 'x')).rejects.toMatchObject({ code: 'MESSAGE_INVALID', upstream: { status: 400, code: 'INVALID_MEDIA_URL' } });
    expect(site.journal.count('inbox.sendMessage')).toBe(1);
    expect(site.data.inspectCollection('InboxOutbox')[0]).toMatchObject({ status: 'dead', deadReason: 'permanent failure: MESSAGE_INVALID' });
  });
});

describe('template frequency caps', () => {
  it('sends a once-per-24h template once a day and reports the skip', async () => {
    const uma = seedMember(site, { email: 'uma@example.com' });
    const first = await send({ memberId: uma.memberId }, { template: 'welcome-back', vars: { name: 'Uma' } });
    site.clock.advance(23 * 60 * 60 * 1000);
    const again = await send({ memberId: uma.memberId }, { template: 'welcome-back', vars: { name: 'Uma' } });
    site.clock.advance(2 * 60 * 60 * 1000);
    const nextDay = await send({ memberId: uma.memberId }, { template: 'welcome-back', vars: { name: 'Uma' } });

    expect([first.status, again.status, nextDay.status]).toEqual(['sent', 'skipped', 'sent']);
    expect(again).toMatchObject({ reason: 'frequency-cap' });
    expect(messagesTo({ memberId: uma.memberId })).toHaveLength(2);
  });

  it('sends a once-per-participant template only once, ever', async () => {
    const vi = seedMember(site, { email: 'vi@example.com' });
    await send({ memberId: vi.memberId }, { template: 'welcome', vars: { name: 'Vi' } });
    site.clock.advance(30 * 24 * 60 * 60 * 1000);
    await expect(send({ memberId: vi.memberId }, { template: 'welcome', vars: { name: 'Vi' } })).resolves.toMatchObject({ status: 'skipped' });
  });

  it('holds the cap when two sends race: one is sent, the other skipped', async () => {
    const wyn = seedMember(site, { email: 'wyn@example.com' });
    const message = { template: 'welcome-back', vars: { name: 'Wyn' } };
    const results = await Promise.all([send({ memberId: wyn.memberId }, message), send({ memberId: wyn.memberId }, message)]);
    expect(results.map((r) => r.status).sort()).toEqual(['sent', 'skipped']);
  });

  it('gives the cap back when the send fails, so the next attempt can send', async () => {
    const xia = seedMember(site, { email: 'xia@example.com' });
    site.faults.inject('inbox.sendMessage', { status: 400, code: 'INVALID_MEDIA_URL' });
    const message = { template: 'welcome-back', vars: { name: 'Xia' } };
    await expect(send({ memberId: xia.memberId }, message)).rejects.toMatchObject({ code: 'MESSAGE_INVALID' });
    await expect(send({ memberId: xia.memberId }, message)).resolves.toMatchObject({ status: 'sent' });
  });
});
