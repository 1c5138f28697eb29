/** A request the UI cannot act on (a missing field, an unknown element, the wrong identity): answered 400, 403 or 404. */
export class UiRequestError extends Error {
  override readonly name = 'UiRequestError';
  constructor(
    readonly code: 'INVALID_INPUT' | 'NOT_FOUND' | 'NOT_A_PARTICIPANT' | 'NOT_THE_OWNER' | 'UNKNOWN_OPERATION' | 'PAGE_NOT_LOADED',
    message: string,
  ) {
    super(message);
  }

  get status(): 400 | 403 | 404 {
    if (this.code === 'NOT_FOUND') return 404;
    return this.code === 'NOT_THE_OWNER' ? 403 : 400;
  }
}
