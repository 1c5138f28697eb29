import { InboxError, isInboxError } from '../inbox/errors';

/**
 * Turns what a Velo call threw into an InboxError, once, here. Classifies by `status` and the application error code
 * (v2 modules), or the string `code` (wix-data), never by parsing messages. The Wix message is not copied: it may quote
 * personal data.
 */
export function translateWixError(error: unknown, operation: string, conversationId?: string): InboxError {
  if (isInboxError(error)) return error;
  const e = (error ?? {}) as {
    status?: unknown;
    code?: unknown;
    retryAfterSeconds?: unknown;
    details?: { applicationError?: { code?: unknown }; validationError?: { fieldViolations?: { field?: unknown }[] } };
  };
  const status = typeof e.status === 'number' ? e.status : undefined;
  const code =
    typeof e.details?.applicationError?.code === 'string'
      ? e.details.applicationError.code
      : typeof e.code === 'string'
        ? e.code
        : undefined;
  const upstream = { ...(status === undefined ? {} : { status }), ...(code === undefined ? {} : { code }) };
  const retryAfterMs = typeof e.retryAfterSeconds === 'number' ? e.retryAfterSeconds * 1000 : undefined;
  const common = { upstream, cause: error, ...(retryAfterMs === undefined ? {} : { retryAfterMs }), ...(conversationId ? { conversationId } : {}) };

  if (code === 'CONVERSATION_NOT_FOUND' || (status === 404 && conversationId !== undefined)) {
    return new InboxError('INBOX_UNAVAILABLE', `${operation}: the conversation no longer exists (merged).`, { ...common, conversationGone: true });
  }
  if (status === 429 || code === 'TOO_MANY_REQUESTS') {
    return new InboxError('RATE_LIMITED', `${operation}: Wix is rate limiting this site. Try again later.`, { ...common, retryable: true });
  }
  if (status === 400 && e.details?.validationError) {
    const field = e.details.validationError.fieldViolations?.[0]?.field;
    return new InboxError('MESSAGE_INVALID', `${operation}: Wix refused the message content.`, {
      ...common,
      ...(typeof field === 'string' ? { field: `message.${field.replace(/^message\./, '')}` } : {}),
    });
  }
  if (code === 'WD_SCHEMA_DOES_NOT_EXIST') {
    // A setup mistake, not an outage: say what to fix (the collection name is not personal data).
    return new InboxError('INBOX_UNAVAILABLE', `${operation}: the collection does not exist on this site. Create it as the README describes.`, common);
  }
  const retryable = status === undefined || status >= 500 || status === 408;
  return new InboxError('INBOX_UNAVAILABLE', `${operation} failed${status ? ` (HTTP ${status}${code ? ` ${code}` : ''})` : code ? ` (${code})` : ''}.`, {
    ...common,
    retryable,
  });
}

export function isNotFound(error: unknown): boolean {
  const e = (error ?? {}) as { status?: unknown; code?: unknown; details?: { applicationError?: { code?: unknown } } };
  const code = e.details?.applicationError?.code ?? e.code;
  return e.status === 404 || (typeof code === 'string' && /NOT_FOUND/.test(code));
}

/** wix-data's answer to inserting an `_id` that exists: how "first writer wins" is detected. */
export function isDuplicateItem(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'WD_ITEM_ALREADY_EXISTS' || code === 'WD_DUPLICATE_ITEM_ID';
}
