import type { InboxErrorCode, UpstreamFailure } from './errors';
import type { DeliveredResult, Intent } from './intent';

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
  /** Wix marks the contact of a site member: extended field `members.membershipStatus` is `APPROVED` (membership-status.ts). */
  readonly belongsToMember: boolean;
  /** The contact's language (`info.locale`, an IETF tag such as `de-DE`) when Wix knows it: the owner's wording per language. */
  readonly locale?: string | undefined;
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
   * One contact read by ID (`getContact`), never through the contacts search, whose index may lag: what Wix holds now,
   * a sign-up's membership status included. Undefined when there is no such contact.
   */
  contactById(contactId: string): Promise<ContactRecord | undefined>;
  /**
   * Creates a contact holding only this email, elevated, without touching any visitor session or existing contact;
   * when a contact with the email exists already (a race, a search that lags), answers that contact instead.
   */
  createContactForEmail(email: string): Promise<{ contactId: string }>;
  /** Every contact carrying this label key (`info.labelKeys`), following the pages to the end. */
  contactsWithLabel(labelKey: string): Promise<ContactRecord[]>;
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
  /** Undefined when Wix did not say: such a message is never taken for one of ours. */
  readonly visibility: MessageVisibility | undefined;
  readonly content: unknown;
  readonly createdAt: Date | undefined;
}

export interface Inbox {
  getOrCreateConversation(participantId: ParticipantId): Promise<{ conversationId: string; newConversation: boolean }>;
  sendMessage(conversationId: string, message: OutgoingMessage, options: SendOptions): Promise<{ messageId: string }>;
  /**
   * The conversation's most recent messages (all visibilities), newest first: one page of `limit`, or — with `since` —
   * page after page of `limit` until a message older than `since` (or the start of the conversation), so a busy
   * conversation hides nothing newer than `since`. Too many pages is a retryable INBOX_UNAVAILABLE.
   */
  recentMessages(conversationId: string, limit: number, since?: Date): Promise<SeenMessage[]>;
}

export interface Clock {
  now(): Date;
  /** Waits (backoff between retries). */
  sleep(ms: number): Promise<void>;
}

/**
 * The delivery records, kept in a collection so they survive backend restarts. Delivery decides by `insert` only:
 * see `DeliveryRecord`.
 */
export interface DeliveryLog {
  /** Gives a delivery record back (a frequency-cap claim whose intent died before any send), so a later send may claim it. */
  release(key: string): Promise<void>;
  /**
   * Writes `record` under its fixed `id` if no record has that id yet: the one atomic "first writer wins" wix-data
   * offers. Answers undefined when this call wrote it, else the record that was there first (read back).
   */
  insert(record: DeliveryRecord): Promise<DeliveryRecord | undefined>;
  /**
   * `insert` for up to 1,000 records in one call (wix-data bulkInsert): each record is still its own "first writer
   * wins" insert. Answers, in input order, what `insert` would have: undefined when this call wrote the record, the
   * record that was there first, or the error `insert` would have thrown (every record's, when the call itself failed).
   */
  insertMany(records: readonly DeliveryRecord[]): Promise<PromiseSettledResult<DeliveryRecord | undefined>[]>;
  /** Every attempt claim, attempt result and message adoption of these intents (all rounds). */
  ofIntents(keys: readonly string[]): Promise<DeliveryRecord[]>;
  /** Attempt results and message adoptions that name one of these Inbox message IDs. */
  ownersOf(messageIds: readonly string[]): Promise<DeliveryRecord[]>;
  /** The newest claim of a frequency-cap chain (highest `seq`), if any. */
  latestCap(chain: string): Promise<CapClaim | undefined>;
}

