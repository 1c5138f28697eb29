import { conversations, messages } from 'wix-inbox.v2';
import { runElevated, type Caller } from '../src/kernel/caller';
import { callers, expectApplicationError, failure, startInbox, textMessage, type InboxWorld } from './inbox-fixture';

let world: InboxWorld;
let contactId: string;
let conversationId: string;

beforeEach(async () => {
  world = startInbox();
  contactId = world.addContact();
  conversationId =
    (await world.as(callers.admin(), () => conversations.getOrCreateConversation({ contactId }))).conversation?._id ?? '';
  world.journal.clear();
});

/** Each wix-inbox.v2 operation with valid arguments, named as the journal names it. */
const operations: [string, () => Promise<unknown>][] = [
  ['inbox.getOrCreateConversation', () => conversations.getOrCreateConversation({ contactId })],
  ['inbox.getConversation', () => conversations.getConversation(conversationId)],
  ['inbox.sendMessage', () => messages.sendMessage(conversationId, textMessage())],
  ['inbox.listMessages', () => messages.listMessages(conversationId, 'BUSINESS')],
];

const unprivileged: [string, () => Caller][] = [
  ['a visitor', () => callers.visitor()],
  ['a member', () => callers.member('5e5e5e5e-0000-4000-8000-000000000000')],
  ['an event handler (not elevated)', () => callers.eventHandler()],
];

describe('wix-inbox.v2 permissions (admin methods)', () => {
  describe.each(operations)('%s', (operation, call) => {
    it.each(unprivileged)('refuses %s without elevate: 403 FORBIDDEN', async (_who, caller) => {
      const error = await failure(world.as(caller(), call));
      expectApplicationError(error, 403, 'FORBIDDEN');
      expect(world.journal.entries(operation)).toEqual([expect.objectContaining({ outcome: 'error', applied: false })]);
    });

    it('allows an admin caller', async () => {
      await expect(world.as(callers.admin(), call)).resolves.toBeDefined();
    });

    it('allows any caller inside elevate', async () => {
      for (const [, caller] of unprivileged) await expect(world.as(caller(), () => runElevated(call))).resolves.toBeDefined();
    });

    it('allows a scheduled job (runs as admin)', async () => {
      await expect(world.as(callers.job(), call)).resolves.toBeDefined();
    });
  });

  it('checks permission before arguments: an unprivileged malformed call is still 403', async () => {
    const error = await failure(world.as(callers.visitor(), () => messages.sendMessage('not-a-guid', {} as never)));
    expectApplicationError(error, 403, 'FORBIDDEN');
  });

  it('changes nothing when it refuses', async () => {
    const refused = await failure(world.as(callers.visitor(), () => messages.sendMessage(conversationId, textMessage())));
    expect(refused.status).toBe(403);
    expect(world.inbox.messagesOf(conversationId)).toEqual([]);
    expect(world.events.log()).toEqual([]);
  });
});
