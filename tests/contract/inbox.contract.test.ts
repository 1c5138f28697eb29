import { expect, it } from '@jest/globals';
import type { OutgoingMessage } from 'backend/inbox/ports';
import { contractSuite, itWhere } from './contract-suite';

const text = (words: string): OutgoingMessage => ({
  content: { basic: { items: [{ text: words }] } },
  direction: 'BUSINESS_TO_PARTICIPANT',
  visibility: 'BUSINESS_AND_PARTICIPANT',
});
const quiet = { sendNotifications: false } as const;
const textOf = (content: unknown): string | undefined =>
  (content as { basic?: { items?: { text?: string }[] } } | undefined)?.basic?.items?.[0]?.text;

contractSuite('Inbox', (world, target) => {
  it('gets one conversation per participant, sends to it and lists the message back, newest first', async () => {
    const w = world();
    const contactId = await w.createContact(`${w.unique('inbox')}@example.com`);
    const first = await w.run(() => w.inbox.getOrCreateConversation({ contactId }));
    const again = await w.run(() => w.inbox.getOrCreateConversation({ contactId }));
    expect(again).toEqual({ conversationId: first.conversationId, newConversation: false });
    const one = await w.run(() => w.inbox.sendMessage(first.conversationId, text('first words'), quiet));
    const two = await w.run(() => w.inbox.sendMessage(first.conversationId, text('second words'), quiet));
    const seen = await w.run(() => w.inbox.recentMessages(first.conversationId, 10));
    expect(seen.slice(0, 2).map((m) => [m.messageId, m.direction, textOf(m.content)])).toEqual([
      [two.messageId, 'BUSINESS_TO_PARTICIPANT', 'second words'],
      [one.messageId, 'BUSINESS_TO_PARTICIPANT', 'first words'],
    ]);
    expect(seen[0]?.createdAt).toBeInstanceOf(Date);
  });

  itWhere(target.can.members, 'this target does not create members')(
    'after the contact becomes a member: a new conversation ID, the old ID refused as gone, the history kept',
    async () => {
      const w = world();
      const email = `${w.unique('merge')}@example.com`;
      const contactId = await w.createContact(email);
      const old = await w.run(() => w.inbox.getOrCreateConversation({ contactId }));
      await w.run(() => w.inbox.sendMessage(old.conversationId, text('before sign-up'), quiet));
      const { memberId } = await w.signUp(email);

      const current = await w.run(() => w.inbox.getOrCreateConversation({ memberId }));
      expect(current.conversationId).not.toBe(old.conversationId);
      await expect(w.run(() => w.inbox.sendMessage(old.conversationId, text('to the old thread'), quiet))).rejects.toMatchObject({
        code: 'INBOX_UNAVAILABLE',
        conversationGone: true,
      });
      const history = await w.run(() => w.inbox.recentMessages(current.conversationId, 30));
      expect(history.map((m) => textOf(m.content))).toContain('before sign-up');
      expect(history.map((m) => textOf(m.content))).not.toContain('to the old thread');
    },
  );

  it('reads back page after page to a given time (here: the start), each message once with its visibility, newest first', async () => {
    const w = world();
    const contactId = await w.createContact(`${w.unique('pages')}@example.com`);
    const { conversationId } = await w.run(() => w.inbox.getOrCreateConversation({ contactId }));
    const since = new Date(0);
    const sent: string[] = [];
    for (const words of ['one', 'two', 'three', 'four', 'five']) sent.push((await w.run(() => w.inbox.sendMessage(conversationId, text(words), quiet))).messageId);
    const seen = await w.run(() => w.inbox.recentMessages(conversationId, 2, since));
    expect(seen.map((m) => m.messageId)).toEqual([...sent].reverse());
    expect(seen[0]?.visibility).toBe('BUSINESS_AND_PARTICIPANT');
    expect(await w.run(() => w.inbox.recentMessages(conversationId, 2))).toHaveLength(2);
  });

  it('refuses a conversation that does not exist as gone, without retrying', async () => {
    const w = world();
    const missing = '00000000-0000-4000-8000-000000000000';
    await expect(w.run(() => w.inbox.sendMessage(missing, text('nobody'), quiet))).rejects.toMatchObject({ conversationGone: true });
  });
});
