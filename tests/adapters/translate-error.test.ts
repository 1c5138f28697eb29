import { describe, expect, it } from '@jest/globals';
import { InboxError } from 'backend/inbox/errors';
import { translateWixError } from 'backend/wix/translate-error';
import { applicationError, httpError, systemError, validationError, wixDataError } from 'wix-emulator';

const CONVERSATION = 'conv-1';

describe('a conversation that no longer exists', () => {
  it('is recognised by the application code CONVERSATION_NOT_FOUND', () => {
    const error = translateWixError(applicationError(404, 'CONVERSATION_NOT_FOUND', 'gone'), 'sendMessage', CONVERSATION);
    expect(error).toMatchObject({ code: 'INBOX_UNAVAILABLE', conversationGone: true, conversationId: CONVERSATION });
  });

  it('is recognised by a plain 404 NOT_FOUND on an operation that used a conversation ID', () => {
    expect(translateWixError(httpError(404), 'listMessages', CONVERSATION)).toMatchObject({ conversationGone: true });
  });

  it('is not assumed from a 404 about something else, such as the Inbox instance', () => {
    const error = translateWixError(applicationError(404, 'INBOX_INSTANCE_NOT_FOUND', 'no inbox'), 'sendMessage', CONVERSATION);
    expect(error).toMatchObject({ code: 'INBOX_UNAVAILABLE', conversationGone: false, retryable: false });
  });

  it('is not assumed from a 404 on an operation that used no conversation ID', () => {
    expect(translateWixError(httpError(404), 'getOrCreateConversation')).toMatchObject({ conversationGone: false });
  });
});

describe('a 400', () => {
  it('from sendMessage with a validation error is MESSAGE_INVALID naming the field under message.', () => {
    const error = translateWixError(validationError('content.basic.items[0].text', 'is too long'), 'sendMessage', CONVERSATION);
    expect(error).toMatchObject({ code: 'MESSAGE_INVALID', field: 'message.content.basic.items[0].text', retryable: false });
    expect(translateWixError(validationError('message.content.previewText', 'bad'), 'sendMessage', CONVERSATION).field).toBe('message.content.previewText');
  });

  it('from sendMessage without a validation error is MESSAGE_INVALID without a field', () => {
    const error = translateWixError(applicationError(400, 'INVALID_MEDIA_URL', 'bad url'), 'sendMessage', CONVERSATION);
    expect(error).toMatchObject({ code: 'MESSAGE_INVALID', field: undefined, retryable: false, upstream: { status: 400, code: 'INVALID_MEDIA_URL' } });
  });

  it('from any other operation is INBOX_UNAVAILABLE, not retryable, and never blames the message', () => {
    for (const operation of ['getOrCreateConversation', 'listMessages', 'queryContacts', 'getMember', 'createContact', 'query InboxOutbox'] as const) {
      for (const wixError of [validationError('paging.limit', 'too big'), httpError(400)]) {
        const error = translateWixError(wixError, operation);
        expect(error).toMatchObject({ code: 'INBOX_UNAVAILABLE', retryable: false, field: undefined });
      }
    }
  });
});

