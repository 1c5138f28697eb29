import { conversations, messages } from 'wix-inbox.v2';
import { elevate } from 'wix-auth';
import type { Inbox } from '../inbox/ports';
import { inboxAdapter } from './inbox-adapter';

/** Inbox through `wix-inbox.v2`, each call elevated with wix-auth (backend only). */
export const veloInbox: Inbox = inboxAdapter({ conversations, messages }, elevate);
