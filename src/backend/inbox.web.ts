// Page code: import { resolveParticipantId, sendToParticipant } from 'backend/inbox.web';
//            const result = await sendToParticipant({ email }, { template: 'form-received', vars: { name } });
import { Permissions, webMethod } from 'wix-web-module';
import { resolveAsCaller, sendAsCaller } from './inbox/access';
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
