// tsc drops a .d.ts that shares a .ts file's base name from its include globs; this reference puts it in the program.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- an import cannot load an ambient declaration file
/// <reference path="./wix-inbox.v2.d.ts" />
import type { conversations as VeloConversations, messages as VeloMessages } from 'wix-inbox.v2';
import { activeSite } from '../kernel/active-site';

/** `wix-inbox.v2` for site code under test: each call goes to the active emulated site's Inbox. */

export const conversations = {
  getOrCreateConversation: (participantId) => activeSite().inbox.getOrCreateConversation(participantId),
  // The service answers the API response `{ conversation }` (the REST shape); Velo site code gets the Conversation.
  getConversation: async (conversationId) => (await activeSite().inbox.getConversation(conversationId)).conversation as VeloConversations.Conversation,
} satisfies Pick<typeof VeloConversations, 'getOrCreateConversation' | 'getConversation'>;

export const messages = {
  sendMessage: (conversationId, message, options) => activeSite().inbox.sendMessage(conversationId, message, options),
  listMessages: (conversationId, visibility, options) => activeSite().inbox.listMessages(conversationId, visibility, options),
} satisfies Pick<typeof VeloMessages, 'sendMessage' | 'listMessages'>;