/**
 * What delivery records, each written once by an insert of a deterministic `_id` (never updated):
 * - `attempt:<key>:<round>:<n>` — who makes attempt n (attempt 1 of round 0 is the intent row itself);
 * - `result:<key>:<round>:<n>` — how attempt n ended, written by its maker, or `fenced` by a later worker that needs
 *   attempt n over (its maker can then never record a success: the insert is taken);
 * - `message:<messageId>` — an intent adopting a message it finds in the conversation (a send whose answer was lost);
 * - `cap:<template>:<who>[:<seq>]` — a frequency-cap claim (a chain of them for once-per-24h);
 * - `broadcast:<id>` — what a broadcast ID sends: its first start writes it; a start with other content is refused.
 */
export type DeliveryRecord = AttemptClaim | AttemptResult | MessageAdoption | CapClaim | BroadcastClaim;

interface RecordBase {
  readonly id: string;
  readonly at: Date;
}

export interface AttemptClaim extends RecordBase {
  readonly kind: 'attempt';
  readonly intentKey: string;
  readonly round: number;
  readonly attempt: number;
  /** Random per worker: lets a worker recognise its own claim after a lost insert answer. */
  readonly token: string;
  /**
   * Set on attempt 1 of a round that follows one which ended dead after an attempt that may have sent (its answer was
   * lost and no attempt could check): that message may be in the conversation, recorded by nobody. Every attempt of
   * this round reconciles first, back to that round's start (`sinceMs`) and in the conversations its sends went to.
   */
  readonly lookBack?: LookBack;
}

/** Where and since when an earlier round's unrecorded message may be (AttemptClaim.lookBack). */
export interface LookBack {
  readonly sinceMs: number;
  readonly sentTo: readonly SentTo[];
  /**
   * When the newest fenced attempt of that round was claimed: its worker may still send until the stale-worker bound
   * after it, and until then the new round waits rather than send anew (HeldAttempt.unsafeUntil), as that round would.
   */
  readonly fencedClaimMs?: number;
}

/**
 * `sent`, `skipped` and `dead` end the round; `failed` ends the attempt (with `maySent` when sendMessage was called
 * and its outcome is unknown); `fenced` was written by another worker: whatever the attempt did is unknown.
 */
export type AttemptResultStatus = 'sent' | 'skipped' | 'dead' | 'failed' | 'fenced';

export interface AttemptResult extends RecordBase {
  readonly kind: 'result';
  readonly intentKey: string;
  readonly round: number;
  readonly attempt: number;
  readonly status: AttemptResultStatus;
  /** Set on `sent`: the delivered message (queried to tell which messages are owned). */
  readonly messageId?: string;
  readonly delivered?: DeliveredResult;
  readonly skipped?: { readonly participantId: ParticipantId; readonly kind: 'member' | 'contact' };
  readonly maySent?: boolean;
  /**
   * Set on `skipped` when nothing of the round can have gone out: no earlier attempt may have sent, or reconciling read
   * none of its messages. A frequency-cap link of such a round holds nothing (frequency-cap.ts linkFate). Results
   * written before it existed leave it unset: their rounds are judged by their attempts alone.
   */
  readonly noneSent?: boolean;
  /**
   * Set on `failed` when the attempt only waited on another worker's progress (InboxError.waiting): it is not counted
   * among the attempts its round may have (HeldAttempt.waits).
   */
  readonly waited?: boolean;
  /**
   * Set with `maySent` when sendMessage itself was called: where that message may be. A later attempt may address the
   * participant differently (a contact became a member in between), so reconciliation looks here too.
   */
  readonly sentTo?: SentTo;
  readonly error?: { readonly code: InboxErrorCode; readonly upstream?: UpstreamFailure };
  readonly deadReason?: string;
}

/** The conversation a send went to and whom it was addressed to. */
export interface SentTo {
  readonly conversationId: string;
  readonly participantId: ParticipantId;
  readonly kind: 'member' | 'contact';
  readonly newConversation: boolean;
}

export interface MessageAdoption extends RecordBase {
  readonly kind: 'message';
  readonly intentKey: string;
  readonly round: number;
  readonly messageId: string;
}

