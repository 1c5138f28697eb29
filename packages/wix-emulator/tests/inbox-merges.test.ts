import { conversations, messages } from 'wix-inbox.v2';
import { runElevated } from '../src/kernel/caller';
import { startSite } from '../src/testing';
import { callers, expectApplicationError, failure, GUID, startInbox, textMessage, type InboxWorld } from './inbox-fixture';

let world: InboxWorld;
beforeEach(() => {
  world = startInbox();
});

const elevated = <T>(fn: () => Promise<T>): Promise<T> => world.as(callers.visitor(), () => runElevated(fn));
const getOrCreate = (participantId: Parameters<typeof conversations.getOrCreateConversation>[0]) =>
  elevated(() => conversations.getOrCreateConversation(participantId));
const send = (conversationId: string, text: string) => {
  world.clock.advance(1_000);
  return elevated(() => messages.sendMessage(conversationId, textMessage(text)));
};
const history = async (conversationId: string) =>
  ((await elevated(() => messages.listMessages(conversationId, 'BUSINESS', { sorting: { order: 'ASC' } }))).messages ?? []).map(
    (m) => m.content?.basic?.items?.[0]?.text,
  );

describe('promoteParticipant (conversation merges)', () => {
  it('moves a visitor’s thread into a new conversation of the contact and retires the old ID', async () => {
    world.inbox.participantSendsMessage({ anonymousVisitorId: 'visitor-5' }, 'v1');
    const old = (await getOrCreate({ anonymousVisitorId: 'visitor-5' })).conversation?._id ?? '';
    await send(old, 'b1');
    const contactId = world.addContact();
    world.inbox.promoteParticipant({ anonymousVisitorId: 'visitor-5' }, { contactId });

    const target = await getOrCreate({ contactId });
    expect(target.newConversation).toBe(false);
    const targetId = target.conversation?._id ?? '';
    expect(targetId).toMatch(GUID);
    expect(targetId).not.toBe(old);
    expect(await history(targetId)).toEqual(['v1', 'b1']);
    expect(world.inbox.messagesOf(old)).toEqual([]);
    expect(world.inbox.messagesOf(targetId).map((m) => m.originalConversationId)).toEqual([old, old]);
  });

  it('answers 404 CONVERSATION_NOT_FOUND for the merged ID on get, send and list', async () => {
    const contactId = world.addContact();
    const old = (await getOrCreate({ contactId })).conversation?._id ?? '';
    world.makeMember(contactId);
    for (const call of [
      elevated(() => conversations.getConversation(old)),
      elevated(() => messages.sendMessage(old, textMessage())),
      elevated(() => messages.listMessages(old, 'BUSINESS')),
    ]) {
      expectApplicationError(await failure(call), 404, 'CONVERSATION_NOT_FOUND');
    }
  });

  it('fires wixCrmInbox_onConversationConversationsMerged with the old and target IDs', async () => {
    const received: unknown[] = [];
    world = startInbox({ handlers: { wixCrmInbox_onConversationConversationsMerged: (e: unknown) => received.push(e) } });
    const contactId = world.addContact();
    const old = (await getOrCreate({ contactId })).conversation?._id ?? '';
    const memberId = world.makeMember(contactId);
    const targetId = world.inbox.conversationOf({ memberId })?.conversation._id;
    await world.events.settle();
    const expected = {
      data: { oldConversationIds: [old], targetConversationId: targetId },
      metadata: { id: expect.stringMatching(GUID), entityId: targetId, eventTime: world.clock.now().toISOString(), triggeredByAnonymizeRequest: false },
    };
    expect(received).toEqual([expected]);
    expect(world.events.log('wixCrmInbox_onConversationConversationsMerged')).toHaveLength(1);
  });

  it('keeps the whole history, in order, through visitor → contact → member', async () => {
    world.inbox.participantSendsMessage({ anonymousVisitorId: 'visitor-8' }, 'as visitor');
    const visitorThread = (await getOrCreate({ anonymousVisitorId: 'visitor-8' })).conversation?._id ?? '';
    await send(visitorThread, 'reply 1');
    const contactId = world.addContact();
    world.inbox.promoteParticipant({ anonymousVisitorId: 'visitor-8' }, { contactId });
    const contactThread = (await getOrCreate({ contactId })).conversation?._id ?? '';
    await send(contactThread, 'reply 2');
    const memberId = world.makeMember(contactId);
    const memberThread = (await getOrCreate({ memberId })).conversation?._id ?? '';
    world.clock.advance(1_000);
    world.inbox.participantSendsMessage({ memberId }, 'as member');

    expect(new Set([visitorThread, contactThread, memberThread]).size).toBe(3);
    expect(await history(memberThread)).toEqual(['as visitor', 'reply 1', 'reply 2', 'as member']);
    expect(world.events.log('wixCrmInbox_onConversationConversationsMerged').map((e) => e.event)).toEqual([
      expect.objectContaining({ data: { oldConversationIds: [visitorThread], targetConversationId: contactThread } }),
      expect.objectContaining({ data: { oldConversationIds: [contactThread], targetConversationId: memberThread } }),
    ]);
    expect(world.inbox.listConversations().map((c) => [c.conversation._id, c.mergedInto])).toEqual([
      [visitorThread, contactThread],
      [contactThread, memberThread],
      [memberThread, undefined],
    ]);
    expect(world.inbox.mergeLog()).toEqual([
      expect.objectContaining({ from: { anonymousVisitorId: 'visitor-8' }, to: { contactId }, targetCreated: true }),
      expect.objectContaining({ from: { contactId }, to: { memberId }, targetCreated: true, movedMessageIds: expect.any(Array) }),
    ]);
  });

  it('merges into the target’s existing conversation in chronological order', async () => {
    const contactId = world.addContact();
    const { memberId } = world.addMember();
    const contactThread = (await getOrCreate({ contactId })).conversation?._id ?? '';
    const memberThread = (await getOrCreate({ memberId })).conversation?._id ?? '';
    await send(contactThread, 'c1');
    await send(memberThread, 'm1');
    await send(contactThread, 'c2');
    world.inbox.promoteParticipant({ contactId }, { memberId });
    expect(await history(memberThread)).toEqual(['c1', 'm1', 'c2']);
    expect(world.inbox.mergeLog()[0]).toMatchObject({ oldConversationIds: [contactThread], targetConversationId: memberThread, targetCreated: false });
  });

  it('does nothing when the promoted participant had no conversation', async () => {
    const contactId = world.addContact();
    world.inbox.promoteParticipant({ anonymousVisitorId: 'visitor-never-chatted' }, { contactId });
    expect(world.inbox.listConversations()).toEqual([]);
    expect(world.inbox.mergeLog()).toEqual([]);
    expect(world.events.log()).toEqual([]);
  });

  it('after a contact became a member, their contact ID opens a detached conversation, not the merged thread', async () => {
    const contactId = world.addContact();
    const old = (await getOrCreate({ contactId })).conversation?._id ?? '';
    const memberId = world.makeMember(contactId);
    const byContact = await getOrCreate({ contactId });
    expect(byContact.newConversation).toBe(true);
    expect(byContact.conversation?._id).not.toBe(old);
    expect(byContact.conversation?._id).not.toBe(world.inbox.conversationOf({ memberId })?.conversation._id);
    expect(world.inbox.detachedConversations().map((c) => c.conversation._id)).toEqual([byContact.conversation?._id]);
  });
});

