import type { messages } from '@wix/inbox';
import type { Kernel } from '../kernel/kernel';

/** The `backend/events` handler names Wix calls for Inbox (reference §1.6; WCD wix-inbox-v2 Events.service.json). */
export const INBOX_EVENTS = {
  messageSentToBusiness: 'wixCrmInbox_onMessageSentToBusiness',
  messageSentToParticipant: 'wixCrmInbox_onMessageSentToParticipant',
  conversationsMerged: 'wixCrmInbox_onConversationConversationsMerged',
} as const;

/** Velo backend event metadata: `eventTime` is an ISO string there (the SDK's webhook envelope uses a Date). */
export interface InboxEventMetadata {
  readonly id: string;
  readonly entityId: string;
  readonly eventTime: string;
  readonly triggeredByAnonymizeRequest: boolean;
}

export interface MessageSentEvent {
  readonly data: { readonly conversationId: string; readonly message: messages.Message };
  readonly metadata: InboxEventMetadata;
}

export interface ConversationsMergedEvent {
  readonly data: { readonly oldConversationIds: string[]; readonly targetConversationId: string };
  readonly metadata: InboxEventMetadata;
}

function metadata(kernel: Kernel, entityId: string): InboxEventMetadata {
  return { id: kernel.guid(), entityId, eventTime: kernel.clock.now().toISOString(), triggeredByAnonymizeRequest: false };
}

/** One event per message, named after its direction; `entityId` is the message ID, as in Wix's examples. */
export function emitMessageSent(kernel: Kernel, conversationId: string, message: messages.Message): void {
  const name = message.direction === 'PARTICIPANT_TO_BUSINESS' ? INBOX_EVENTS.messageSentToBusiness : INBOX_EVENTS.messageSentToParticipant;
  const event: MessageSentEvent = { data: { conversationId, message }, metadata: metadata(kernel, message._id ?? '') };
  kernel.events.emit(name, event);
}

export function emitConversationsMerged(kernel: Kernel, oldConversationIds: string[], targetConversationId: string): void {
  const event: ConversationsMergedEvent = {
    data: { oldConversationIds, targetConversationId },
    metadata: metadata(kernel, targetConversationId),
  };
  kernel.events.emit(INBOX_EVENTS.conversationsMerged, event);
}
