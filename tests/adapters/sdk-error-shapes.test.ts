import { describe, expect, it } from '@jest/globals';
import { isDuplicateItem, isNotFound, isPermissionDenied, translateWixError } from 'backend/wix/translate-error';
import {
  applicationErrorAnswer,
  bareStatusAnswer,
  networkFailure,
  thrownBy,
  validationErrorAnswer,
  wireClient,
} from '../support/wix-wire';

// Every error below is thrown by the real @wix/* clients parsing a Wix wire-format answer.

describe('@wix/data items failures', () => {
  it('an insert of an existing _id (WDE0074) is a duplicate and not retryable', async () => {
    const client = wireClient(applicationErrorAnswer(409, 'WDE0074', 'WDE0074: An item with _id [k] already exists in collection [InboxOutbox].'));
    const error = await thrownBy(() => client.items.insert('InboxOutbox', { _id: 'k' }));
    expect(isDuplicateItem(error)).toBe(true);
    expect(translateWixError(error, 'write InboxOutbox')).toMatchObject({ code: 'INBOX_UNAVAILABLE', retryable: false, upstream: { code: 'WDE0074' } });
  });

  it('an update of a missing item (WDE0073) is not found, and not a duplicate', async () => {
    const client = wireClient(applicationErrorAnswer(404, 'WDE0073', 'WDE0073: Item [k] does not exist in collection [InboxOutbox].'));
    const error = await thrownBy(() => client.items.update('InboxOutbox', { _id: 'k' }));
    expect(isNotFound(error)).toBe(true);
    expect(isDuplicateItem(error)).toBe(false);
    expect(translateWixError(error, 'write InboxOutbox').retryable).toBe(false);
  });

  it.each(['WDE0025', 'WDE0026'])('a missing collection (%s) says which setup step is missing and is not an item not found', async (code) => {
    const client = wireClient(applicationErrorAnswer(404, code, `${code}: The InboxOutbox collection does not exist.`));
    const error = await thrownBy(() => client.items.query('InboxOutbox').find());
    expect(isNotFound(error)).toBe(false);
    expect(translateWixError(error, 'query InboxOutbox')).toMatchObject({
      code: 'SITE_NOT_SET_UP',
      message: expect.stringMatching(/^query InboxOutbox: the collection does not exist on this site\. An admin can create .* with setUpInbox\(\)/),
      retryable: false,
    });
  });

  it('a permission refusal (WDE0027) is not retryable', async () => {
    const client = wireClient(applicationErrorAnswer(403, 'WDE0027', 'WDE0027: The current user does not have permissions to insert on the InboxOutbox collection.'));
    const error = await thrownBy(() => client.items.insert('InboxOutbox', { _id: 'k' }));
    expect(translateWixError(error, 'write InboxOutbox')).toMatchObject({ retryable: false, upstream: { code: 'WDE0027' } });
    expect(isDuplicateItem(error)).toBe(false);
    expect(isPermissionDenied(error)).toBe(true);
    expect(isPermissionDenied(translateWixError(error, 'write InboxOutbox'))).toBe(true);
  });

  it('a validation error is not retryable', async () => {
    const client = wireClient(validationErrorAnswer('dataItem', 'is too large'));
    const error = await thrownBy(() => client.items.insert('InboxOutbox', { _id: 'k' }));
    expect(translateWixError(error, 'write InboxOutbox')).toMatchObject({ retryable: false, upstream: { status: 400 } });
  });

  it.each([500, 502, 503, 504])('a bare %i is retryable (the client keeps the status only as a numeric code)', async (status) => {
    const error = await thrownBy(() => wireClient(bareStatusAnswer(status)).items.insert('InboxOutbox', { _id: 'k' }));
    expect(translateWixError(error, 'write InboxOutbox')).toMatchObject({ code: 'INBOX_UNAVAILABLE', retryable: true, upstream: { status } });
    expect(isDuplicateItem(error)).toBe(false);
  });

  it('a bare 429 is RATE_LIMITED', async () => {
    const error = await thrownBy(() => wireClient(bareStatusAnswer(429)).items.query('InboxRateLimits').find());
    expect(translateWixError(error, 'query InboxRateLimits')).toMatchObject({ code: 'RATE_LIMITED', retryable: true });
  });

  it('a network failure is retryable', async () => {
    const error = await thrownBy(() => wireClient(networkFailure).items.get('InboxOutbox', 'k'));
    expect(translateWixError(error, 'read InboxOutbox')).toMatchObject({ code: 'INBOX_UNAVAILABLE', retryable: true });
  });
});

