import type { Inbox } from '../inbox/ports';
import { alreadyElevated, inboxAdapter, type InboxModules } from '../wix/inbox-adapter';

/** Inbox through `@wix/inbox`. The modules handed in are admin-level already (elevated, or the API-key client's). */
export function sdkInbox(modules: InboxModules): Inbox {
  return inboxAdapter(modules, alreadyElevated);
}
