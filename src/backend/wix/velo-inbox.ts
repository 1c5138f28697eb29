import { conversations, messages } from 'wix-inbox.v2';
import { elevate } from 'wix-auth';
import type { Inbox } from '../inbox/ports';
import { toSeenMessages } from './seen-message';
import { translateWixError } from './translate-error';

/** Inbox through `wix-inbox.v2`. Every call is admin-level: it runs elevated, and only backend code reaches it. */
export const veloInbox: Inbox = {
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
