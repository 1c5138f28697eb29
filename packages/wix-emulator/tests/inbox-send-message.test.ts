import { conversations, messages } from 'wix-inbox.v2';
import { runElevated } from '../src/kernel/caller';
import { SITE_CODE_APP_ID } from '../src/inbox/inbox-message';
import { callers, expectApplicationError, expectValidationError, failure, startInbox, textMessage, type InboxWorld } from './inbox-fixture';

let world: InboxWorld;
beforeEach(() => {
  world = startInbox();
});

/** Site backend code: runs for a visitor's request and elevates, as the Velo examples do. */
const elevated = <T>(fn: () => Promise<T>): Promise<T> => world.as(callers.visitor(), () => runElevated(fn));

async function conversationWith(participantId: Parameters<typeof conversations.getOrCreateConversation>[0]): Promise<string> {
  const { conversation } = await elevated(() => conversations.getOrCreateConversation(participantId));
  return conversation?._id ?? '';
}

describe('inbox.sendMessage', () => {
  it('resolves { message } in the Wix shape, sent by the site app when elevated', async () => {
    const conversationId = await conversationWith({ contactId: world.addContact() });
    const { message } = await elevated(() => messages.sendMessage(conversationId, textMessage('Welcome!')));
    expect(message).toEqual({
      _id: expect.stringMatching(/^\d+$/),
      content: { previewText: 'Welcome!', basic: { items: [{ text: 'Welcome!' }] }, contentType: 'BASIC' },
      sender: { appId: SITE_CODE_APP_ID },
      appId: SITE_CODE_APP_ID,
      badges: [],
      targetChannels: [],
      sourceChannel: 'UNKNOWN_CHANNEL_TYPE',
      targetChannelIds: [],
      visibility: 'BUSINESS_AND_PARTICIPANT',
      direction: 'BUSINESS_TO_PARTICIPANT',
      sequence: message?._id,
      _createdDate: world.clock.now(),
      silent: false,
    });
    expect(message?._createdDate).toBeInstanceOf(Date);
  });

  it('gives each message a larger sequence (a string), also when the clock stands still or goes back', async () => {
    const conversationId = await conversationWith({ anonymousVisitorId: 'visitor-7' });
    const sequences: bigint[] = [];
    for (const step of [0, 0, 1_000, -60_000]) {
      if (step < 0) world.clock.set(new Date(world.clock.nowMs() + step));
      else world.clock.advance(step);
      const { message } = await elevated(() => messages.sendMessage(conversationId, textMessage()));
      expect(typeof message?.sequence).toBe('string');
      sequences.push(BigInt(message?.sequence ?? '0'));
    }
    expect([...sequences].sort((a, b) => (a < b ? -1 : 1))).toEqual(sequences);
    expect(new Set(sequences).size).toBe(sequences.length);
  });

  it('names the Wix user as sender when an admin calls without elevating', async () => {
    const conversationId = await conversationWith({ contactId: world.addContact() });
    const { message } = await world.as(callers.admin(), () => messages.sendMessage(conversationId, textMessage()));
    expect(message?.sender).toEqual({ wixUserId: 'owner-user-1' });
    expect(message).not.toHaveProperty('appId');
  });

  it("stamps the participant's ID as sender with sendAs PARTICIPANT (member: memberId + contactId)", async () => {
    const contactId = world.addContact();
    const { memberId, contactId: memberContactId } = world.addMember();
    const toContact = await conversationWith({ contactId });
    const toMember = await conversationWith({ memberId });
    const toVisitor = await conversationWith({ anonymousVisitorId: 'visitor-9' });
    const send = (id: string) =>
      elevated(() => messages.sendMessage(id, { ...textMessage(), direction: 'PARTICIPANT_TO_BUSINESS' }, { sendAs: 'PARTICIPANT' }));
    expect((await send(toContact)).message?.sender).toEqual({ contactId });
    expect((await send(toMember)).message?.sender).toEqual({ memberId, contactId: memberContactId });
    expect((await send(toVisitor)).message?.sender).toEqual({ anonymousVisitorId: 'visitor-9' });
  });

  it('refuses sendAs BUSINESS_USER (internal) and unknown sendAs values', async () => {
    const conversationId = await conversationWith({ contactId: world.addContact() });
    for (const sendAs of ['BUSINESS_USER', 'SOMEONE'] as const) {
      const error = await failure(elevated(() => messages.sendMessage(conversationId, textMessage(), { sendAs: sendAs as 'CALLER' })));
      expectValidationError(error, 'options.sendAs');
    }
  });

  it('records sendNotifications (default false) as emulator metadata, never on the returned message', async () => {
    const conversationId = await conversationWith({ contactId: world.addContact() });
    const quiet = await elevated(() => messages.sendMessage(conversationId, textMessage('a')));
    const loud = await elevated(() => messages.sendMessage(conversationId, textMessage('b'), { sendNotifications: true }));
    expect(quiet.message).not.toHaveProperty('sendNotifications');
    expect(loud.message).not.toHaveProperty('sendNotifications');
    expect(world.inbox.messagesOf(conversationId).map((m) => [m.message._id, m.sendNotifications])).toEqual([
      [quiet.message?._id, false],
      [loud.message?._id, true],
    ]);
  });

  it('takes silent from the message, falling back to the deprecated option', async () => {
    const conversationId = await conversationWith({ contactId: world.addContact() });
    const send = (silent: boolean | undefined, option: boolean | undefined) =>
      elevated(() =>
        messages.sendMessage(conversationId, { ...textMessage(), ...(silent === undefined ? {} : { silent }) }, option === undefined ? {} : { silent: option }),
      ).then((r) => r.message?.silent);
    expect(await send(undefined, undefined)).toBe(false);
    expect(await send(true, undefined)).toBe(true);
    expect(await send(undefined, true)).toBe(true);
    expect(await send(false, true)).toBe(false);
  });

  it('ignores read-only fields the caller sets (_id, sender, sequence, appId, _createdDate)', async () => {
    const conversationId = await conversationWith({ contactId: world.addContact() });
    const forged = { ...textMessage(), _id: 'mine', sender: { wixUserId: 'someone' }, sequence: '1', appId: 'x', _createdDate: new Date(0) };
    const { message } = await elevated(() => messages.sendMessage(conversationId, forged));
    expect(message).toMatchObject({ sender: { appId: SITE_CODE_APP_ID }, appId: SITE_CODE_APP_ID, _createdDate: world.clock.now() });
    expect(message?._id).not.toBe('mine');
    expect(message?.sequence).not.toBe('1');
  });

  it('fills template defaults (PORTRAIT) and the sending app on postback buttons', async () => {
    const conversationId = await conversationWith({ contactId: world.addContact() });
    const { message } = await elevated(() =>
      messages.sendMessage(conversationId, {
        direction: 'BUSINESS_TO_PARTICIPANT',
        visibility: 'BUSINESS_AND_PARTICIPANT',
        content: {
          template: {
            title: 'Booked',
            buttons: [{ label: 'Change', postbackProperties: { interactionId: 'change-1' } }, { label: 'Open', launchUrl: 'https://example.com/x' }],
          },
        },
      }),
    );
    expect(message?.content).toEqual({
      contentType: 'TEMPLATE',
      template: {
        title: 'Booked',
        textLines: [],
        orientation: 'PORTRAIT',
        buttons: [
          { label: 'Change', postbackProperties: { interactionId: 'change-1', appId: SITE_CODE_APP_ID } },
          { label: 'Open', launchUrl: 'https://example.com/x' },
        ],
      },
    });
  });

  it('fires wixCrmInbox_onMessageSentToParticipant for a business-to-participant message', async () => {
    const received: unknown[] = [];
    world = startInbox({ handlers: { wixCrmInbox_onMessageSentToParticipant: (event: unknown) => received.push(event) } });
    const conversationId = await conversationWith({ contactId: world.addContact() });
    const { message } = await elevated(() => messages.sendMessage(conversationId, textMessage()));
    await world.events.settle();
    const expected = {
      data: { conversationId, message },
      metadata: { id: expect.any(String), entityId: message?._id, eventTime: world.clock.now().toISOString(), triggeredByAnonymizeRequest: false },
    };
    expect(received).toEqual([expected]);
    expect(world.events.log('wixCrmInbox_onMessageSentToParticipant')).toEqual([{ name: 'wixCrmInbox_onMessageSentToParticipant', event: expected, handled: true }]);
    expect(world.events.log('wixCrmInbox_onMessageSentToBusiness')).toEqual([]);
  });

  it('fires wixCrmInbox_onMessageSentToBusiness when site code sends participant-to-business (e.g. a form)', async () => {
    const conversationId = await conversationWith({ contactId: world.addContact() });
    const { message } = await elevated(() =>
      messages.sendMessage(conversationId, {
        direction: 'PARTICIPANT_TO_BUSINESS',
        visibility: 'BUSINESS',
        content: { form: { title: 'New contact', fields: [{ name: 'Email', value: 'x' }] } },
      }),
    );
    expect(world.events.log('wixCrmInbox_onMessageSentToBusiness').map((e) => e.event)).toEqual([
      expect.objectContaining({ data: { conversationId, message } }),
    ]);
  });

  it('answers 404 CONVERSATION_NOT_FOUND for an unknown conversation and 400 for a malformed ID', async () => {
    const unknown = await failure(elevated(() => messages.sendMessage('0e0e0e0e-0000-4000-8000-000000000000', textMessage())));
    expectApplicationError(unknown, 404, 'CONVERSATION_NOT_FOUND');
    expectValidationError(await failure(elevated(() => messages.sendMessage('nope', textMessage()))), 'conversationId');
    expect(world.events.log()).toEqual([]);
  });
});