export interface CapClaim extends RecordBase {
  readonly kind: 'cap';
  /** `<template>:<who>`: the claims of one template and one participant. */
  readonly chain: string;
  /** 0 for a once-ever cap; 1, 2, … along a once-per-24h chain. */
  readonly seq: number;
  readonly intentKey: string;
  /**
   * The round of the intent that claimed it (Intent.round): a key sent again after its replay window is a new send and
   * claims anew. Absent on claims written before rounds were recorded: those are round 0's.
   */
  readonly round?: number;
  /**
   * The claiming intent's `token` (Intent.token): an intent stored again under the same key after housekeeping removed
   * the first is a new send too. Absent on older claims, and on a greeting link inserted beside its intent
   * (welcome-back.ts), whose key names that one link: any intent stored under that key is the link's greeting.
   */
  readonly intentToken?: string;
}

export interface BroadcastClaim extends RecordBase {
  readonly kind: 'broadcast';
  /** `intentFingerprint` of the broadcast's message. */
  readonly fingerprint: string;
}

/** Who is calling, as the backend establishes it from the session (never from an argument). */
export type Caller =
  | { readonly kind: 'admin' }
  | { readonly kind: 'member'; readonly memberId: string; readonly contactId: string | undefined; readonly loginEmail: string | undefined }
  | { readonly kind: 'visitor'; readonly visitorId: string };

export interface Identity {
  currentCaller(): Promise<Caller>;
  /**
   * The member this session is logged in as, read as that member (never elevated, never from an argument); undefined
   * when no member is logged in. For a web method that acts on the caller alone (welcome-back.ts): it needs no role
   * check first. Absent where there is no session (an API key's headless backend): nobody is a member there.
   */
  sessionMember?(): Promise<SessionMember | undefined>;
  /**
   * The member ID the session names without a Wix call, where the platform has such a source: only ever a hint for a
   * read made while `sessionMember` answers, never a permission (nothing is written for it).
   */
  sessionMemberIdHint?(): string | undefined;
}

/** A logged-in member as their session reads them. The names are what the member typed: untrusted (plain-words.ts). */
export interface SessionMember {
  readonly memberId: string;
  /** The member's contact, as their own record names it (a cap counts what was sent to it before the sign-up). */
  readonly contactId?: string;
  readonly firstName?: string;
  readonly nickname?: string;
}

/**
 * Sliding-window limits: at most `limit` takes of one key in any `windowMs` (not per clock window, so nothing doubles
 * at a window's edge), however many calls race and however far apart containers' clocks are within
 * `MAX_CLOCK_SKEW_MS` (visitor-limits.ts). Design: docs/decisions/0005-sliding-window-rate-limits.md.
 */
export interface RateLimiter {
  /** Reads where one limit stands and, when it is open, inserts the next slot: `look` and then `take`. */
  take(key: string, limit: number, windowMs: number): Promise<RateDecision>;
  /**
   * Reads where each of these limits stands, taking nothing: one query for all of them (a key whose rows the page
   * cannot prove complete is read again on its own). A caller that learns from a reading that it has nothing to send
   * (a double submit) answers before any slot is taken.
   */
  look(requests: readonly RateRequest[]): Promise<RateStanding[]>;
  /** Whether `owner` holds a slot of `key` that was not given back (a gated send checks its slot, see Intent.gate). */
  holds(key: string, owner: string): Promise<boolean>;
}

/** One limit a visitor's request counts against: at most `limit` takes of `key` in any `windowMs`. */
export interface RateRequest {
  readonly key: string;
  readonly limit: number;
  readonly windowMs: number;
}

/**
 * Where a limit stood when it was read. Open: `take()` inserts the next slot (a take that raced it since the reading
 * counts too, so the take may still be refused). Refused: nothing to take.
 */
