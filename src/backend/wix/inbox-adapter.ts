import type { Inbox } from '../inbox/ports';
import type { SdkModules } from '../wix-sdk/modules';
import { toSeenMessages } from './seen-message';
import { translateWixError } from './translate-error';

type SdkInbox = Pick<SdkModules, 'conversations' | 'messages'>;
type SdkSendMessage = SdkInbox['messages']['sendMessage'];

/**
 * The Inbox functions the adapter calls. `wix-inbox.v2` (Velo) and `@wix/inbox` (SDK) declare them alike (asserted in
 * tests/types), so one adapter serves both families; each family binds its own modules. `sendMessage` takes the
 * message with `content` required, as the Velo declaration does (the adapter always sends content).
 */
export interface InboxModules {
  readonly conversations: SdkInbox['conversations'];
  readonly messages: {
    readonly listMessages: SdkInbox['messages']['listMessages'];
    readonly sendMessage: (
      conversationId: Parameters<SdkSendMessage>[0],
      message: Parameters<SdkSendMessage>[1] & { content: NonNullable<Parameters<SdkSendMessage>[1]['content']> },
      options?: Parameters<SdkSendMessage>[2],
    ) => ReturnType<SdkSendMessage>;
  };
}

/** Makes a module function admin-level: wix-auth's or @wix/essentials' `elevate`, or none for modules already elevated. */
export type Elevate = <F extends (...args: never[]) => unknown>(fn: F) => F;

/** Modules that are admin-level already (the SDK family's elevated modules, an API-key client's). */
export const alreadyElevated: Elevate = (fn) => fn;

/** Inbox over the given modules. Every call is admin-level: it runs through `elevate`, and only backend code reaches it. */
export function inboxAdapter(modules: InboxModules, elevate: Elevate): Inbox {
  const { conversations, messages } = modules;
  return {
    async getOrCreateConversation(participantId) {
      try {
        const { conversation, newConversation } = await elevate(conversations.getOrCreateConversation)({ ...participantId });
        if (!conversation?._id) throw new Error('getOrCreateConversation returned no conversation');
        return { conversationId: conversation._id, newConversation: Boolean(newConversation) };
      } catch (error) {
        throw translateWixError(error, 'getOrCreateConversation');
      }
    },

    async sendMessage(conversationId, message, options) {
      try {
        const { message: sent } = await elevate(messages.sendMessage)(
          conversationId,
          { content: message.content, direction: message.direction, visibility: message.visibility },
          { sendNotifications: options.sendNotifications, ...(options.sendAs ? { sendAs: options.sendAs } : {}) },
        );
        if (!sent?._id) throw new Error('sendMessage returned no message');
        return { messageId: sent._id };
      } catch (error) {
        throw translateWixError(error, 'sendMessage', conversationId);
      }
    },

    async recentMessages(conversationId, limit) {
      try {
        // BUSINESS visibility lists every message, including business-only ones.
        const { messages: found } = await elevate(messages.listMessages)(conversationId, 'BUSINESS', {
          paging: { limit },
          sorting: { fieldName: 'sequence', order: 'DESC' },
        });
        return toSeenMessages(found);
      } catch (error) {
        throw translateWixError(error, 'listMessages', conversationId);
      }
    },
  };
}
