import type { AuthenticationStrategy, WixClient } from '@wix/sdk';
import { contacts } from '@wix/crm';
import { items } from '@wix/data';
import { conversations, messages } from '@wix/inbox';
import { members } from '@wix/members';

/** The Wix JavaScript SDK modules the inbox module uses. Hand them to `createClient({ modules })` or `client.use()`. */
export const SDK_MODULES = { contacts, members, conversations, messages, items } as const;

/** The modules as a client binds them (`client.use(SDK_MODULES)`): the types the official packages give bound modules. */
type Bound = WixClient<undefined, AuthenticationStrategy<undefined>, typeof SDK_MODULES>;

/**
 * The module functions the SDK adapters call, typed from the official packages. Site code passes the modules it imports
 * (made admin-level with `auth.elevate`, see site-modules.ts); headless code passes a client's bound modules.
 */
export interface SdkModules {
  readonly contacts: Pick<Bound['contacts'], 'queryContacts' | 'getContact' | 'createContact'>;
  readonly members: Pick<Bound['members'], 'queryMembers' | 'getMember'>;
  readonly conversations: Pick<Bound['conversations'], 'getOrCreateConversation'>;
  readonly messages: Pick<Bound['messages'], 'sendMessage' | 'listMessages'>;
  readonly items: Pick<Bound['items'], 'insert' | 'bulkInsert' | 'bulkUpdate' | 'get' | 'update' | 'save' | 'remove' | 'query'>;
}

/** Builds admin-level modules from the directly imported ones: every function wrapped by `elevate`. */
export function elevatedModules(elevate: <F>(fn: F) => F): SdkModules {
  return {
    contacts: {
      queryContacts: elevate(contacts.queryContacts),
      getContact: elevate(contacts.getContact),
      createContact: elevate(contacts.createContact),
    },
    members: { queryMembers: elevate(members.queryMembers), getMember: elevate(members.getMember) },
    conversations: { getOrCreateConversation: elevate(conversations.getOrCreateConversation) },
    messages: { sendMessage: elevate(messages.sendMessage), listMessages: elevate(messages.listMessages) },
    items: {
      insert: elevate(items.insert),
      bulkInsert: elevate(items.bulkInsert),
      bulkUpdate: elevate(items.bulkUpdate),
      get: elevate(items.get),
      update: elevate(items.update),
      save: elevate(items.save),
      remove: elevate(items.remove),
      query: elevate(items.query),
    },
  };
}