describe('exportState / importState', () => {
  it('round-trips conversations, messages, merged IDs, detached flags and the merge log', async () => {
    const contactId = world.addContact();
    await send((await getOrCreate({ contactId })).conversation?._id ?? '', 'before');
    const memberId = world.makeMember(contactId);
    await getOrCreate({ contactId }); // detached
    const state = world.inbox.exportState();
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);

    const before = { conversations: world.inbox.listConversations(), merges: world.inbox.mergeLog() };
    world.inbox.importState(state);
    expect({ conversations: world.inbox.listConversations(), merges: world.inbox.mergeLog() }).toEqual(before);
    const memberThread = world.inbox.conversationOf({ memberId })?.conversation._id ?? '';
    const merged = before.conversations.find((c) => c.mergedInto)?.conversation._id ?? '';
    expectApplicationError(await failure(elevated(() => conversations.getConversation(merged))), 404, 'CONVERSATION_NOT_FOUND');
    expect(world.inbox.detachedConversations()).toHaveLength(1);

    world.clock.set(new Date('2020-01-01T00:00:00.000Z')); // sequences keep growing even from an older clock
    await elevated(() => messages.sendMessage(memberThread, textMessage('after')));
    expect(await history(memberThread)).toEqual(['before', 'after']);
  });

  it('loads into a fresh Inbox', async () => {
    const contactId = world.addContact();
    await send((await getOrCreate({ contactId })).conversation?._id ?? '', 'kept');
    const state = world.inbox.exportState();
    const conversationsBefore = world.inbox.listConversations();
    world = startInbox();
    world.inbox.importState(state);
    expect(world.inbox.listConversations()).toEqual(conversationsBefore);
    expect(world.inbox.messagesOf(conversationsBefore[0]?.conversation._id ?? '').map((m) => m.message.content?.basic?.items)).toEqual([
      [{ text: 'kept' }],
    ]);
  });
});

describe('on a whole site (contacts and members call promoteParticipant)', () => {
  it('a visitor who chats and then signs up finds the whole history in their member conversation', async () => {
    const site = startSite();
    site.inbox.participantSendsMessage({ anonymousVisitorId: 'visitor-signup' }, 'question as visitor');
    const member = site.members.register({ email: 'reader@example.com', visitorId: 'visitor-signup' });
    const memberId = member._id ?? '';
    const { conversation } = await site.as(callers.admin(), () => conversations.getOrCreateConversation({ memberId }));
    const listed = await site.as(callers.admin(), () => messages.listMessages(conversation?._id ?? '', 'BUSINESS'));
    expect(listed.messages?.map((m) => m.content?.basic?.items?.[0]?.text)).toEqual(['question as visitor']);
    expect(conversation?.participant).toEqual({ memberId, contactId: site.members.contactIdOfMember(memberId) });
    expect(site.events.log('wixCrmInbox_onConversationConversationsMerged')).toHaveLength(2);
    expect(site.exportState().inbox).toEqual(site.inbox.exportState());
  });
});
