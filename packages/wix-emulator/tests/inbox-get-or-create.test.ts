import { conversations } from 'wix-inbox.v2';
import { runElevated } from '../src/kernel/caller';
import { callers, expectApplicationError, expectValidationError, failure, GUID, startInbox, type InboxWorld } from './inbox-fixture';

let world: InboxWorld;
beforeEach(() => {
  world = startInbox();
});

const asAdmin = <T>(fn: () => T): T => world.as(callers.admin(), fn);
const getOrCreate = (participantId: Parameters<typeof conversations.getOrCreateConversation>[0]) =>
  asAdmin(() => conversations.getOrCreateConversation(participantId));

describe('inbox.getOrCreateConversation', () => {
  it('creates a conversation for a contact, then returns the same one with newConversation false', async () => {
    const contactId = world.addContact();
    const first = await getOrCreate({ contactId });
    expect(first).toEqual({
      conversation: {
        _id: expect.stringMatching(GUID),
        participant: { contactId },
        businessDisplayData: { name: expect.any(String) },
        participantDisplayData: { name: expect.any(String) },
      },
      newConversation: true,
    });
    const second = await getOrCreate({ contactId });
    expect(second.newConversation).toBe(false);
    expect(second.conversation?._id).toBe(first.conversation?._id);
  });

  it('keeps one conversation per participant and a separate one for each participant', async () => {
    const a = world.addContact();
    const b = world.addContact();
    const { memberId } = world.addMember();
    const ids = await Promise.all([
      getOrCreate({ contactId: a }),
      getOrCreate({ contactId: b }),
      getOrCreate({ memberId }),
      getOrCreate({ anonymousVisitorId: 'visitor-42' }),
      getOrCreate({ contactId: a }),
    ]).then((results) => results.map((r) => r.conversation?._id));
    expect(new Set(ids).size).toBe(4);
    expect(ids[4]).toBe(ids[0]);
    expect(world.inbox.listConversations()).toHaveLength(4);
  });

  it('names a member participant by memberId and fills the read-only contactId from their contact', async () => {
    const { memberId, contactId } = world.addMember();
    const { conversation } = await getOrCreate({ memberId });
    expect(conversation?.participant).toEqual({ memberId, contactId });
    expect(memberId).not.toBe(contactId);
  });

  it('accepts any non-empty anonymous visitor ID', async () => {
    const { conversation } = await getOrCreate({ anonymousVisitorId: 'visitor-1' });
    expect(conversation?.participant).toEqual({ anonymousVisitorId: 'visitor-1' });
  });

  it.each([
    [{}, 'participantId'],
    [{ contactId: 'c1c1c1c1-0000-4000-8000-000000000000', memberId: 'c1c1c1c1-0000-4000-8000-000000000001' }, 'participantId'],
    [{ contactId: 'not-a-guid' }, 'participantId.contactId'],
    [{ memberId: '' }, 'participantId.memberId'],
    [{ anonymousVisitorId: '' }, 'participantId.anonymousVisitorId'],
  ])('refuses participantId %j with a validation error on %s', async (participantId, field) => {
    expectValidationError(await failure(getOrCreate(participantId)), field);
    expect(world.inbox.listConversations()).toEqual([]);
  });

  it('refuses a missing participantId', async () => {
    const error = await failure(asAdmin(() => conversations.getOrCreateConversation(undefined as never)));
    expectValidationError(error, 'participantId');
  });

  it('answers 404 CONTACT_NOT_FOUND / MEMBER_NOT_FOUND for IDs the site does not know', async () => {
    expectApplicationError(await failure(getOrCreate({ contactId: '0e0e0e0e-0000-4000-8000-000000000000' })), 404, 'CONTACT_NOT_FOUND');
    expectApplicationError(await failure(getOrCreate({ memberId: '0e0e0e0e-0000-4000-8000-000000000000' })), 404, 'MEMBER_NOT_FOUND');
    expect(world.inbox.listConversations()).toEqual([]);
  });

  it("gives a member's contact ID a detached conversation that never reaches the member's thread", async () => {
    const { memberId, contactId } = world.addMember();
    const memberThread = await getOrCreate({ memberId });
    const byContact = await getOrCreate({ contactId });
    expect(byContact.newConversation).toBe(true);
    expect(byContact.conversation?._id).not.toBe(memberThread.conversation?._id);
    expect(byContact.conversation?.participant).toEqual({ contactId });
    const again = await getOrCreate({ contactId });
    expect(again).toMatchObject({ newConversation: false, conversation: { _id: byContact.conversation?._id } });
    expect(world.inbox.detachedConversations()).toEqual([
      expect.objectContaining({ detached: true, participantId: { contactId }, conversation: byContact.conversation }),
    ]);
    expect(world.inbox.conversationOf({ memberId })?.detached).toBe(false);
  });

  it('returns copies: changing a result does not change the conversation', async () => {
    const contactId = world.addContact();
    const { conversation } = await getOrCreate({ contactId });
    if (conversation?.participant) conversation.participant.contactId = 'tampered';
    expect((await getOrCreate({ contactId })).conversation?.participant).toEqual({ contactId });
  });

  it('works from elevated site code and is journaled as inbox.getOrCreateConversation', async () => {
    const contactId = world.addContact();
    await world.as(callers.visitor(), () => runElevated(() => conversations.getOrCreateConversation({ contactId })));
    expect(world.journal.entries('inbox.getOrCreateConversation')).toEqual([
      expect.objectContaining({ outcome: 'ok', elevated: true, args: [{ contactId }] }),
    ]);
  });
});

describe('inbox.getConversation', () => {
  it('resolves the Conversation itself (the SDK shape, not the Velo JSON `{ conversation }`) for an existing conversation', async () => {
    const contactId = world.addContact();
    const { conversation } = await getOrCreate({ contactId });
    const got = await asAdmin(() => conversations.getConversation(conversation?._id ?? ''));
    expect(got).toEqual(conversation);
    expect(got).toMatchObject({ _id: conversation?._id, participant: { contactId } });
    expect(got).not.toHaveProperty('conversation');
  });

  it('answers 404 CONVERSATION_NOT_FOUND for an unknown ID', async () => {
    const error = await failure(asAdmin(() => conversations.getConversation('0e0e0e0e-0000-4000-8000-000000000000')));
    expectApplicationError(error, 404, 'CONVERSATION_NOT_FOUND');
  });

  it('refuses an ID that is not a GUID', async () => {
    expectValidationError(await failure(asAdmin(() => conversations.getConversation('abc'))), 'conversationId');
  });
});