describe('@wix/inbox failures', () => {
  it('CONVERSATION_NOT_FOUND from sendMessage means the conversation is gone (merged)', async () => {
    const client = wireClient(applicationErrorAnswer(404, 'CONVERSATION_NOT_FOUND', 'Conversation not found'));
    const error = await thrownBy(() =>
      client.messages.sendMessage('conv-1', { content: { basic: { items: [{ text: 'hi' }] } }, direction: 'BUSINESS_TO_PARTICIPANT' }),
    );
    expect(translateWixError(error, 'sendMessage', 'conv-1')).toMatchObject({ conversationGone: true, upstream: { status: 404, code: 'CONVERSATION_NOT_FOUND' } });
  });

  it('a validation error from sendMessage is MESSAGE_INVALID naming the field', async () => {
    const client = wireClient(validationErrorAnswer('message.content.basic.items[0].text', 'must be at most 4000 characters'));
    const error = await thrownBy(() =>
      client.messages.sendMessage('conv-1', { content: { basic: { items: [{ text: 'hi' }] } }, direction: 'BUSINESS_TO_PARTICIPANT' }),
    );
    expect(translateWixError(error, 'sendMessage', 'conv-1')).toMatchObject({ code: 'MESSAGE_INVALID', field: 'message.content.basic.items[0].text' });
  });

  it('a bare 429 from getOrCreateConversation is RATE_LIMITED', async () => {
    const error = await thrownBy(() => wireClient(bareStatusAnswer(429)).conversations.getOrCreateConversation({ contactId: 'c-1' }));
    expect(translateWixError(error, 'getOrCreateConversation')).toMatchObject({ code: 'RATE_LIMITED', retryable: true });
  });

  it('a network failure from listMessages is retryable and does not claim the conversation is gone', async () => {
    const error = await thrownBy(() => wireClient(networkFailure).messages.listMessages('conv-1', 'BUSINESS'));
    expect(translateWixError(error, 'listMessages', 'conv-1')).toMatchObject({ retryable: true, conversationGone: false });
  });
});

describe('@wix/crm and @wix/members failures', () => {
  it('a contact that does not exist is not found', async () => {
    const error = await thrownBy(() => wireClient(applicationErrorAnswer(404, 'CONTACT_NOT_FOUND', 'Contact not found')).contacts.getContact('c-1'));
    expect(isNotFound(error)).toBe(true);
  });

  it('a member that does not exist (bare 404) is not found, and no permission refusal', async () => {
    const error = await thrownBy(() => wireClient(bareStatusAnswer(404)).members.getMember('m-1'));
    expect(isNotFound(error)).toBe(true);
    expect(isPermissionDenied(error)).toBe(false);
  });

  it('a permission refusal is neither not-found nor retryable', async () => {
    const error = await thrownBy(() => wireClient(applicationErrorAnswer(403, 'PERMISSION_DENIED', 'Forbidden')).contacts.queryContacts().find());
    expect(isNotFound(error)).toBe(false);
    expect(isPermissionDenied(error)).toBe(true);
    expect(translateWixError(error, 'queryContacts')).toMatchObject({ retryable: false, upstream: { status: 403, code: 'PERMISSION_DENIED' } });
  });

  it('a bare 503 from queryMembers is retryable', async () => {
    const error = await thrownBy(() => wireClient(bareStatusAnswer(503)).members.queryMembers().find());
    expect(translateWixError(error, 'query members')).toMatchObject({ retryable: true, upstream: { status: 503 } });
  });
});

describe('the message-only forms Velo code may see', () => {
  it.each([
    ['a WDE code leading the message', Object.assign(new Error('WDE0074: An item with _id [k] already exists in collection [C].'))],
    ['a WDE code in `code`', Object.assign(new Error('already exists'), { code: 'WDE0074' })],
    ['the older string code', Object.assign(new Error('already exists'), { code: 'WD_ITEM_ALREADY_EXISTS' })],
    ['an unknown code with a WDE0074 message', Object.assign(new Error('WDE0074: exists'), { code: 'WD_UNKNOWN_ERROR' })],
  ])('a duplicate is recognised from %s', (_form, error) => {
    expect(isDuplicateItem(error)).toBe(true);
  });

  it('a message merely mentioning WDE0074 later on is not a duplicate', () => {
    expect(isDuplicateItem(new Error('failed: see WDE0074'))).toBe(false);
  });
});
