/**
 * One error type for everything the inbox module refuses or cannot do. Pages switch on `code`; `message` is for humans
 * and never contains personal data (no emails, phones or message text).
 */
export const INBOX_ERROR_CODES = [
  'INVALID_INPUT',
  'PARTICIPANT_NOT_FOUND',
  'ANONYMOUS_VISITOR_NOT_ADDRESSABLE',
  'MESSAGE_INVALID',
  'PERMISSION_DENIED',
  'RATE_LIMITED',
  'INBOX_UNAVAILABLE',
  'IDEMPOTENCY_CONFLICT',
  'SITE_NOT_SET_UP',
  /** The site's inbox.config.js breaks a rule (the message names the key and the rule). */
  'CONFIG_INVALID',
] as const;

export type InboxErrorCode = (typeof INBOX_ERROR_CODES)[number];

/** What Wix answered, when the failure came from Wix: HTTP status and Wix's own error code. */
export interface UpstreamFailure {
  readonly status?: number;
  readonly code?: string;
}

export interface InboxErrorOptions {
  /** The input field at fault, as a path (`message.basic.items[0].text`). */
  readonly field?: string;
  readonly upstream?: UpstreamFailure;
  /** Worth retrying later (5xx, 429, timeouts). */
  readonly retryable?: boolean;
  /** How long Wix asked us to wait (Retry-After), in milliseconds. */
  readonly retryAfterMs?: number;
  /**
   * Retryable, and no failure of this attempt: it waits for another worker's progress (a look-alike mid-attempt, a
   * stalled worker's bound, a greeting of the day still deciding). Such an attempt does not use up one of the attempts
   * a round may have: two look-alikes retried in step would otherwise wait on each other until both died.
   */
  readonly waiting?: boolean;
  /** The conversation ID we used no longer exists (it was merged): resolve again before retrying. */
  readonly conversationGone?: boolean;
  /** The conversation the failed call used, when there was one. */
  readonly conversationId?: string;
  readonly cause?: unknown;
}

export class InboxError extends Error {
  override readonly name = 'InboxError' as const;
  readonly code: InboxErrorCode;
  readonly field: string | undefined;
  readonly upstream: UpstreamFailure | undefined;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly waiting: boolean;
  readonly conversationGone: boolean;
  readonly conversationId: string | undefined;

  constructor(code: InboxErrorCode, message: string, options: InboxErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.field = options.field;
    this.upstream = options.upstream;
    this.retryable = options.retryable ?? false;
    this.retryAfterMs = options.retryAfterMs;
    this.waiting = options.waiting ?? false;
    this.conversationGone = options.conversationGone ?? false;
    this.conversationId = options.conversationId;
  }

  /** What a page receives: a code to switch on and a message to show. Nothing else crosses the wire. */
  toPublic(): PublicError {
    return { code: this.code, message: this.message, ...(this.field === undefined ? {} : { field: this.field }) };
  }
}

export interface PublicError {
  readonly code: InboxErrorCode;
  readonly message: string;
  readonly field?: string;
}

export function isInboxError(value: unknown): value is InboxError {
  return value instanceof InboxError;
}