describe('participantSendsMessage (test control)', () => {
  it('appends a participant-to-business message from the participant, creating the conversation', async () => {
    const { memberId, contactId } = world.addMember();
    const { conversationId, message } = world.inbox.participantSendsMessage({ memberId }, 'Hi, a question');
    expect(message).toMatchObject({
      direction: 'PARTICIPANT_TO_BUSINESS',
      visibility: 'BUSINESS_AND_PARTICIPANT',
      sender: { memberId, contactId },
      content: { basic: { items: [{ text: 'Hi, a question' }] }, contentType: 'BASIC' },
    });
    expect(message).not.toHaveProperty('appId');
    expect(world.inbox.conversationOf({ memberId })?.conversation._id).toBe(conversationId);
    expect(world.events.log('wixCrmInbox_onMessageSentToBusiness').map((e) => e.event)).toEqual([
      expect.objectContaining({ data: { conversationId, message }, metadata: expect.objectContaining({ entityId: message._id }) }),
    ]);
  });

  it("is the visitor's chat: their messages share one conversation with the business's replies", async () => {
    const first = world.inbox.participantSendsMessage({ anonymousVisitorId: 'visitor-3' }, 'Hello?');
    const conversationId = await conversationWith({ anonymousVisitorId: 'visitor-3' });
    expect(conversationId).toBe(first.conversationId);
    await elevated(() => messages.sendMessage(conversationId, textMessage('Hello!')));
    expect(world.inbox.messagesOf(conversationId).map((m) => m.message.direction)).toEqual([
      'PARTICIPANT_TO_BUSINESS',
      'BUSINESS_TO_PARTICIPANT',
    ]);
  });
});
