import { InboxError, isInboxError } from '../inbox/errors';
import {
  DUPLICATE_CODES,
  ITEM_NOT_FOUND_CODES,
  MISSING_COLLECTION_CODES,
  PERMANENT_DATA_CODES,
  PERMISSION_CODES,
  RATE_LIMIT_CODES,
  readWixFailure,
} from './wix-failure';

/**
 * What a Wix call was doing when it failed: the rules below depend on it (only sendMessage carries the caller's
 * message, so only its 400s blame `message.*`). wix-data operations name their collection: `read InboxOutbox`.
 */
export type WixOperation =
  | 'sendMessage'
  | 'listMessages'
  | 'getOrCreateConversation'
  | 'queryContacts'
  | 'getContact'
  | 'queryMembers'
  | 'getMember'
  | 'createContact'
  | `${'read' | 'write' | 'query' | 'claim in' | 'release in'} ${string}`;

export const MISSING_COLLECTION_HELP =
  'the collection does not exist on this site. An admin can create every collection velo-inbox needs with setUpInbox() (backend/inbox-setup.web), or in the CMS as the README describes.';

/**
 * Turns what a Velo or SDK call threw into an InboxError, once, here. Classifies by `status` and the code, both read by
 * `readWixFailure` from every form Wix uses (wix-failure.ts); a message is read only for the WDE code it starts with.
 * The Wix message is not copied: it may quote personal data.
 */
export function translateWixError(error: unknown, operation: WixOperation, conversationId?: string): InboxError {
  if (isInboxError(error)) return error;
  const e = (error ?? {}) as {
    retryAfterSeconds?: unknown;
    details?: { validationError?: { fieldViolations?: { field?: unknown }[] } };
  };
  const { status, code } = readWixFailure(error);
  const upstream = { ...(status === undefined ? {} : { status }), ...(code === undefined ? {} : { code }) };
  // Wix's errors carry no Retry-After today (neither transform-error nor errorBuilder sets one; decision 0019): the
  // backoff and the pacer's fallback pause decide. Read anyway, so a future error that carries one is honoured.
  const retryAfterMs = typeof e.retryAfterSeconds === 'number' ? e.retryAfterSeconds * 1000 : undefined;
  const common = { upstream, cause: error, ...(retryAfterMs === undefined ? {} : { retryAfterMs }), ...(conversationId ? { conversationId } : {}) };

  // Only "this conversation is gone" means resolve again: not a 404 about something else (the Inbox instance, an app).
  const genericNotFound = status === 404 && (code === undefined || code === 'NOT_FOUND') && conversationId !== undefined;
  if (code === 'CONVERSATION_NOT_FOUND' || genericNotFound) {
    return new InboxError('INBOX_UNAVAILABLE', `${operation}: the conversation no longer exists (merged).`, { ...common, conversationGone: true });
  }
  if (status === 429 || (code !== undefined && RATE_LIMIT_CODES.has(code))) {
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
  const permanentData =
    code !== undefined && (PERMANENT_DATA_CODES.has(code) || DUPLICATE_CODES.has(code) || ITEM_NOT_FOUND_CODES.has(code) || PERMISSION_CODES.has(code));
  const retryable = !permanentData && (status === undefined || status >= 500 || status === 408);
  return new InboxError('INBOX_UNAVAILABLE', `${operation} failed${status ? ` (HTTP ${status}${code ? ` ${code}` : ''})` : code ? ` (${code})` : ''}.`, {
    ...common,
    retryable,
  });
}

/** Something addressed by ID (an item, a contact, a member) does not exist. A missing collection is not this. */
export function isNotFound(error: unknown): boolean {
  const { status, code } = readWixFailure(error);
  if (code !== undefined && MISSING_COLLECTION_CODES.has(code)) return false;
  return status === 404 || (code !== undefined && (ITEM_NOT_FOUND_CODES.has(code) || /NOT_FOUND/.test(code)));
}

/** wix-data's answer to inserting an `_id` that exists: how "first writer wins" is detected, in every documented form. */
export function isDuplicateItem(error: unknown): boolean {
  const { code } = readWixFailure(error);
  return code !== undefined && DUPLICATE_CODES.has(code);
}

/** Wix refused the caller (not elevated, or not allowed): wix-data's WDE0027 in any form, or a 401/403. */
export function isPermissionDenied(error: unknown): boolean {
  const { status, code } = readWixFailure(isInboxError(error) ? error.cause : error);
  return status === 401 || status === 403 || (code !== undefined && PERMISSION_CODES.has(code));
}
