import { InboxError, isInboxError } from '../inbox/errors';

/**
 * What a Velo call was doing when it failed: the rules below depend on it (only sendMessage carries the caller's
 * message, so only its 400s blame `message.*`). wix-data operations name their collection: `read InboxOutbox`.
 */
export type WixOperation =
  | 'sendMessage'
  | 'listMessages'
  | 'getOrCreateConversation'
  | 'queryContacts'
  | 'getMember'
  | 'appendOrCreateContact'
  | `${'read' | 'write' | 'query' | 'claim in' | 'release in'} ${string}`;

/**
 * wix-data codes that say the request itself is wrong or the site is set up wrong: repeating it cannot succeed. Any
 * other `WD_…` code without an HTTP status (e.g. `WD_UNKNOWN_ERROR`, a dropped connection) is treated as transient.
 * Codes from the emulator's data-errors.ts and Wix's data client (`@wix/wix-data-items-common` errors).
 */
const PERMANENT_DATA_CODES: ReadonlySet<string> = new Set([
  'WD_PERMISSION_DENIED',
  'WD_VALIDATION_ERROR',
  'WD_SCHEMA_DOES_NOT_EXIST',
  'WD_ITEM_ALREADY_EXISTS',
  'WD_DUPLICATE_ITEM_ID',
  'WD_ITEM_DOES_NOT_EXIST',
  'WD_ITEM_NOT_FOUND',
  'WD_COLLECTION_DELETED',
  'WD_COLLECTION_NOT_FOUND',
  'WD_BAD_REQUEST',
  'WD_UNAUTHORIZED',
  'WD_FORBIDDEN',
]);

/**
 * "This collection does not exist": wix-data's code (legacy Velo module and Wix's data client), and the bare WDE number
 * the SDK puts in `details.applicationError.code` with no `code` (reference §9). Without the WDE form a missing
 * collection read through the SDK would look like an unknown transient failure and be retried forever.
 */
const MISSING_COLLECTION_CODES: ReadonlySet<string> = new Set(['WD_SCHEMA_DOES_NOT_EXIST', 'WDE0025']);

export const MISSING_COLLECTION_HELP =
  'the collection does not exist on this site. An admin can create every collection velo-inbox needs with setUpInbox() (backend/inbox-setup.web), or in the CMS as the README describes.';

/**
 * Turns what a Velo call threw into an InboxError, once, here. Classifies by `status` and the application error code
 * (v2 modules), or the string `code` (wix-data), never by parsing messages. The Wix message is not copied: it may quote
 * personal data.
 */
export function translateWixError(error: unknown, operation: WixOperation, conversationId?: string): InboxError {
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

  // Only "this conversation is gone" means resolve again: not a 404 about something else (the Inbox instance, an app).
  const genericNotFound = status === 404 && (code === undefined || code === 'NOT_FOUND') && conversationId !== undefined;
  if (code === 'CONVERSATION_NOT_FOUND' || genericNotFound) {
    return new InboxError('INBOX_UNAVAILABLE', `${operation}: the conversation no longer exists (merged).`, { ...common, conversationGone: true });
  }
  if (status === 429 || code === 'TOO_MANY_REQUESTS') {
    return new InboxError('RATE_LIMITED', `${operation}: Wix is rate limiting this site. Try again later.`, { ...common, retryable: true });
  }
  if (status === 400) {
    if (operation === 'sendMessage') {
      // The request's only free input is the message: whatever Wix refused in it, sending it again cannot succeed.
      const field = e.details?.validationError?.fieldViolations?.[0]?.field;
      return new InboxError('MESSAGE_INVALID', `${operation}: Wix refused the message content.`, {
        ...common,
        ...(typeof field === 'string' ? { field: `message.${field.replace(/^message\./, '')}` } : {}),
      });
    }
    // Elsewhere a 400 is a request this code built wrong (or Wix changed): nothing the caller's message can fix.
    return new InboxError('INBOX_UNAVAILABLE', `${operation} failed (HTTP 400${code ? ` ${code}` : ''}).`, { ...common, retryable: false });
  }
  if (code !== undefined && MISSING_COLLECTION_CODES.has(code)) {
    // A setup step not done, not an outage: permanent until an admin fixes it, and the message says how (the
    // collection name is not personal data).
    return new InboxError('SITE_NOT_SET_UP', `${operation}: ${MISSING_COLLECTION_HELP}`, { ...common, retryable: false });
  }
  const permanentData = code !== undefined && PERMANENT_DATA_CODES.has(code);
  const retryable = !permanentData && (status === undefined || status >= 500 || status === 408);
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