export type RateStanding =
  | {
      readonly open: true;
      /** Inserts the next slot; `owner` (when given) is recorded on it, for `holds`. */
      take(owner?: string): Promise<RateDecision>;
    }
  | ({ readonly open: false } & RateRefusal);

export type RateRefusal = Extract<RateDecision, { allowed: false }>;

export type RateDecision =
  | {
      readonly allowed: true;
      /**
       * The slot this take holds: unique for ever (never the name of an older take, even once old rows are removed), so
       * it can name what it allowed (an idempotency key).
       */
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
      /** The name of the most recent slot counted against this take (with a limit of 1: the take that holds the window). */
      readonly heldBy: string;
    };

/**
 * The outbox: every send intent, inserted once before Wix is called (an admin-only wix-data collection on a site).
 * Its mutable fields (status, attempts, nextAttemptAt, lastError, result) are a cache for the job's query and for
 * replays; the delivery records decide. A stale cache write only makes the job look once more.
 */
export interface OutboxStore {
  /** Stores a new intent; if the key exists already, nothing is written and the stored intent is returned. */
  create(intent: Intent): Promise<{ created: true } | { created: false; existing: Intent }>;
  /**
   * Stores up to 1,000 new intents in one call (wix-data bulkInsert): answers, in input order, whether each was written
   * by this call or which intent already had its key (nothing is overwritten).
   */
  bulkCreate(intents: readonly Intent[]): Promise<({ created: true } | { created: false; existing: Intent })[]>;
  /** Every intent of one broadcast (see `Intent.broadcast`), following the pages to the end. */
  ofBroadcast(broadcastId: string): Promise<Intent[]>;
  get(key: string): Promise<Intent | undefined>;
  /** Rewrites the cache fields (the item is replaced whole; what to send and to whom never changes). */
  save(intent: Intent): Promise<void>;
  /**
   * `save` for up to 1,000 intents in one call (wix-data bulkUpdate): answers, in input order, whether each row was
   * rewritten or the error `save` would have thrown (every row's, when the call itself failed).
   */
  saveMany(intents: readonly Intent[]): Promise<PromiseSettledResult<void>[]>;
  /**
   * Intents waiting for an attempt (pending or retrying, next attempt due by `now`), ordered by (nextAttemptAt, key),
   * starting after `after` when given: pages that never need more than `limit` rows.
   */
  due(now: Date, limit: number, after?: { readonly nextAttemptAt: Date; readonly key: string }): Promise<Intent[]>;
  /** Unfinished intents (by the cache) sending content with this signature in this direction, other than `exceptKey`. */
  unfinishedAlike(signature: string, direction: MessageDirection, exceptKey: string, limit: number): Promise<Intent[]>;
  /**
   * The rows whose cached result names one of these Inbox message IDs (`result.messageId`). A row reads `sent` with
   * its message only once that message went out; a row written `sent` beside a result insert that failed (and whose
   * `retrying` write failed too) is the only place that still says whose message it is (reconcile.ts).
   */
  naming(messageIds: readonly string[]): Promise<Intent[]>;
}

/** What housekeeping removes, and up to when. */
export interface PurgeCutoffs {
  /** Finished intents (sent, skipped, dead) completed before this: they hold message text and addresses. */
  readonly finishedIntentsBefore: Date;
  /** Delivery records (attempt claims and results, message adoptions) and form-record claims taken before this. */
  readonly leasesBefore: Date;
  /** Rate-limit slots that no take reads any more (their `expiresAt`) before this. */
  readonly rateLimitSlotsBefore: Date;
  /** The job's time: a row put back for a key resent during the purge is due from then. */
  readonly now: Date;
}

/** Removes state nothing will read again, a bounded number of items per run. Frequency-cap claims are kept. */
export interface Housekeeping {
  purge(cutoffs: PurgeCutoffs, limit: number): Promise<{ intents: number; leases: number; rateLimitSlots: number }>;
}
