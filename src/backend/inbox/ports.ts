import type { Intent } from './intent';

/**
 * What the inbox module needs from the outside world. The module imports no wix-* module: the adapters in
 * `backend/wix/` implement these ports with Velo APIs (on Wix, or on the emulator in tests).
 */

/** How Inbox addresses somebody. Anonymous visitors are deliberately absent: site code cannot address them. */
export type ParticipantId = { readonly memberId: string } | { readonly contactId: string };

export interface ContactRecord {
  readonly id: string;
  /** All of the contact's emails, as stored. */
  readonly emails: readonly string[];
  readonly primaryEmail: string | undefined;
  /** All of the contact's phones, as stored. */
  readonly phones: readonly string[];
  readonly primaryPhone: string | undefined;
  /** Last activity (falls back to creation), for the "most recently active" tie-break. */
  readonly lastActivityAt: Date;
  /** Wix marks the contact of a site member (extended field `members.membershipStatus`). */
  readonly belongsToMember: boolean;
}

export interface MemberRecord {
  readonly id: string;
  readonly loginEmail: string | undefined;
  /**
   * The member's contact, when the member's own record came with it (the SDK's members query returns it); otherwise
   * resolution reads it with `memberContactId`.
   */
  readonly contactId?: string | undefined;
}

export interface ContactCriteria {
  readonly ids: readonly string[];
  /** Matched case-insensitively (Wix contacts compare emails that way). */
  readonly emails: readonly string[];
  readonly phones: readonly string[];
}

export interface MemberCriteria {
  readonly ids: readonly string[];
  /** Matched exactly (wix-data `eq`/`hasSome` are case-sensitive): pass every spelling worth trying. */
  readonly loginEmails: readonly string[];
}

/** Contacts and members of the site. Each find is one query; callers keep inputs ≤ 100 per call. */
export interface Directory {
  findContacts(criteria: ContactCriteria): Promise<ContactRecord[]>;
  findMembers(criteria: MemberCriteria): Promise<MemberRecord[]>;
  /** The contact a member is linked to, or undefined when the member does not exist. */
  memberContactId(memberId: string): Promise<string | undefined>;
  /**
   * Creates a contact holding only this email, elevated, without touching any visitor session or existing contact;
   * when a contact with the email exists already (a race, a search that lags), answers that contact instead.
   */
  createContactForEmail(email: string): Promise<{ contactId: string }>;
}

export type MessageDirection = 'BUSINESS_TO_PARTICIPANT' | 'PARTICIPANT_TO_BUSINESS';
export type MessageVisibility = 'BUSINESS_AND_PARTICIPANT' | 'BUSINESS';

/** Content exactly as Inbox's `MessageContent` takes it (one payload + optional previewText/title). */
export type MessageContent = {
  readonly previewText?: string;
  readonly title?: string;
} & (
  | { readonly basic: BasicPayload }
  | { readonly minimal: MinimalPayload }
  | { readonly form: FormPayload }
  | { readonly template: TemplatePayload }
);

// Arrays in content are mutable on purpose: the shapes must stay assignable to Inbox's own `MessageContent` type.
export interface BasicPayload {
  readonly items: (
    | { readonly text: string }
    | { readonly image: { readonly url: string; readonly width?: number; readonly height?: number; readonly filename?: string } }
    | { readonly file: { readonly url: string; readonly filename?: string; readonly mimeType?: string } }
  )[];
}
export interface MinimalPayload {
  readonly text: string;
  readonly iconUrl?: string;
  readonly url?: string;
}
export interface FormPayload {
  readonly title: string;
  readonly description?: string;
  readonly fields: { readonly name: string; readonly value: string }[];
}
export interface TemplateButton {
  readonly label: string;
  readonly launchUrl?: string;
  readonly postbackProperties?: { readonly interactionId: string };
}
export interface TemplatePayload {
  readonly title?: string;
  readonly imageUrl?: string;
  readonly textLines?: string[];
  readonly buttons?: TemplateButton[];
  readonly orientation?: 'PORTRAIT' | 'LANDSCAPE';
}

export interface OutgoingMessage {
  readonly content: MessageContent;
  readonly direction: MessageDirection;
  readonly visibility: MessageVisibility;
}

export interface SendOptions {
  readonly sendNotifications: boolean;
  /** `PARTICIPANT` stamps the participant as sender (used to record what a visitor submitted). */
  readonly sendAs?: 'CALLER' | 'PARTICIPANT';
}

