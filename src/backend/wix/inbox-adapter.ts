import { InboxError } from '../inbox/errors';
import type { Inbox, SeenMessage } from '../inbox/ports';
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

/** Pages reconciliation reads back at most (of its page size each) before it gives up for this attempt. */
const MAX_PAGES = 40;

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

    async recentMessages(conversationId, limit, since) {
      const found: SeenMessage[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < MAX_PAGES; page += 1) {
        let listed;
        try {
          // BUSINESS visibility lists every message, including business-only ones.
          listed = await elevate(messages.listMessages)(conversationId, 'BUSINESS', {
            paging: cursor === undefined ? { limit } : { limit, cursor },
            sorting: { fieldName: 'sequence', order: 'DESC' },
          });
        } catch (error) {
          throw translateWixError(error, 'listMessages', conversationId);
        }
        const seen = toSeenMessages(listed.messages);
        found.push(...seen);
        cursor = listed.pagingMetadata?.cursors?.next ?? undefined;
        const oldest = seen.at(-1)?.createdAt;
        if (since === undefined || cursor === undefined || seen.length === 0 || (oldest !== undefined && oldest < since)) return found;
      }
      throw new InboxError('INBOX_UNAVAILABLE', `More than ${MAX_PAGES * limit} messages since the attempt: too busy to tell whether it was delivered.`, { retryable: true });
    },
  };
}