describe('wix-data failures', () => {
  it.each(['WD_PERMISSION_DENIED', 'WD_VALIDATION_ERROR', 'WD_ITEM_ALREADY_EXISTS', 'WD_ITEM_DOES_NOT_EXIST'])(
    'with the permanent code %s are INBOX_UNAVAILABLE and not retryable',
    (code) => {
      expect(translateWixError(wixDataError(code, 'refused'), 'write InboxOutbox')).toMatchObject({ code: 'INBOX_UNAVAILABLE', retryable: false, upstream: { code } });
    },
  );

  it('with any other code and no HTTP status are transient: retryable', () => {
    expect(translateWixError(wixDataError('WD_UNKNOWN_ERROR', 'try again'), 'write InboxOutbox')).toMatchObject({ code: 'INBOX_UNAVAILABLE', retryable: true });
  });

  it('with a 5xx status are retryable', () => {
    const error = Object.assign(wixDataError('WD_HTTP_503', 'unavailable'), { status: 503 });
    expect(translateWixError(error, 'read InboxDeliveries')).toMatchObject({ retryable: true, upstream: { status: 503, code: 'WD_HTTP_503' } });
  });

  it.each(['WD_SCHEMA_DOES_NOT_EXIST', 'WD_COLLECTION_DELETED', 'WDE0025', 'WDE0026'])('for a missing or deleted collection (%s) are SITE_NOT_SET_UP and not retryable', (code) => {
    expect(translateWixError(wixDataError(code, 'gone'), 'read InboxOutbox')).toMatchObject({ code: 'SITE_NOT_SET_UP', retryable: false, upstream: { code } });
  });

  it('for a missing collection are SITE_NOT_SET_UP, not retryable, and say how to set the site up', () => {
    const error = translateWixError(wixDataError('WD_SCHEMA_DOES_NOT_EXIST', 'WDE0025: The InboxRateLimits collection does not exist.'), 'query InboxRateLimits');
    expect(error).toMatchObject({ code: 'SITE_NOT_SET_UP', retryable: false, upstream: { code: 'WD_SCHEMA_DOES_NOT_EXIST' } });
    expect(error.message).toBe(
      'query InboxRateLimits: the collection does not exist on this site. An admin can create every collection velo-inbox needs with setUpInbox() (backend/inbox-setup.web), or in the CMS as the README describes.',
    );
  });
});

describe('outages and throttling', () => {
  it('a 429 is RATE_LIMITED, retryable, and carries how long Wix asked to wait', () => {
    const error = Object.assign(httpError(429), { retryAfterSeconds: 30 });
    expect(translateWixError(error, 'sendMessage', CONVERSATION)).toMatchObject({ code: 'RATE_LIMITED', retryable: true, retryAfterMs: 30_000 });
    expect(translateWixError(httpError(429), 'queryContacts')).toMatchObject({ code: 'RATE_LIMITED', retryable: true, retryAfterMs: undefined });
  });

  it('a 5xx is INBOX_UNAVAILABLE and retryable', () => {
    for (const status of [500, 502, 503, 504]) {
      expect(translateWixError(systemError(status), 'sendMessage', CONVERSATION)).toMatchObject({ code: 'INBOX_UNAVAILABLE', retryable: true, conversationGone: false });
    }
  });

  it('a failure without any status (no response at all) is INBOX_UNAVAILABLE and retryable', () => {
    expect(translateWixError(new Error('socket hang up'), 'getOrCreateConversation')).toMatchObject({ code: 'INBOX_UNAVAILABLE', retryable: true });
  });

  it('a 403 is INBOX_UNAVAILABLE and not retryable', () => {
    expect(translateWixError(httpError(403), 'queryContacts')).toMatchObject({ code: 'INBOX_UNAVAILABLE', retryable: false });
  });
});

describe('every translation', () => {
  it('never copies the Wix message, which may quote personal data', () => {
    const leaky = [
      applicationError(404, 'CONVERSATION_NOT_FOUND', 'no conversation for jo@example.com'),
      validationError('content.basic.items[0].text', 'jo@example.com is not allowed'),
      wixDataError('WD_VALIDATION_ERROR', 'Failed to save [jo@example.com]'),
      systemError(503),
    ];
    for (const wixError of leaky) {
      wixError.message = `${wixError.message} jo@example.com`;
      expect(translateWixError(wixError, 'sendMessage', CONVERSATION).message).not.toMatch(/jo@example/);
    }
  });

  it('passes an InboxError through unchanged', () => {
    const original = new InboxError('PARTICIPANT_NOT_FOUND', 'nobody');
    expect(translateWixError(original, 'queryContacts')).toBe(original);
  });
});
