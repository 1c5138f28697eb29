// Legacy page code: import { resolveParticipantId, sendToParticipant } from 'backend/inbox.jsw';
//                   const result = await sendToParticipant({ email }, { template: 'form-received' });
import { resolveAsCaller, sendAsCaller } from './inbox/access';
import { toWebResult } from './inbox/web-result';
import type { WebMessage, WebParticipantQuery, WebSendOptions } from './inbox/web-types';
import { family } from './inbox-family';

/**
 * The same two methods for pages that still import the deprecated `.jsw` module. permissions.json lets everyone
 * invoke them; the same caller policy as inbox.web applies inside.
 */
export function resolveParticipantId(query: WebParticipantQuery) {
  return toWebResult(() => resolveAsCaller(family.dependencies(), query));
}

export function sendToParticipant(query: WebParticipantQuery, message: WebMessage, options?: WebSendOptions) {
  return toWebResult(() => sendAsCaller(family.dependencies(), query, message, options));
}