/** A message as read back from a conversation: enough to recognise one we may have sent. */
export interface SeenMessage {
  readonly messageId: string;
  readonly direction: MessageDirection | undefined;
  readonly content: unknown;
  readonly createdAt: Date | undefined;
}

export interface Inbox {
  getOrCreateConversation(participantId: ParticipantId): Promise<{ conversationId: string; newConversation: boolean }>;
  sendMessage(conversationId: string, message: OutgoingMessage, options: SendOptions): Promise<{ messageId: string }>;
  /** The conversation's most recent messages (all visibilities), newest first. */
  recentMessages(conversationId: string, limit: number): Promise<SeenMessage[]>;
}

export interface Clock {
  now(): Date;
  /** Waits (backoff between retries). */
  sleep(ms: number): Promise<void>;
}

/**
 * Claims that make work happen once (frequency caps, attempt leases, message adoptions, form records), kept in a
 * collection so they survive backend restarts.
 */
export interface DeliveryLog {
  /**
   * Claims `key` for work that must happen once: true for the first claimant (atomically, even when two event
   * deliveries race), false while an earlier claim younger than `windowMs` stands — unless `owner` made that claim
   * (so a worker that crashed after claiming still holds what it claimed).
   */
  claim(key: string, at: Date, windowMs: number, owner?: string): Promise<boolean>;
  /** Gives a claim back when the work it guarded failed, so a redelivery can try again. */
  release(key: string): Promise<void>;
}

/** Who is calling, as the backend establishes it from the session (never from an argument). */
export type Caller =
  | { readonly kind: 'admin' }
  | { readonly kind: 'member'; readonly memberId: string; readonly contactId: string | undefined; readonly loginEmail: string | undefined }
  | { readonly kind: 'visitor'; readonly visitorId: string };

export interface Identity {
  currentCaller(): Promise<Caller>;
}

/**
 * Sliding-window limits: at most `limit` takes of one key in any `windowMs` (not per clock window, so nothing doubles
 * at a window's edge), however many calls race. Design: docs/decisions/0005-sliding-window-rate-limits.md.
 */
export interface RateLimiter {
  take(key: string, limit: number, windowMs: number): Promise<RateDecision>;
}

export type RateDecision =
  | {
      readonly allowed: true;
      /** The slot this take holds: unique per allowed take, so it can name what it allowed (an idempotency key). */
      readonly slot: string;
      /**
       * Frees the slot when what it allowed did not happen (refused, failed before anything went out, or answered by an
       * earlier send): it stops counting at once. Only the taker calls it, once.
       */
      giveBack(): Promise<void>;
    }
  | {
      readonly allowed: false;
      /** When the oldest take counted against this one leaves the window. */
      readonly retryAfterMs: number;
      /** The most recent slot counted against this take (with a limit of 1: the take that holds the window). */
      readonly heldBy: string;
    };

/** The outbox: every send intent, written before Wix is called (an admin-only wix-data collection on a site). */
export interface OutboxStore {
  /** Stores a new intent; if the key exists already, nothing is written and the stored intent is returned. */
  create(intent: Intent): Promise<{ created: true } | { created: false; existing: Intent }>;
  get(key: string): Promise<Intent | undefined>;
  save(intent: Intent): Promise<void>;
  /** Intents waiting for an attempt (pending or retrying, next attempt due by `now`), oldest due first. */
  due(now: Date, limit: number): Promise<Intent[]>;
  /** The key of the intent that already recorded `messageId` as its delivery, if any. */
  keyOfMessage(messageId: string): Promise<string | undefined>;
  /** How many other unfinished intents are sending the same content (signature) to this conversation right now. */
  countInFlight(conversationId: string, signature: string, exceptKey: string): Promise<number>;
}

/** What housekeeping removes, and up to when. */
export interface PurgeCutoffs {
  /** Finished intents (sent, skipped, dead) completed before this: they hold message text and addresses. */
  readonly finishedIntentsBefore: Date;
  /** Attempt leases, message adoptions and form-record claims taken before this. */
  readonly leasesBefore: Date;
  /** Rate-limit slots that no take reads any more (their `expiresAt`) before this. */
  readonly rateLimitSlotsBefore: Date;
}

/** Removes state nothing will read again, a bounded number of items per run. Frequency-cap claims are kept. */
export interface Housekeeping {
  purge(cutoffs: PurgeCutoffs, limit: number): Promise<{ intents: number; leases: number; rateLimitSlots: number }>;
}
