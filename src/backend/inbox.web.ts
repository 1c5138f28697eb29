// Page code: import { resolveParticipantId, sendToParticipant } from 'backend/inbox.web';
//            const result = await sendToParticipant({ email }, { template: 'form-received', vars: { name } });
// Admin pages: const started = await sendToMany({ label: 'custom.vip' }, 'Doors open at 9', { idempotencyKey: 'vip-2026' });
//              const progress = await broadcastStatus(started.value.broadcastId);
import { Permissions, webMethod } from 'wix-web-module';
import { resolveAsCaller, sendAsCaller } from './inbox/access';
import { broadcastAsCaller, broadcastStatusAsCaller } from './inbox/broadcast-access';
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

export const sendToParticipant = webMethod(Permissions.Anyone, (query: WebParticipantQuery, message: WebMessage, options?: WebSendOptions) =>
  toWebResult(() => sendAsCaller(family.dependencies(), query, message, options)),
);

/** Site admins only (decided from the session inside): one message to a list of people or a contact label. */
export const sendToMany = webMethod(Permissions.Anyone, (recipients: unknown, message: unknown, options?: unknown) =>
  toWebResult(() => broadcastAsCaller(family.dependencies(), recipients, message, options)),
);

/** Site admins only: a broadcast's counts (pending, sent, skipped, dead, total) for a progress bar. */
export const broadcastStatus = webMethod(Permissions.Anyone, (broadcastId: unknown) =>
  toWebResult(() => broadcastStatusAsCaller(family.dependencies(), broadcastId)),
);
