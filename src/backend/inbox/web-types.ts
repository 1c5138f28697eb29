import type { MessageInput } from './message-input';
import type { ParticipantQuery } from './participant-query';
import type { SendOptions } from './send';

/**
 * The parameter types of the web methods, so that page code calling them is checked by the compiler
 * (`sendToParticipant({ emial })` does not compile). They describe, they do not guard: every value is validated again
 * at run time, since a page's types are no guarantee of what reaches the backend.
 */

/** Who to reach: exactly one identifying key, or a form's submitter (`{ email, name }`). */
export type WebParticipantQuery = ParticipantQuery | { readonly email: string; readonly name?: string };

/** Plain text, Inbox content, or a site template with its variables (`{ template: 'form-received', vars: { name } }`). */
export type WebMessage = MessageInput;

/** Applied for admins; checked but replaced by the template's defaults for members and visitors. */
export type WebSendOptions = Pick<SendOptions, 'visibility' | 'sendNotifications' | 'direction' | 'idempotencyKey'>;
