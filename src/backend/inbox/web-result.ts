import { isInboxError, type PublicError } from './errors';

/**
 * What web methods answer. Errors travel as data because a thrown error reaches the page with its message only:
 * the `code` a page switches on would not survive the trip.
 */
export type WebResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: PublicError };

export async function toWebResult<T>(work: () => Promise<T>): Promise<WebResult<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (isInboxError(error)) {
      // Refusals are the caller's business; an unavailable inbox is the site owner's: leave a trace (codes only).
      if (error.code === 'INBOX_UNAVAILABLE' || error.code === 'SITE_NOT_SET_UP') console.error(`velo-inbox: ${error.message}`, error.upstream ?? {});
      return { ok: false, error: error.toPublic() };
    }
    // A bug, not a refusal: keep it visible in the site logs (type only: messages may quote personal data) and
    // answer with a code the page can handle.
    console.error('velo-inbox: unexpected failure', error instanceof Error ? error.name : typeof error);
    return { ok: false, error: { code: 'INBOX_UNAVAILABLE', message: 'Messaging is unavailable right now. Please try again later.' } };
  }
}
