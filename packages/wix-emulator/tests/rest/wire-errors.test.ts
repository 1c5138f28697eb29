import { toWireError } from '../../src/rest/wire-errors';
import { applicationError, systemError, validationError, wixDataError, withRetryAfter } from '../../src/kernel/wix-errors';

/** The one translation of emulator errors to Wix's error answers, for every form a service may throw. */
describe('toWireError', () => {
  it('reads a wix-data error WDE code from `code`, from the message prefix, or from the WD_ code', () => {
    const inCode = wixDataError('WDE0074', 'Item exists');
    expect(toWireError(inCode)).toMatchObject({ status: 409, body: { details: { applicationError: { code: 'WDE0074' } } } });
    const inMessage = wixDataError('WD_VALIDATION_ERROR', 'WDE0001: Collection name must be a string.');
    expect(toWireError(inMessage)).toMatchObject({ status: 400, body: { details: { applicationError: { code: 'WDE0001' } } } });
    const mapped = wixDataError('WD_ITEM_DOES_NOT_EXIST', 'gone');
    expect(toWireError(mapped)).toMatchObject({ status: 404, body: { details: { applicationError: { code: 'WDE0073', description: 'gone' } } } });
    expect(toWireError(wixDataError('WD_PERMISSION_DENIED', 'no'))).toMatchObject({ status: 403, body: { details: { applicationError: { code: 'WDE0027' } } } });
  });

  it('sends an injected wix-data HTTP failure bare, with its status and Retry-After', () => {
    const throttled = withRetryAfter(Object.assign(wixDataError('WD_HTTP_429', 'Injected failure (429)'), { status: 429 }), 2);
    expect(toWireError(throttled)).toEqual({ status: 429, body: { message: 'Too Many Requests' }, retryAfterSeconds: 2 });
    const down = Object.assign(wixDataError('WD_HTTP_503', 'Injected failure (503)'), { status: 503 });
    expect(toWireError(down)).toEqual({ status: 503, body: { message: 'Service Unavailable' } });
  });

  it('keeps v2 application and validation details as they are', () => {
    expect(toWireError(applicationError(404, 'CONTACT_NOT_FOUND', 'Contact not found', { contactId: 'c' }))).toEqual({
      status: 404,
      body: { message: 'Contact not found', details: { applicationError: { code: 'CONTACT_NOT_FOUND', description: 'Contact not found', data: { contactId: 'c' } } } },
    });
    expect(toWireError(validationError('info.emails[0].email', 'must be a valid email address'))).toMatchObject({
      status: 400,
      body: { details: { validationError: { fieldViolations: [{ field: 'info.emails[0].email' }] } } },
    });
  });

  it('answers a system error or an emulator fault as a bare 5xx', () => {
    expect(toWireError(systemError(502))).toEqual({ status: 502, body: { message: 'Bad Gateway' } });
    expect(toWireError(new Error('emulator bug'))).toEqual({ status: 500, body: { message: 'emulator bug' } });
    expect(toWireError('thrown string')).toEqual({ status: 500, body: { message: 'thrown string' } });
  });
});
