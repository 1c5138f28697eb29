import type { InboxErrorCode, UpstreamFailure } from './errors';
import { fingerprint } from './fingerprint';
import type { FrequencyCap } from './template-registry';
import type { TemplateName } from './templates';
import type { MessageContent, MessageDirection, MessageVisibility, ParticipantId } from './ports';
import type { ParticipantQuery } from './participant-query';
import type { ParticipantKind } from './participant';

/**
 * One message someone asked to send, stored in the outbox before Wix is called, until it is delivered (or given up).
 *
 * pending ──▶ sent | skipped (frequency cap) | dead (permanent failure, reason kept)
 *    └──▶ retrying ──▶ (the same ends), drained by the scheduled job
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
  /** Of what is sent to whom: the same key with another fingerprint is a conflict. */
  readonly fingerprint: string;
  readonly query: ParticipantQuery;
  readonly content: MessageContent;
  readonly direction: MessageDirection;
  readonly visibility: MessageVisibility;
  readonly sendNotifications: boolean;
  readonly template?: { readonly name: TemplateName; readonly frequency: FrequencyCap };
  status: IntentStatus;
  /** 0 for the first send under this key; +1 each time the key is reused after its replay window. */
  round: number;
  attempts: number;
  readonly createdAt: Date;
  updatedAt: Date;
  /** When the next attempt may start; while an attempt runs, a lease that keeps other workers off. */
  nextAttemptAt: Date;
  /**
   * Written just before sendMessage is called (write-ahead): if the outcome of that call is unknown, the next attempt
   * looks in this conversation for the message before sending again.
   */
  inFlight?: {
    readonly conversationId: string;
    readonly startedAt: Date;
    readonly participantId: ParticipantId;
    readonly kind: ParticipantKind;
    readonly newConversation: boolean;
  };
  /** Conversations Wix reported gone for this intent: never sent to again. */
  staleConversationIds: string[];
  /** The frequency-cap claim this intent holds (its key in the delivery log), once claimed. */
  capKey?: string;
  lastError?: { readonly code: InboxErrorCode; readonly upstream?: UpstreamFailure };
  deadReason?: string;
  result?: DeliveredResult | { readonly skipped: true; readonly participantId: ParticipantId; readonly kind: ParticipantKind };
  completedAt?: Date;
}

/** Sent, skipped or dead: nothing more will be attempted for this intent. */
export function isFinished(intent: Intent): boolean {
  return intent.status === 'sent' || intent.status === 'skipped' || intent.status === 'dead';
}

export function intentFingerprint(parts: {
  query: ParticipantQuery;
  content: MessageContent;
  direction: MessageDirection;
  visibility: MessageVisibility;
}): string {
  return fingerprint(JSON.stringify([parts.query, parts.content, parts.direction, parts.visibility]));
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
