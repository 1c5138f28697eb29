import type { InboxErrorCode, UpstreamFailure } from './errors';
import { fingerprint } from './fingerprint';
import type { FrequencyCap } from './template-registry';
import type { MessageContent, MessageDirection, MessageVisibility, ParticipantId } from './ports';
import type { ParticipantQuery } from './participant-query';
import type { ParticipantKind } from './participant';

/**
 * One message someone asked to send, inserted into the outbox once, before Wix is called. What to send and to whom
 * never changes; the rest is a cache of what the delivery records decided (see ports.ts `DeliveryRecord`):
 *
 * pending ──▶ sent | skipped (frequency cap) | dead (permanent failure, reason kept)
 *    └──▶ retrying ──▶ (the same ends), drained by the scheduled job
 *
 * Inserting the intent also claims attempt 1 of round 0 for the inserting worker (`token`).
 */
export type IntentStatus = 'pending' | 'retrying' | 'sent' | 'skipped' | 'dead';

export interface DeliveredResult {
  readonly conversationId: string;
  readonly messageId: string;
  readonly participantId: ParticipantId;
  readonly kind: ParticipantKind;
  readonly newConversation: boolean;
}

export interface Intent {
  /** The idempotency key: one intent per key. */
  readonly key: string;
  /** Of what is sent (not to whom: that is compared by who the query reaches). */
  readonly fingerprint: string;
  /** `contentSignature(content)`: finds intents sending the same words (reconciliation). */
  readonly signature: string;
  readonly query: ParticipantQuery;
  readonly content: MessageContent;
  readonly direction: MessageDirection;
  readonly visibility: MessageVisibility;
  readonly sendNotifications: boolean;
  readonly template?: { readonly name: string; readonly frequency: FrequencyCap };
  /**
   * Set for a delayed template: not sent before this. Its insert claims no attempt (like a broadcast intent's): the
   * job, once `nextAttemptAt` is due, claims attempt 1 like any other, so a duplicate trigger meanwhile sends nothing.
   */
  readonly notBefore?: Date;
  /** The worker that inserted the intent, which makes its first attempt (not for broadcast intents, see below). */
  readonly token: string;
  /**
   * Set on the intents of a broadcast (its ID). Their insert claims no attempt: they are written in bulk before anyone
   * sends, and whoever inserts `attempt:<key>:0:1` first (the broadcast call, a second start of it, the job) makes it.
   */
  readonly broadcast?: string;
  /**
   * A visitor limit slot this send must hold before anything goes out: a visitor's acknowledgement takes the person's
   * own slot beside this intent's insert (decision 0025), so the intent may be stored before its limit allowed it.
   * Whoever sends checks it first (the inserting call by its own take, others by reading the slot's owner). A slot
   * not held is taken again under the same owner, by the limit it names (a take that failed wrote nothing, or stopped
   * before it was made: that is not a refusal); a send whose take is refused ends dead, having sent nothing.
   */
  readonly gate?: IntentGate;
  readonly createdAt: Date;
  // The cache: written after decisions, never trusted over the delivery records.
  status: IntentStatus;
  /** 0 for the first send under this key; +1 each time the key is reused after its replay window. */
  round: number;
  attempts: number;
  updatedAt: Date;
  /** When the job should look at it next. */
  nextAttemptAt: Date;
  lastError?: { readonly code: InboxErrorCode; readonly upstream?: UpstreamFailure };
  deadReason?: string;
  result?: DeliveredResult | { readonly skipped: true; readonly participantId: ParticipantId; readonly kind: ParticipantKind };
  completedAt?: Date;
}

/** Sent, skipped or dead: nothing more will be attempted for this intent (in its current round). */
export function isFinished(intent: Intent): boolean {
  return intent.status === 'sent' || intent.status === 'skipped' || intent.status === 'dead';
}

/**
 * The outbox row of a later round (`round` > 0) of this intent while nothing of that round is decided yet: `pending`,
 * due at `nextAttemptAt`, without the outcome fields of an earlier round. Not gated: a gate guards only the round of
 * the visitor's call that took the slot (Intent.gate), and a later round is an admin's retry of a dead message or a
 * resend after the replay window, never that visitor's.
 */
export function laterRoundRow(intent: Intent, round: number, attempts: number, now: Date, nextAttemptAt: Date): Intent {
  const row: Intent = { ...ungated(intent), status: 'pending', round, attempts, updatedAt: now, nextAttemptAt };
  delete row.result;
  delete row.completedAt;
  delete row.lastError;
  delete row.deadReason;
  return row;
}

/** Of what is sent and how: the same key with another fingerprint is a conflict. Recipients are compared apart. */
export function intentFingerprint(parts: {
  content: MessageContent;
  direction: MessageDirection;
  visibility: MessageVisibility;
}): string {
  return fingerprint(JSON.stringify([parts.content, parts.direction, parts.visibility]));
}

/**
 * What identifies a message's content once Wix has stored it (Wix adds defaults and a `contentType`, so whole objects
 * do not compare): the payload kind and its texts, in order.
 */
export function contentSignature(content: unknown): string {
  if (content === null || typeof content !== 'object') return '';
  const c = content as Record<string, Record<string, unknown> | undefined>;
  const texts = (value: unknown): string[] => {
    if (typeof value === 'string') return [value];
    if (Array.isArray(value)) return value.flatMap(texts);
    if (value && typeof value === 'object') {
      return Object.entries(value)
        .filter(([k]) => ['text', 'title', 'textLines', 'items', 'fields', 'name', 'value', 'label', 'url', 'description', 'buttons'].includes(k))
        .sort(([a], [b]) => a.localeCompare(b))
        .flatMap(([, v]) => texts(v));
    }
    return [];
  };
  for (const kind of ['basic', 'minimal', 'form', 'template'] as const) {
    if (c[kind]) return `${kind}:${fingerprint(JSON.stringify(texts(c[kind])))}`;
  }
  return '';
}

/** The intent without its visitor's gate: a gate guards only round 0, the visitor's own call (Intent.gate). */
export function ungated(intent: Intent): Intent {
  const { gate: _visitorsSlot, ...rest } = intent;
  return rest;
}

/** The person's limit slot a visitor's acknowledgement must hold before it is sent (Intent.gate). */
export interface IntentGate {
  readonly key: string;
  /** The random token written on the slot row by whoever took it for this intent. */
  readonly owner: string;
  /**
   * The limit the slot is taken under (the visitor limits of the call that stored the intent), so that any worker
   * can take it again. Absent on intents stored before it was recorded: their slot is only read, as then.
   */
  readonly limit?: number;
  readonly windowMs?: number;
}
