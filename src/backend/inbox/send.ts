import { InboxError, isInboxError } from './errors';
import { DEFAULT_VISIBILITY } from './message';
import { prepareMessage, type PreparedMessage } from './message-input';
import { resolveParticipantId, type ParticipantKind, type ResolvedParticipant } from './participant';
import type { ParticipantQuery } from './participant-query';
import type { Clock, DeliveryLog, Directory, Inbox, MessageDirection, MessageVisibility, ParticipantId } from './ports';

export interface SendDependencies {
  readonly directory: Directory;
  readonly inbox: Inbox;
  readonly deliveries: DeliveryLog;
  readonly clock: Clock;
}

export interface SendOptions {
  /** Default `BUSINESS_AND_PARTICIPANT`; `BUSINESS` keeps the message inside the dashboard. */
  readonly visibility?: MessageVisibility;
  /** Default true: the participant is told about the message (Wix's own default is false). */
  readonly sendNotifications?: boolean;
  /** Default business → participant. Recording what a participant submitted uses the other direction. */
  readonly direction?: MessageDirection;
}

export type SendResult =
  | {
      readonly status: 'sent';
      readonly conversationId: string;
      readonly messageId: string;
      readonly participantId: ParticipantId;
      readonly kind: ParticipantKind;
      readonly newConversation: boolean;
    }
  | {
      /** A template's frequency cap held the message back; nothing was sent. */
      readonly status: 'skipped';
      readonly reason: 'frequency-cap';
      readonly participantId: ParticipantId;
      readonly kind: ParticipantKind;
      readonly lastSentAt: Date;
    };

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Resolve → getOrCreateConversation → sendMessage. The conversation is looked up right before the send (conversation
 * IDs change when a participant changes type). If the send hits a merged conversation, the participant is resolved
 * again and the message goes once to the new conversation; a stale ID is never sent to twice.
 */
export async function sendToParticipant(
  deps: SendDependencies,
  query: ParticipantQuery,
  message: unknown,
  options: SendOptions = {},
): Promise<SendResult> {
  const prepared = prepareMessage(message);
  const participant = await resolveParticipantId(deps.directory, query);
  const capKey = frequencyKey(prepared, participant);
  if (capKey && !(await deps.deliveries.claim(capKey, deps.clock.now(), capWindowMs(prepared)))) {
    const lastSentAt = (await deps.deliveries.lastDelivery(capKey)) ?? deps.clock.now();
    return { status: 'skipped', reason: 'frequency-cap', participantId: participant.participantId, kind: participant.kind, lastSentAt };
  }
  try {
    return await deliver(deps, query, participant, prepared, options);
  } catch (error) {
    // Nothing went out: give the cap back so a later attempt may send.
    if (capKey) await deps.deliveries.release(capKey);
    throw error;
  }
}

async function deliver(
  deps: SendDependencies,
  query: ParticipantQuery,
  participant: ResolvedParticipant,
  prepared: PreparedMessage,
  options: SendOptions,
): Promise<SendResult & { status: 'sent' }> {
  const outgoing = {
    content: prepared.content,
    direction: options.direction ?? 'BUSINESS_TO_PARTICIPANT',
    visibility: options.visibility ?? DEFAULT_VISIBILITY,
  } as const;
  const sendOptions = {
    sendNotifications: options.sendNotifications ?? true,
    ...(outgoing.direction === 'PARTICIPANT_TO_BUSINESS' ? { sendAs: 'PARTICIPANT' as const } : {}),
  };
  const attempt = async (target: ResolvedParticipant, staleConversationId?: string) => {
    const { conversationId, newConversation } = await deps.inbox.getOrCreateConversation(target.participantId);
    if (conversationId === staleConversationId) {
      throw new InboxError('INBOX_UNAVAILABLE', 'Inbox keeps answering with a conversation that no longer exists.', {
        upstream: { status: 404, code: 'CONVERSATION_NOT_FOUND' },
        retryable: true,
      });
    }
    const { messageId } = await deps.inbox.sendMessage(conversationId, outgoing, sendOptions);
    return { status: 'sent' as const, conversationId, messageId, participantId: target.participantId, kind: target.kind, newConversation };
  };

  let firstConversationId: string | undefined;
  try {
    return await attempt(participant);
  } catch (error) {
    if (!(isInboxError(error) && error.conversationGone)) throw error;
    firstConversationId = error.conversationId;
  }
  // The participant changed type between lookup and send (visitor → contact → member): who are they now?
  const again = await resolveParticipantId(deps.directory, query);
  return attempt(again, firstConversationId);
}

function frequencyKey(prepared: PreparedMessage, participant: ResolvedParticipant): string | undefined {
  if (!prepared.template || prepared.template.frequency === 'every-time') return undefined;
  const who = 'memberId' in participant.participantId ? `member:${participant.participantId.memberId}` : `contact:${participant.participantId.contactId}`;
  return `template:${prepared.template.name}:${who}`;
}

/** How long a delivery of a capped template holds the next one back. */
function capWindowMs(prepared: PreparedMessage): number {
  return prepared.template?.frequency === 'once-per-participant' ? Number.POSITIVE_INFINITY : DAY_MS;
}
