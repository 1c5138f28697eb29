import type { Inbox } from '../inbox/ports';
import { toSeenMessages } from '../wix/seen-message';
import { translateWixError } from '../wix/translate-error';
import type { SdkModules } from './modules';

/** Inbox through `@wix/inbox`. Every call is admin-level: the modules handed in are elevated (or the API-key client's). */
export function sdkInbox(modules: Pick<SdkModules, 'conversations' | 'messages'>): Inbox {
  const { conversations, messages } = modules;
  return {
    async getOrCreateConversation(participantId) {
      try {
        const { conversation, newConversation } = await conversations.getOrCreateConversation({ ...participantId });
        if (!conversation?._id) throw new Error('getOrCreateConversation returned no conversation');
        return { conversationId: conversation._id, newConversation: Boolean(newConversation) };
      } catch (error) {
        throw translateWixError(error, 'getOrCreateConversation');
      }
    },

    async sendMessage(conversationId, message, options) {
      try {
        const { message: sent } = await messages.sendMessage(
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
        const { messages: found } = await messages.listMessages(conversationId, 'BUSINESS', {
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
