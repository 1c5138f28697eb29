// Page code: import { resolveParticipantId, sendToParticipant } from 'backend/inbox.web';
//            const result = await sendToParticipant({ email }, { template: 'form-received', vars: { name } });
// Master page: const greeted = await welcomeBack(); // the logged-in member, at most once in any 24 hours
// Admin pages: const started = await sendToMany({ label: 'custom.vip' }, 'Doors open at 9', { idempotencyKey: 'vip-2026' });
//              const progress = await broadcastStatus(started.value.broadcastId);
import { Permissions, webMethod } from 'wix-web-module';
import { resolveAsCaller, sendAsCaller } from './inbox/access';
import { broadcastAsCaller, broadcastStatusAsCaller } from './inbox/broadcast-access';
import { welcomeBackAsCaller } from './inbox/welcome-back';
import { toWebResult } from './inbox/web-result';
import type { WebMessage, WebParticipantQuery, WebSendOptions } from './inbox/web-types';
import { family } from './inbox-family';

/**
 * Open to everyone at the door; who may do what is decided inside from the backend session (see inbox/access.ts):
 * admins anything, members only themselves, visitors only the rate-limited form acknowledgement.
 */
export const resolveParticipantId = webMethod(Permissions.Anyone, (query: WebParticipantQuery) =>
  toWebResult(() => resolveAsCaller(family.dependencies(), query)),
);

/**
 * A member may still greet themselves here (`{ memberId }`, `{ template: 'welcome-back', vars: { name } }`), as pages
 * built before `welcomeBack` do; the two share the greeting's once-a-day cap. `welcomeBack()` needs no member read on
 * the page and is two round trips shorter.
 */
export const sendToParticipant = webMethod(Permissions.Anyone, (query: WebParticipantQuery, message: WebMessage, options?: WebSendOptions) =>
  toWebResult(() => sendAsCaller(family.dependencies(), query, message, options)),
);

/**
 * The logged-in member greets themselves with `welcome-back` (the master page calls it on login). It takes nothing:
 * who and their name come from the session. Members only at the door (a visitor's call is refused by Wix before any
 * code runs); inside, a session with no member behind it answers PERMISSION_DENIED.
 */
export const welcomeBack = webMethod(Permissions.SiteMember, () => toWebResult(() => welcomeBackAsCaller(family.dependencies())));

/** Site admins only (decided from the session inside): one message to a list of people or a contact label. */
export const sendToMany = webMethod(Permissions.Anyone, (recipients: unknown, message: unknown, options?: unknown) =>
  toWebResult(() => broadcastAsCaller(family.dependencies(), recipients, message, options)),
);

/** Site admins only: a broadcast's counts (pending, sent, skipped, dead, total) for a progress bar. */
export const broadcastStatus = webMethod(Permissions.Anyone, (broadcastId: unknown) =>
  toWebResult(() => broadcastStatusAsCaller(family.dependencies(), broadcastId)),
);
