/**
 * Velo `wix-inbox.v2` — no package declares it (corvid-types stops at legacy modules), so it is declared here in terms
 * of the `@wix/inbox` SDK types. Only what the emulator implements is declared, so using anything else fails typecheck.
 * `getConversation` resolves the Conversation itself, as the SDK and the dev.wix.com page say (the Velo reference JSON
 * says `{ conversation }`; README.md lists the choice). Site code should not depend on either wrapper.
 */
declare module 'wix-inbox.v2' {
  import type { conversations as sdkConversations, messages as sdkMessages } from '@wix/inbox';

  export namespace conversations {
    type Conversation = sdkConversations.Conversation;
    type ParticipantId = sdkConversations.ParticipantId;
    type IdentificationData = sdkConversations.IdentificationData;
    type GetOrCreateConversationResponse = sdkConversations.GetOrCreateConversationResponse;
    type ConversationsMerged = sdkConversations.ConversationsMerged;

    /** Admin method: call through `elevate` from site code. One conversation per participant. */
    function getOrCreateConversation(participantId: ParticipantId): Promise<GetOrCreateConversationResponse>;
    /** Admin method. Resolves the Conversation itself (the SDK's shape). */
    function getConversation(conversationId: string): Promise<Conversation>;
  }

  export namespace messages {
    type Message = sdkMessages.Message;
    type MessageContent = sdkMessages.MessageContent;
    type IdentificationData = sdkMessages.IdentificationData;
    type SendMessageOptions = sdkMessages.SendMessageOptions;
    type SendMessageResponse = sdkMessages.SendMessageResponse;
    type ListMessagesOptions = sdkMessages.ListMessagesOptions;
    type ListMessagesResponse = sdkMessages.ListMessagesResponse;
    type MessageVisibility = sdkMessages.MessageVisibilityWithLiterals;
    type MessageDirection = sdkMessages.MessageDirectionWithLiterals;
    type ContentType = sdkMessages.ContentTypeWithLiterals;
    type MessageSentToBusiness = sdkMessages.MessageSentToBusiness;
    type MessageSentToParticipant = sdkMessages.MessageSentToParticipant;

    /** Admin method. `message.content` is required. */
    function sendMessage(
      conversationId: string,
      message: Message & { content: MessageContent },
      options?: SendMessageOptions,
    ): Promise<SendMessageResponse>;
    /** Admin method. Default 30 per page, at most 100, by `sequence` descending. */
    function listMessages(
      conversationId: string,
      visibility: MessageVisibility,
      options?: ListMessagesOptions,
    ): Promise<ListMessagesResponse>;
  }
}
